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

/** The other loops' safety-net poll, in lead polls: they wake at deadlines and behind the lead anyway. */
const HELPER_POLL_FACTOR = 4;

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
  /** The lead loop's wake-up (commits to the log, shutdown) and the other loops' (a full batch, shutdown). */
  private readonly leadWakers = new Set<() => void>();
  private readonly helperWakers = new Set<() => void>();
  /** One look for the next armed instant at a time, shared by the loops that ask meanwhile. */
  private nextLook: Promise<Date | null> | null = null;
  private policyVersion: string | null = null;

  constructor(
    private readonly clocks: ClocksService,
    private readonly policy: PolicyStore,
    @Inject(SLA_TIMER_OPTIONS) private readonly options: SlaTimerOptions,
  ) {}

  private unsubscribe: (() => void) | null = null;

  onApplicationBootstrap(): void {
    // A commit may arm a clock sooner than the lead sleeps; the other loops follow the lead when it
    // finds a full batch (more are due), or wake at the deadline they looked up themselves.
    this.unsubscribe = LogSignal.onAppended((schema) => {
      if (schema === schemaOf('sla-monitor')) for (const wake of this.leadWakers) wake();
    });
    this.running = Promise.all(Array.from({ length: this.options.workers }, (_, worker) => this.loop(worker === 0)));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const wake of [...this.leadWakers, ...this.helperWakers]) wake();
    await this.running;
  }

  private nextFireAt(): Promise<Date | null> {
    this.nextLook ??= this.clocks.nextFireAt().finally(() => (this.nextLook = null));
    return this.nextLook;
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
        if (lead && fired >= this.options.batchSize) for (const wake of this.helperWakers) wake();
      } catch (error) {
        this.logger.error(`firing due clocks failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      // A full batch means more may be due: go again at once. Otherwise wake at the next deadline, not a poll later.
      if (fired < this.options.batchSize && !this.stopped) {
        const pollMs = lead ? this.options.pollIntervalMs : this.options.pollIntervalMs * HELPER_POLL_FACTOR;
        const sleepMs = await this.nextFireAt()
          .then((next) => sleepBeforeNextLook(next, new Date(), pollMs))
          .catch(() => pollMs);
        const wakers = lead ? this.leadWakers : this.helperWakers;
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, sleepMs);
          wakers.add(wake);
        });
      }
    }
  }
}
