import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ComplaintEvent, ComplaintRegistered } from '@mallcare/contracts';
import { LogSignal, PostgresEventStore } from '@mallcare/event-store';
import { DEFAULT_GROUP_POLICY } from '@mallcare/policy';
import { DataSource } from 'typeorm';
import { allocateCaseNumber } from './case-numbers';
import { decide, initialState, IntakeRuleViolation } from './complaint.decider';
import { IntakeException, IntakeExceptionCode } from './intake.exception';
import type { RegisterComplaintDto } from './register-complaint.dto';

export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;

@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}

  async register(dto: RegisterComplaintDto, now = new Date()): Promise<{ id: string; caseNumber: string }> {
    const id = randomUUID();
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : now;
    const policy = DEFAULT_GROUP_POLICY;
    const result = await this.dataSource.transaction(async (manager) => {
      const caseNumber = await allocateCaseNumber(manager, dto.mallId, receivedAt, policy.timeZone);
      const events = this.decideOrThrow(() =>
        decide(
          {
            type: 'RegisterComplaint',
            data: {
              caseNumber,
              channel: dto.channel,
              kind: dto.kind,
              category: dto.category,
              complainantType: dto.complainantType,
              description: dto.description,
              receivedAt,
              now,
            },
          },
          initialState(),
        ),
      );
      await this.store.append(
        complaintStreamId(id),
        events,
        {
          complaintId: id,
          mallId: dto.mallId,
          actor: { type: 'staff', id: dto.recordedBy ?? 'front-desk' },
          correlationId: id,
          causationId: null,
        },
        0,
        manager,
      );
      return { id, caseNumber };
    });
    LogSignal.appended(this.store.schema);
    return result;
  }

  async registration(complaintId: string): Promise<ComplaintRegistered> {
    const { events } = await this.store.readStream(complaintStreamId(complaintId));
    const registered = events.find((event): event is ComplaintRegistered => event.type === 'ComplaintRegistered');
    if (!registered) throw new IntakeException(IntakeExceptionCode.ComplaintNotFound, `no complaint ${complaintId}`);
    return registered;
  }

  ownEvents(complaintId: string): Promise<ComplaintEvent[]> {
    return this.store.readComplaint(complaintId);
  }

  private decideOrThrow<T>(decision: () => T): T {
    try {
      return decision();
    } catch (error) {
      if (error instanceof IntakeRuleViolation) {
        throw new IntakeException(
          error.rule === 'received-in-future' ? IntakeExceptionCode.ReceivedInFuture : IntakeExceptionCode.AlreadyRegistered,
          error.message,
        );
      }
      throw error;
    }
  }
}
