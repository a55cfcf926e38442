import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { schemaOf } from '@mallcare/contracts';
import { LogSignal } from '@mallcare/event-store';
import { PolicyStore } from '@mallcare/platform';
import { ClocksService } from '../clocks/clocks.service';

export const SLA_TIMER_OPTIONS = Symbol('SLA_TIMER_OPTIONS');

/** The shortest sleep between looks: rows due meanwhile are fired together, and loops finding only rows locked by others do not spin. */
export const MIN_TIMER_SLEEP_MS = 20;

/**
 * How long a loop sleeps after a batch that was not full: until the next armed instant, but at least
 * MIN_TIMER_SLEEP_MS and at most the poll interval (a row armed meanwhile by an event is found by then).
 */
export const sleepBeforeNextLook = (nextFireAt: Date | null, now: Date, pollIntervalMs: number): number =>
  nextFireAt === null ? pollIntervalMs : Math.min(pollIntervalMs, Math.max(MIN_TIMER_SLEEP_MS, nextFireAt.getTime() - now.getTime()));

export interface SlaTimerOptions {
  /**
   * The longest sleep between looks (SLA_TIMER_POLL_MS, default 2 s). A loop sleeps until the next armed
   * instant and is woken by every commit to sla-monitor's log (a clock armed or moved comes with its
   * event, in this process or another), so deadlines fire on time; the interval is the safety net.
   */
  pollIntervalMs: number;
  /** Cases claimed per transaction. */
  batchSize: number;
  /** Loops claiming at once (SLA_TIMER_WORKERS): SKIP LOCKED keeps them off each other's rows. */
  workers: number;
}

/**
 * The loop that fires due clocks. Nothing lives only in memory: the next instant of every case is a
 * row, so a restart picks up where the last process stopped and a crash mid-fire rolls back whole.
 */
@Injectable()
export class ClockTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ClockTimer');
  private stopped = false;
  private running: Promise<void[]> | null = null;
  private readonly wakers = new Set<() => void>();
  private policyVersion: string | null = null;

  constructor(
    private readonly clocks: ClocksService,
    private readonly policy: PolicyStore,
    @Inject(SLA_TIMER_OPTIONS) private readonly options: SlaTimerOptions,
  ) {}

  private unsubscribe: (() => void) | null = null;

  onApplicationBootstrap(): void {
    this.unsubscribe = LogSignal.onAppended((schema) => {
      if (schema === schemaOf('sla-monitor')) for (const wake of this.wakers) wake();
    });
    this.running = Promise.all(Array.from({ length: this.options.workers }, (_, worker) => this.loop(worker === 0)));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const wake of this.wakers) wake();
    await this.running;
  }

  /** The lead loop also watches the policy version (notifications are sent by the delivery loop, src/delivery). */
  private async loop(lead: boolean): Promise<void> {
    while (!this.stopped) {
      let fired = 0;
      try {
        if (lead) {
          const version = this.policy.current().version;
          if (version !== this.policyVersion) {
            await this.clocks.wakeClocksOfOtherPolicies(version);
            this.policyVersion = version;
          }
        }
        fired = await this.clocks.fireDue(this.options.batchSize);
      } catch (error) {
        this.logger.error(`firing due clocks failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      // A full batch means more may be due: go again at once. Otherwise wake at the next deadline, not a poll later.
      if (fired < this.options.batchSize && !this.stopped) {
        const sleepMs = await this.clocks
          .nextFireAt()
          .then((next) => sleepBeforeNextLook(next, new Date(), this.options.pollIntervalMs))
          .catch(() => this.options.pollIntervalMs);
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, sleepMs);
          this.wakers.add(wake);
        });
      }
    }
  }
}
