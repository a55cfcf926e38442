import { Inject, Injectable } from '@nestjs/common';
import { HQ_MALL_ID, ORGANISATION_STREAM_KEY, type GroupPolicyChanged } from '@mallcare/contracts';
import { handleCommand, PostgresEventStore } from '@mallcare/event-store';
import { PolicyStore } from '@mallcare/platform';
import { SAMPLE_GROUP_POLICY, type GroupPolicy, type Identity } from '@mallcare/policy';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { policyChangeDecider, type PolicyChange } from './policy-change.decider';
import { policyDiff } from './policy-diff';
import type { PolicyHistoryEntryDto, PolicyHistoryPageDto } from './policy-history.dto';
import type { StaffDirectoryEntryDto } from './staff-directory.dto';

/** Routing's one stream of organisation changes: its positions make concurrent admin changes conflict. */
export const POLICY_STREAM_ID = 'organisation-policy';

export interface PolicyChangeResult {
  changed: boolean;
  version: string;
  revision: number;
  effectiveFrom: string;
  previousVersion: string;
  summary: string | null;
}

@Injectable()
export class AdminService {
  private readonly decider = policyChangeDecider(SAMPLE_GROUP_POLICY);

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    private readonly policy: PolicyStore,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
  ) {}

  /** Decides the change on the latest version in the log, appends GroupPolicyChanged, and knows it at once. */
  async change(change: PolicyChange, by: Identity, effectiveFrom?: string): Promise<PolicyChangeResult> {
    const previous = this.policy.latest();
    const mallId = 'mallId' in change ? change.mallId : change.kind === 'staff-member' ? (change.member.mallId ?? HQ_MALL_ID) : HQ_MALL_ID;
    const { events } = await handleCommand(this.store, {
      streamId: POLICY_STREAM_ID,
      decider: this.decider,
      command: { type: 'ChangePolicy', data: { change, by, at: new Date().toISOString(), effectiveFrom } },
      context: { complaintId: ORGANISATION_STREAM_KEY, mallId, actor: { type: 'staff', id: by.staffId }, correlationId: ORGANISATION_STREAM_KEY, causationId: null },
      retry: { retries: 2 },
    });
    const changed = events.find((event): event is GroupPolicyChanged => event.type === 'GroupPolicyChanged');
    if (!changed) {
      return { changed: false, version: previous.version, revision: previous.revision, effectiveFrom: previous.effectiveFrom, previousVersion: previous.version, summary: null };
    }
    // Routing's own consumer records it too (idempotent); this makes the API read its own write.
    await this.policy.record(changed, this.dataSource.manager);
    return {
      changed: true,
      version: changed.data.version,
      revision: changed.data.revision,
      effectiveFrom: changed.data.effectiveFrom,
      previousVersion: changed.data.previousVersion,
      summary: changed.data.change.summary,
    };
  }

  /**
   * Who is who, to name the people a case's log mentions: a mall's staff see their mall's staff and
   * HQ's (who may act on any case), HQ everyone; former staff too, since the log still names them.
   */
  directory(identity: Identity): { items: StaffDirectoryEntryDto[] } {
    const staff = this.policy.current().staff.filter((member) => identity.mallId === null || member.mallId === null || member.mallId === identity.mallId);
    return { items: staff.map((member) => ({ staffId: member.id, name: member.name, mallId: member.mallId, departmentId: member.departmentId, active: member.active })) };
  }

  /** The policy as a caller may see it: HQ all of it, a mall's staff their own mall and its staff. */
  viewFor(identity: Identity, at?: string): GroupPolicy {
    const policy = at ? this.policy.at(at) : this.policy.current();
    if (identity.mallId === null) return policy;
    return {
      ...policy,
      malls: policy.malls.filter((mall) => mall.id === identity.mallId),
      staff: policy.staff.filter((member) => member.mallId === identity.mallId),
    };
  }

  versions(limit: number, offset: number): { total: number; items: { version: string; revision: number; effectiveFrom: string }[] } {
    const all = this.policy.versions().reverse();
    return {
      total: all.length,
      items: all.slice(offset, offset + limit).map(({ version, revision, effectiveFrom }) => ({ version, revision, effectiveFrom })),
    };
  }

  /**
   * Every GroupPolicyChanged, newest first: who, when, from when, what, and its differences from the
   * version before. HQ reads every change; a mall's GM the changes of their own mall and its staff.
   */
  async history(identity: Identity, limit: number, offset: number): Promise<PolicyHistoryPageDto> {
    const { events } = await this.store.readStream(POLICY_STREAM_ID);
    const changes = events.filter((event): event is GroupPolicyChanged => event.type === 'GroupPolicyChanged');
    const byVersion = new Map<string, unknown>([[SAMPLE_GROUP_POLICY.version, SAMPLE_GROUP_POLICY], ...this.policy.versions().map((policy) => [policy.version, policy] as const)]);
    for (const change of changes) byVersion.set(change.data.version, change.data.policy);
    const visible = changes
      .filter((change) => identity.mallId === null || change.data.change.mallId === identity.mallId)
      .reverse();
    const items = visible.slice(offset, offset + limit).map(
      ({ data, metadata }): PolicyHistoryEntryDto => ({
        version: data.version,
        revision: data.revision,
        previousVersion: data.previousVersion,
        effectiveFrom: data.effectiveFrom,
        changedAt: metadata.recordedAt,
        changedBy: data.changedBy,
        kind: data.change.kind,
        mallId: data.change.mallId ?? null,
        staffId: data.change.staffId ?? null,
        summary: data.change.summary,
        differences: policyDiff(byVersion.get(data.previousVersion) ?? null, data.policy),
      }),
    );
    return { items, total: visible.length, limit, offset };
  }
}
