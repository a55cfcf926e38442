import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EVENT_BUS, type EventBus } from '@mallcare/messaging';
import { ServiceLifecycle } from '../bootstrap/graceful-shutdown';
import { Public } from '../identity/identity.decorators';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly lifecycle: ServiceLifecycle,
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: not shutting down, and the database and the transport answer. */
  @Get(['ready', ''])
  @HealthCheck()
  ready() {
    const accepting = () => {
      const indicator = this.indicators.check('accepting');
      return this.lifecycle.draining ? indicator.down({ message: 'shutting down' }) : indicator.up();
    };
    // Shutting down: say so at once, without waiting on the database or the broker.
    if (this.lifecycle.draining) return this.health.check([accepting]);
    return this.health.check([
      accepting,
      () => this.database.pingCheck('database', { timeout: 2_000 }),
      async () => {
        const indicator = this.indicators.check(`transport:${this.bus.kind}`);
        try {
          await this.bus.check();
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: error instanceof Error ? error.message : String(error) });
        }
      },
    ]);
  }
}
