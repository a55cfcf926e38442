import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Clock, PolicyStore } from '@mallcare/platform';
import { MonthlyPackRunner, SCHEDULE_ACTOR } from './monthly-pack.runner';
import { packMonthDue } from './pack-schedule';

/** Every hour at :30; acts only on the 1st of the month in the group's time zone (see packMonthDue). */
@Injectable()
export class MonthlyPackSchedule {
  private readonly logger = new Logger(MonthlyPackSchedule.name);

  constructor(
    private readonly runner: MonthlyPackRunner,
    private readonly policies: PolicyStore,
    private readonly clock: Clock,
  ) {}

  @Cron('0 30 * * * *', { name: 'analytics-monthly-pack', waitForCompletion: true })
  async tick(): Promise<void> {
    await this.tickAt(this.clock.now());
  }

  async tickAt(now: Date): Promise<void> {
    const month = packMonthDue(now, this.policies.current().timeZone);
    if (month === null) return;
    try {
      await this.runner.run(month, 'schedule', SCHEDULE_ACTOR);
    } catch (error) {
      this.logger.error(`monthly packs of ${month} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
