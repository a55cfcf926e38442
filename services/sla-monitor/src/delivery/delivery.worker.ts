import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { schemaOf } from '@mallcare/contracts';
import { LogSignal } from '@mallcare/event-store';
import { NOTIFICATION_SETTINGS, type DeliveryLoopSettings, type NotificationSettings } from '../notifications/notification.settings';
import { DeliveryService } from './delivery.service';

/**
 * One delivery loop: claims a batch, sends it, and goes again at once while batches come back full.
 * Between batches it sleeps the poll interval, or until sla-monitor's log takes a commit (a decided
 * notification is written with the clock event that decided it), whichever comes first.
 */
export class DeliveryWorker {
  private readonly logger = new Logger('NotificationDelivery');
  private stopped = true;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A commit came while a batch was in hand: what it decided may have missed that batch's claim, so claim again before sleeping. */
  private woken = false;

  constructor(
    private readonly delivery: DeliveryService,
    private readonly options: Omit<DeliveryLoopSettings, 'enabled'>,
  ) {}

  private unsubscribe: (() => void) | null = null;

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = LogSignal.onAppended((schema) => {
      if (schema !== schemaOf('sla-monitor')) return;
      if (this.wake) this.wake();
      else this.woken = true;
    });
    this.running = this.loop();
  }

  /** Stops claiming and waits for the batch in hand to be sent and recorded, so a restart repeats nothing. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let claimed = 0;
      this.woken = false;
      try {
        claimed = await this.delivery.deliverBatch(this.options.workerId, this.options.batchSize);
      } catch (error) {
        this.logger.error(`delivering notifications failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (claimed < this.options.batchSize && !this.stopped && !this.woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.wake = null;
            resolve();
          }, this.options.pollIntervalMs);
          this.wake = () => {
            clearTimeout(timer);
            this.wake = null;
            resolve();
          };
        });
      }
    }
  }
}

/** The service's delivery loop (NOTIFY_DELIVERY_ENABLED=false leaves delivery to other instances). */
@Injectable()
export class DeliveryLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker: DeliveryWorker;

  constructor(
    delivery: DeliveryService,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {
    this.worker = new DeliveryWorker(delivery, settings.delivery);
  }

  onApplicationBootstrap(): void {
    if (this.settings.delivery.enabled) this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.stop();
  }
}
