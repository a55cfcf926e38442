import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintEvent, ComplaintRegistered } from '@mallcare/contracts';
import { handleCommand, PostgresEventStore, type AppendContext } from '@mallcare/event-store';
import { DEFAULT_GROUP_POLICY } from '@mallcare/policy';
import type { EntityManager } from 'typeorm';
import { caseDecider, CaseInWrongState, type CaseCommand, type CaseState } from './case.decider';
import { RoutingException, RoutingExceptionCode } from './routing.exception';
import type { ResolveCaseDto } from './resolve-case.dto';

export const caseStreamId = (complaintId: string): string => `case-${complaintId}`;

@Injectable()
export class CasesService {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  /** A registered complaint is routed by the mall's policy, inside the consumer's transaction. */
  async route(registered: ComplaintRegistered, manager: EntityManager): Promise<void> {
    const { metadata } = registered;
    await this.run(
      { type: 'RouteCase', data: { category: registered.data.category, complainantType: registered.data.complainantType, policy: DEFAULT_GROUP_POLICY } },
      { complaintId: metadata.complaintId, mallId: metadata.mallId, actor: { type: 'system', id: 'routing' }, correlationId: metadata.correlationId, causationId: metadata.eventId },
      manager,
    );
  }

  async resolve(complaintId: string, dto: ResolveCaseDto): Promise<ComplaintEvent[]> {
    const current = await this.load(complaintId);
    return this.run(
      { type: 'ResolveCase', data: { actionTaken: dto.actionTaken, customerToldWhat: dto.customerToldWhat } },
      {
        complaintId,
        mallId: current.mallId,
        actor: { type: 'staff', id: dto.resolvedBy ?? 'handler' },
        correlationId: complaintId,
        causationId: current.lastEventId,
      },
    );
  }

  async load(complaintId: string): Promise<CaseState & { complaintId: string; mallId: string; lastEventId: string }> {
    const { events } = await this.store.readStream(caseStreamId(complaintId));
    if (events.length === 0) throw new RoutingException(RoutingExceptionCode.CaseNotFound, `no case for complaint ${complaintId}`);
    const last = events[events.length - 1];
    return { complaintId, mallId: last.metadata.mallId, lastEventId: last.metadata.eventId, ...events.reduce(caseDecider.evolve, caseDecider.initialState()) };
  }

  private async run(command: CaseCommand, context: AppendContext, manager?: EntityManager): Promise<ComplaintEvent[]> {
    try {
      return await handleCommand(this.store, caseStreamId(context.complaintId), caseDecider, command, context, manager);
    } catch (error) {
      if (error instanceof CaseInWrongState) throw new RoutingException(RoutingExceptionCode.CaseInWrongState, error.message);
      throw error;
    }
  }
}
