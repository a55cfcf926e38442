import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintEvent } from '@mallcare/contracts';
import { handleCommand, PostgresEventStore } from '@mallcare/event-store';
import { FailureKind, MallcareException } from '@mallcare/platform';
import { DEFAULT_GROUP_POLICY } from '@mallcare/policy';
import type { EntityManager } from 'typeorm';
import { clockDecider, type ClocksState } from './clock.decider';

export const clocksStreamId = (complaintId: string): string => `sla-${complaintId}`;

export enum SlaExceptionCode {
  NoClocks = 'SLA_NO_CLOCKS',
}

export class SlaException extends MallcareException {
  constructor(code: SlaExceptionCode, message: string) {
    super(code, FailureKind.NotFound, message);
  }
}

@Injectable()
export class ClocksService {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  /** Clocks start at `receivedAt` (the event's occurredAt), and are met when the awaited event occurred. */
  async observe(event: ComplaintEvent, manager: EntityManager): Promise<void> {
    const { metadata } = event;
    await handleCommand(
      this.store,
      clocksStreamId(metadata.complaintId),
      clockDecider,
      { type: 'ObserveCaseEvent', data: { eventType: event.type, at: new Date(metadata.occurredAt), policy: DEFAULT_GROUP_POLICY } },
      { complaintId: metadata.complaintId, mallId: metadata.mallId, actor: { type: 'system', id: 'sla-monitor' }, correlationId: metadata.correlationId, causationId: metadata.eventId },
      manager,
    );
  }

  async clocks(complaintId: string): Promise<ClocksState & { complaintId: string }> {
    const { events } = await this.store.readStream(clocksStreamId(complaintId));
    if (events.length === 0) throw new SlaException(SlaExceptionCode.NoClocks, `no clocks for complaint ${complaintId}`);
    return { complaintId, ...events.reduce(clockDecider.evolve, clockDecider.initialState()) };
  }
}
