import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { evolveQueueClocks, nearestDeadlineOf, type SlaClockEvent } from './case-clocks';
import { WorkQueueRepository } from './work-queue.repository';

/**
 * Keeps each case's clocks as sla-monitor holds them (routing.case_clocks), in the consumer's inbox
 * transaction: a row per case, created by the first clock event (which may come before routing opened the case).
 */
@Injectable()
export class CaseClocksProjection {
  constructor(private readonly queue: WorkQueueRepository) {}

  async apply(manager: EntityManager, event: SlaClockEvent): Promise<void> {
    const { complaintId, mallId } = event.metadata;
    const clocks = evolveQueueClocks(await this.queue.lockClocks(manager, complaintId, mallId), event);
    await this.queue.saveClocks(manager, complaintId, clocks, nearestDeadlineOf(clocks));
  }
}
