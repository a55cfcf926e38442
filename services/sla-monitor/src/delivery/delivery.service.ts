import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@mallcare/platform';
import { backoffSeconds, notificationPolicyOf, type GroupPolicy } from '@mallcare/policy';
import { renderMessage } from '../notifications/notification-message';
import { NotificationPolicySource } from '../notifications/notification-policy.source';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../notifications/notification.settings';
import { withoutContacts } from '../notifications/staff-contacts.repository';
import { DELIVERY_CHANNELS, DeliveryChannel, DeliveryFailure, type Accepted } from './delivery-channel';
import { DeliveryMetrics } from './delivery.metrics';
import { DeliveryRepository, type ClaimedRow } from './delivery.repository';

type Outcome = { accepted: Accepted } | { failure: DeliveryFailure };

/**
 * Sends what the outbox planned. A worker claims due rows (FOR UPDATE SKIP LOCKED: two workers never
 * take the same row) and holds them by a lease written in the claim's own short transaction, so the
 * sending happens outside any transaction; each outcome is recorded only by the claim that holds the
 * row. A worker that dies leaves its rows to be taken over when the lease ends; one that is stopped
 * finishes what it holds first.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('NotificationDelivery');
  private readonly channels: Map<string, DeliveryChannel>;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly policy: NotificationPolicySource,
    @Inject(DELIVERY_CHANNELS) channels: DeliveryChannel[],
    private readonly metrics: DeliveryMetrics,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: Pick<NotificationSettings, 'consoleBaseUrl'>,
    private readonly clock: Clock,
  ) {
    this.channels = new Map(channels.map((channel) => [channel.channel, channel]));
  }

  /** Claims up to `limit` due rows for `workerId`, sends them together, records each outcome. Returns how many it claimed. */
  async deliverBatch(workerId: string, limit: number): Promise<number> {
    const policy = this.policy.current();
    const delivery = notificationPolicyOf(policy).delivery;
    const claimId = randomUUID();
    const rows = await this.deliveries.claim(workerId, claimId, limit, delivery.leaseSeconds);
    await Promise.all(
      rows.map(async (row) => {
        const startedAt = this.clock.now();
        const outcome = await this.sendOne(row, policy, delivery.timeoutSeconds * 1000);
        const answeredAt = this.clock.now().getTime();
        await this.record(row, claimId, workerId, startedAt, outcome, policy, answeredAt);
      }),
    );
    return rows.length;
  }

  private async sendOne(row: ClaimedRow, policy: GroupPolicy, timeoutMs: number): Promise<Outcome> {
    try {
      const channel = this.channels.get(row.channel);
      if (!channel) throw new DeliveryFailure(`channel ${row.channel} is not available in this service`, true);
      const mall = policy.malls.find((candidate) => candidate.id === row.mall_id);
      const message = renderMessage({
        kind: row.kind,
        rung: row.rung,
        complaintId: row.complaint_id,
        caseNumber: row.case_number,
        mallName: mall?.name ?? row.mall_id,
        timeZone: mall?.timeZone ?? policy.timeZone,
        consoleBaseUrl: this.settings.consoleBaseUrl,
        about: row.payload,
      });
      const target = {
        deliveryId: row.id,
        deliveryKey: row.delivery_key,
        complaintId: row.complaint_id,
        caseNumber: row.case_number,
        kind: row.kind,
        rung: row.rung,
        staffId: row.staff_id,
        robotId: row.robot_id,
        dueAt: row.payload.dueAt ?? null,
      };
      return { accepted: await channel.send(target, message, timeoutMs) };
    } catch (error) {
      return { failure: error instanceof DeliveryFailure ? error : new DeliveryFailure(error instanceof Error ? error.message : String(error), false) };
    }
  }

  /** Records the try; the latency metric counts to `answeredAt`, when the channel took it, not to this record's commit. */
  private async record(row: ClaimedRow, claimId: string, workerId: string, startedAt: Date, outcome: Outcome, policy: GroupPolicy, answeredAt: number): Promise<void> {
    const delivery = notificationPolicyOf(policy).delivery;
    const failure = 'failure' in outcome ? outcome.failure : null;
    const givingUp = failure !== null && (failure.permanent || row.attempts >= delivery.maxAttempts);
    const error = failure ? withoutContacts(failure.message).slice(0, 1000) : null;
    const status = failure === null ? 'sent' : givingUp ? 'failed' : 'pending';
    const recorded = await this.deliveries.record(row, claimId, {
      status,
      error,
      backoffSeconds: backoffSeconds(delivery, row.attempts),
      workerId,
      startedAt,
      outcome: failure ? 'failed' : 'accepted',
      providerReference: 'accepted' in outcome ? outcome.accepted.reference : null,
    });
    if (!recorded) {
      this.logger.warn(`delivery ${row.id} (${row.channel}) was taken over after its lease ended; this worker's outcome is not recorded`);
      return;
    }
    if (failure === null) {
      this.metrics.sent.inc({ channel: row.channel, rung: row.rung });
      this.metrics.latency.observe({ channel: row.channel }, Math.max(0, answeredAt - new Date(row.decided_at).getTime()) / 1000);
      return;
    }
    this.metrics.attemptsFailed.inc({ channel: row.channel });
    if (givingUp) {
      this.metrics.failed.inc({ channel: row.channel, rung: row.rung });
      this.logger.error(`gave up on delivery ${row.id} (${row.channel}, ${row.kind}, try ${row.attempts}): ${error}`);
    } else {
      this.logger.warn(`delivery ${row.id} (${row.channel}) try ${row.attempts} failed, retrying: ${error}`);
    }
  }
}
