import type { ComplaintEvent } from '@mallcare/contracts';
import type { GroupPolicy } from '@mallcare/policy';
import type { EntityManager } from 'typeorm';
import { evolveCasePath } from '../figures/case-path.fold';
import { casePathRow, storedState } from './case-path-row';
import { lockCasePathState, writeCasePath } from './case-paths.repository';

/**
 * Read-evolve-write of one case path in the handler's transaction: the row is locked first (created
 * empty if new) so two sources' events for one case queue up instead of losing an update.
 */
export const applyToCasePath = async (manager: EntityManager, event: ComplaintEvent, policy: GroupPolicy): Promise<void> => {
  const { complaintId, mallId } = event.metadata;
  const previous = storedState(await lockCasePathState(manager, complaintId, mallId));
  const next = evolveCasePath(previous, event);
  if (next === previous) return;
  const { values, record } = casePathRow(complaintId, next, policy);
  await writeCasePath(manager, values, record);
};
