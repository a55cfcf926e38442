import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { schemaOf, type GroupPolicyChanged } from '@mallcare/contracts';
import { PermanentHandlerError } from '@mallcare/messaging';
import { latestRevision, policyAt, SAMPLE_GROUP_POLICY, validateGroupPolicy, type GroupPolicy } from '@mallcare/policy';
import { ChangeSignal } from '@mallcare/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { POLICY_RECORDED_CHANNEL } from './policy-versions.migration';

/**
 * Versions another instance of the same service consumed are taken when its commit notifies
 * (POLICY_RECORDED_CHANNEL); this poll is only the safety net for a notification lost while the
 * listening connection was down (it is re-read on reconnect too).
 */
const SAFETY_POLL_MS = 60_000;

/**
 * The policy as this service knows it: the seed, superseded by every GroupPolicyChanged it consumed.
 * `current()` for decisions now, `at(instant)` for what applied when something happened. Deciders
 * record `policy.version` on the events they decide.
 */
@Injectable()
export class PolicyStore implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PolicyStore');
  private readonly byRevision = new Map<number, GroupPolicy>([[SAMPLE_GROUP_POLICY.revision, SAMPLE_GROUP_POLICY]]);
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly schema: string;
  private readonly table: string;
  /** The refresh in flight, and whether another was asked for meanwhile (it may have missed that commit). */
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;

  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.schema = schemaOf(config.service);
    this.table = `${this.schema}.policy_versions`;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.unsubscribe = ChangeSignal.onChanged(POLICY_RECORDED_CHANNEL, (schema) => {
      if (schema === null || schema === this.schema) this.refreshInBackground();
    });
    this.timer = setInterval(() => this.refreshInBackground(), SAFETY_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  private refreshInBackground(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = this.refresh()
      .catch((error: unknown) => this.logger.warn(`could not refresh policy versions: ${String(error)}`))
      .finally(() => {
        this.refreshing = null;
        if (this.refreshAgain) {
          this.refreshAgain = false;
          this.refreshInBackground();
        }
      });
  }

  current(now: Date = new Date()): GroupPolicy {
    return policyAt([...this.byRevision.values()], now);
  }

  at(instant: Date | string): GroupPolicy {
    return policyAt([...this.byRevision.values()], instant);
  }

  /** The newest version known, even if it is not in force yet. */
  latest(): GroupPolicy {
    return latestRevision([...this.byRevision.values()]);
  }

  versions(): GroupPolicy[] {
    return [...this.byRevision.values()].sort((a, b) => a.revision - b.revision);
  }

  /** Keeps a consumed version in the handler's transaction; a policy that doesn't hold together is dead-lettered. */
  async record(event: GroupPolicyChanged, manager: EntityManager): Promise<void> {
    const policy = event.data.policy as unknown as GroupPolicy;
    const problems = validateGroupPolicy(policy);
    if (problems.length > 0 || policy.revision !== event.data.revision || policy.version !== event.data.version) {
      throw new PermanentHandlerError(
        `GroupPolicyChanged ${event.data.version} carries an unusable policy: ${problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; ') || 'revision/version differ from the event'}`,
      );
    }
    await manager.query(
      `INSERT INTO ${this.table} (revision, version, effective_from, policy, event_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (revision) DO NOTHING`,
      [policy.revision, policy.version, policy.effectiveFrom, JSON.stringify(policy), event.metadata.eventId],
    );
    this.remember(policy);
  }

  /** Versions written by this service's other instances (or before a restart). */
  async refresh(): Promise<void> {
    const known = Math.max(...this.byRevision.keys());
    const rows: { policy: GroupPolicy }[] = await this.dataSource.query(
      `SELECT policy FROM ${this.table} WHERE revision > $1 ORDER BY revision`,
      [known],
    );
    for (const row of rows) this.remember(row.policy);
  }

  private remember(policy: GroupPolicy): void {
    if (!this.byRevision.has(policy.revision)) {
      this.byRevision.set(policy.revision, policy);
      this.logger.log(`policy ${policy.version} known, in force from ${policy.effectiveFrom}`);
    }
  }
}
