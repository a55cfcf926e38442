import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintEvent } from '@mallcare/contracts';
import { handleCommand, inCommandTransaction, PostgresEventStore } from '@mallcare/event-store';
import { assertMallAccess, type Identity } from '@mallcare/platform';
import type { EntityManager } from 'typeorm';
import { CallbackException } from '../callback.exception';
import type { DrawSampleDto, RecordSampleCallbackDto, SampleQueryDto } from './hq-samples.dto';
import { drawSample, hqSampleDecider, type HqSampleCommand } from './hq-sample.decider';
import { HqSamplesRepository } from './hq-samples.repository';

export const hqSampleStreamId = (complaintId: string): string => `hq-sample-${complaintId}`;

export interface SampledCase {
  sampleId: string;
  complaintId: string;
  mallId: string;
  caseNumber: string | null;
  severity: string;
  drawnBy: string;
  drawnAt: string;
  result: { method: string; reached: boolean; satisfaction: string | null; solved: boolean | null; comment: string | null; recordedBy: string; recordedAt: string } | null;
}

/** HQ operations' sample callbacks of major and critical cases (DOMAIN §8): own streams, own table, own results. */
@Injectable()
export class HqSamplesService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    private readonly samples: HqSamplesRepository,
  ) {}

  /** Draws up to `size` of the mall's resolved major/critical cases not sampled before, uniformly at random. */
  async draw(identity: Identity, dto: DrawSampleDto): Promise<{ sampleId: string; mallId: string; eligible: number; cases: SampledCase[] }> {
    assertMallAccess(identity, dto.mallId);
    const sampleId = randomUUID();
    const { cases, eligible } = await inCommandTransaction(this.store, async (manager) => {
      await this.samples.lockMall(manager, dto.mallId);
      const eligible = await this.samples.eligible(manager, dto.mallId);
      if (eligible.length === 0) throw new CallbackException('CALLBACK_NOTHING_TO_SAMPLE', `${dto.mallId} has no resolved major or critical case that HQ has not sampled yet`);
      const picked = drawSample(eligible, dto.size, (n) => randomInt(n));
      for (const { complaint_id: complaintId, severity } of picked) {
        const events = await this.decide(manager, complaintId, dto.mallId, identity, {
          type: 'DrawIntoSample',
          data: { sampleId, severity, sampleSize: picked.length, eligible: eligible.length },
        });
        await this.samples.add(manager, { sampleId, complaintId, mallId: dto.mallId, severity, drawnBy: identity.staffId, drawnAt: events[0].metadata.occurredAt });
      }
      return { cases: await this.samples.ofSample(manager, sampleId), eligible: eligible.length };
    });
    return { sampleId, mallId: dto.mallId, eligible, cases };
  }

  async record(identity: Identity, sampleId: string, complaintId: string, dto: RecordSampleCallbackDto): Promise<SampledCase> {
    const sampled = await inCommandTransaction(this.store, async (manager) => {
      const [row] = await this.samples.sampled(manager, sampleId, complaintId);
      if (!row) throw new CallbackException('CALLBACK_NOT_FOUND', `complaint ${complaintId} is not in sample ${sampleId}`);
      const { mallId } = row;
      assertMallAccess(identity, mallId);
      await this.decide(manager, complaintId, mallId, identity, { type: 'RecordSampleCallback', data: { sampleId, ...dto } });
      await this.samples.recordResult(manager, sampleId, complaintId, {
        method: dto.method,
        reached: dto.reached,
        satisfaction: dto.reached ? (dto.satisfaction ?? null) : null,
        solved: dto.reached ? (dto.solved ?? null) : null,
        comment: dto.comment ?? null,
        recordedBy: identity.staffId,
      });
      const [updated] = await this.samples.sampled(manager, sampleId, complaintId);
      return updated;
    });
    return sampled;
  }

  async list(identity: Identity, query: SampleQueryDto): Promise<{ items: SampledCase[]; total: number; nextOffset: number | null }> {
    if (query.mallId) assertMallAccess(identity, query.mallId);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { items, total } = await this.samples.list(query.mallId ?? null, limit, offset);
    return { items, total, nextOffset: offset + items.length < total ? offset + items.length : null };
  }

  private async decide(manager: EntityManager, complaintId: string, mallId: string, identity: Identity, command: HqSampleCommand): Promise<ComplaintEvent[]> {
    const { events } = await handleCommand(this.store, {
      streamId: hqSampleStreamId(complaintId),
      decider: hqSampleDecider,
      command,
      context: { complaintId, mallId, actor: { type: 'staff', id: identity.staffId }, correlationId: complaintId, causationId: null },
      manager,
    });
    return events;
  }
}
