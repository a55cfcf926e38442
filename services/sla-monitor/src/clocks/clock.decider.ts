import { CommandRefused, type CalendarCoverageV1 } from '@mallcare/contracts';
import type { ClockPolicy, GroupPolicy } from '@mallcare/policy';
import type { SlaCaseFacts } from './clock-facts';
import { conditionHolds, deadlineOf, escalationDueAt, ladderOf, meetingEventTypes, metByEvent, noticeApplies, recipientsOf, startInstant, startsOnEvent } from './clock-rules';
import type { ObserveCaseEvent, ClockCommand } from './clock.commands';
import { CLOCK_STREAM_EVENTS, type ClockStreamEvent, type ClockView, type ClocksState, type ClockDecision, isOpen, initialState, shift, evolve } from './clock.state';

export * from './clock.commands';
export * from './clock.state';

/** Pausing or resuming found nothing it applies to (409). */
const noClockToChange = (message: string): CommandRefused => new CommandRefused('SLA_NO_CLOCK_TO_CHANGE', 'conflict', 'no-clock-to-change', message);

const coverageData = (coverage: { status: 'official' } | { status: 'weekday-fallback'; uncoveredYears: readonly number[] }): CalendarCoverageV1 =>
  coverage.status === 'official' ? { status: 'official' } : { status: 'weekday-fallback', uncoveredYears: [...coverage.uncoveredYears] };

const clockPolicyOf = (policy: GroupPolicy, kind: string): ClockPolicy | undefined => policy.clocks.find((clock) => clock.kind === kind);

/** Decisions applied one by one, so later rules see what earlier ones decided in the same command. */
class Decisions {
  readonly list: ClockDecision[] = [];
  constructor(public state: ClocksState) {}
  add(decision: ClockDecision): void {
    this.list.push(decision);
    this.state = evolve(this.state, decision as unknown as ClockStreamEvent);
  }
}

const recompute = (out: Decisions, facts: SlaCaseFacts, policy: GroupPolicy, now: Date): void => {
  for (const clock of out.state.clocks) {
    if (!isOpen(clock) || clock.policyVersion === policy.version) continue;
    const clockPolicy = clockPolicyOf(policy, clock.kind);
    if (!clockPolicy) continue;
    // A paused clock keeps its paused time out; the pause in progress is added when it resumes.
    const deadline = deadlineOf(clockPolicy, new Date(clock.startedAt), facts, policy, clock.pausedMs);
    out.add({
      type: 'SlaClockRecomputed',
      data: {
        clockId: clock.clockId,
        clockKind: clock.kind,
        previousDueAt: clock.dueAt,
        dueAt: deadline.dueAt.toISOString(),
        warnAt: deadline.warnAt.map((at) => at.toISOString()),
        previousPolicyVersion: clock.policyVersion,
        policyVersion: policy.version,
        calendarCoverage: coverageData(deadline.coverage),
        recomputedAt: now.toISOString(),
      },
      occurredAt: now.toISOString(),
    });
  }
};

const escalate = (out: Decisions, clock: ClockView, facts: SlaCaseFacts, policy: GroupPolicy, now: Date): void => {
  const clockPolicy = clockPolicyOf(policy, clock.kind);
  const ladder = ladderOf(clockPolicy, policy);
  for (let step = out.state.clocks.find((c) => c.clockId === clock.clockId)?.escalations ?? 0; step < ladder.length; step++) {
    const scheduledAt = escalationDueAt(clockPolicy, policy, facts.mallId, new Date(clock.dueAt), step);
    if (scheduledAt > now) return;
    const escalationKey = `${clock.clockId}:step-${step}`;
    if (out.state.escalationKeys.includes(escalationKey)) continue;
    const rung = ladder[step];
    const told = recipientsOf(policy, facts, rung);
    out.add({
      type: 'SlaEscalated',
      data: {
        escalationKey,
        reason: step === 0 ? 'breached' : 'still-breached',
        why:
          step === 0
            ? `${clock.kind} passed its deadline ${clock.dueAt} unmet`
            : `${clock.kind} still unmet ${Math.round((now.getTime() - Date.parse(clock.dueAt)) / 60_000)} min after its deadline ${clock.dueAt}`,
        rung: told.rung,
        ladderRung: rung,
        step,
        clockId: clock.clockId,
        clockKind: clock.kind,
        notified: told.notified,
        vacancies: told.vacancies,
        scheduledAt: scheduledAt.toISOString(),
        escalatedAt: now.toISOString(),
        policyVersion: policy.version,
      },
      occurredAt: now.toISOString(),
    });
  }
};

const fireDue = (out: Decisions, facts: SlaCaseFacts, policy: GroupPolicy, now: Date): void => {
  recompute(out, facts, policy, now);
  for (const clock of out.state.clocks) {
    const clockPolicy = clockPolicyOf(policy, clock.kind);
    const due = new Date(clock.dueAt);
    if (clockPolicy?.onDue === 'upgrade-to-major') {
      if (clock.status !== 'running' || now < due) continue;
      // DOMAIN §4: only a responsible case still open is upgraded; an unclassified one waits for its classification.
      const alreadyMajor = facts.severity === 'major' || facts.severity === 'critical';
      if (facts.responsibility !== 'responsible' || facts.resolved || alreadyMajor) continue;
      out.add({
        type: 'CaseUpgradeDue',
        data: {
          clockId: clock.clockId,
          toSeverity: policy.severity.unresolvedUpgrade.to,
          openSince: clock.startedAt,
          dueAt: clock.dueAt,
          reason: `responsible complaint still open at ${clock.dueAt} (${clockPolicy.target.amount} ${clockPolicy.target.unit} after ${clock.startedAt})`,
          policyVersion: policy.version,
        },
        occurredAt: now.toISOString(),
      });
      continue;
    }
    if (clock.status === 'running' || clock.status === 'warned') {
      if (now >= due) {
        out.add({
          type: 'SlaClockBreached',
          data: { clockId: clock.clockId, clockKind: clock.kind, dueAt: clock.dueAt, breachedAt: now.toISOString(), policyVersion: policy.version },
          occurredAt: now.toISOString(),
        });
      } else {
        const reached = clock.warnAt.filter((at) => Date.parse(at) <= now.getTime()).length;
        if (reached > clock.warned) {
          const warnPoint = Date.parse(clock.warnAt[reached - 1]);
          const started = Date.parse(clock.startedAt);
          const percent = Math.min(99, Math.max(1, Math.round(((warnPoint - started) / Math.max(1, due.getTime() - started)) * 100)));
          out.add({
            type: 'SlaClockWarned',
            data: {
              clockId: clock.clockId,
              clockKind: clock.kind,
              dueAt: clock.dueAt,
              warnedAt: now.toISOString(),
              percent,
              notified: recipientsOf(policy, facts, 'handler').notified,
              policyVersion: policy.version,
            },
            occurredAt: now.toISOString(),
          });
        }
      }
    }
    const current = out.state.clocks.find((candidate) => candidate.clockId === clock.clockId);
    if (current?.status === 'breached') escalate(out, current, facts, policy, now);
  }
};

const observe = (out: Decisions, command: ObserveCaseEvent): void => {
  const { eventType, at, facts, policy, now } = command.data;
  const atIso = at.toISOString();
  for (const clock of out.state.clocks) {
    if (!isOpen(clock)) continue;
    const clockPolicy = clockPolicyOf(policy, clock.kind);
    if (!clockPolicy || !metByEvent(clockPolicy, eventType, facts)) continue;
    out.add({
      type: 'SlaClockMet',
      data: { clockId: clock.clockId, clockKind: clock.kind, metAt: atIso, withinTarget: at.getTime() <= Date.parse(clock.dueAt) },
      occurredAt: atIso,
    });
  }
  for (const clockPolicy of policy.clocks) {
    const earlier = out.state.clocks.filter((clock) => clock.kind === clockPolicy.kind);
    const first = earlier.length === 0 && startsOnEvent(clockPolicy, eventType);
    // A reopened case or a second resolution starts the clock again, from that event, once the last instance closed.
    const again = earlier.length > 0 && (clockPolicy.restartsOn ?? []).includes(eventType) && !earlier.some(isOpen);
    if (!(first || again) || !conditionHolds(clockPolicy.when, facts)) continue;
    const startedAt = again ? at : startInstant(clockPolicy, at, facts);
    const deadline = deadlineOf(clockPolicy, startedAt, facts, policy);
    const clockId = `${clockPolicy.kind}#${earlier.length + 1}`;
    out.add({
      type: 'SlaClockStarted',
      data: {
        clockId,
        clockKind: clockPolicy.kind,
        startedAt: startedAt.toISOString(),
        dueAt: deadline.dueAt.toISOString(),
        targetMinutes: deadline.targetMinutes,
        policyVersion: policy.version,
        calendarCoverage: coverageData(deadline.coverage),
        warnAt: deadline.warnAt.map((instant) => instant.toISOString()),
        byCustomerDeadline: deadline.byCustomerDeadline,
      },
      occurredAt: atIso,
    });
    // Events of different services may arrive out of order: what the clock waits for may already have happened
    // (since the clock's start: a callback outcome of an earlier round does not meet the next round's clock).
    const alreadyMet = first
      ? meetingEventTypes(clockPolicy, facts)
          .map((type) => facts.seen[type])
          .find((seenAt) => seenAt !== undefined && seenAt !== atIso && Date.parse(seenAt) >= startedAt.getTime())
      : undefined;
    if (alreadyMet) {
      out.add({
        type: 'SlaClockMet',
        data: { clockId, clockKind: clockPolicy.kind, metAt: alreadyMet, withinTarget: Date.parse(alreadyMet) <= deadline.dueAt.getTime() },
        occurredAt: atIso,
      });
    }
  }
  for (const notice of policy.clockNotices ?? []) {
    const escalationKey = `notice:${notice.kind}`;
    if (!noticeApplies(notice, eventType, facts) || out.state.escalationKeys.includes(`${escalationKey}:0`)) continue;
    notice.tell.forEach((rung, step) => {
      const told = recipientsOf(policy, facts, rung);
      out.add({
        type: 'SlaEscalated',
        data: {
          escalationKey: `${escalationKey}:${step}`,
          reason: 'notice',
          why: notice.kind === 'media-risk' ? 'the case may reach the media: crisis PR' : `${notice.kind}: ${facts.collective ? 'collective' : (facts.severity ?? 'major')} case`,
          rung: told.rung,
          ladderRung: rung,
          step,
          notice: notice.kind,
          notified: told.notified,
          vacancies: told.vacancies,
          scheduledAt: atIso,
          escalatedAt: now.toISOString(),
          policyVersion: policy.version,
        },
        occurredAt: now.toISOString(),
      });
    });
  }
  fireDue(out, facts, policy, now);
};

export const decide = (command: ClockCommand, state: ClocksState): ClockDecision[] => {
  const out = new Decisions(state);
  switch (command.type) {
    case 'ObserveCaseEvent':
      observe(out, command);
      break;
    case 'FireDueClocks':
      fireDue(out, command.data.facts, command.data.policy, command.data.now);
      break;
    case 'PauseClocks': {
      const { reason, by, policy, now } = command.data;
      const pausable = state.clocks.filter((clock) => (clock.status === 'running' || clock.status === 'warned') && clockPolicyOf(policy, clock.kind)?.pausable !== false);
      if (pausable.length === 0) throw noClockToChange('no running clock of this case may be paused');
      for (const clock of pausable) {
        out.add({ type: 'SlaClockPaused', data: { clockId: clock.clockId, clockKind: clock.kind, reason, pausedAt: now.toISOString(), pausedBy: by }, occurredAt: now.toISOString() });
      }
      break;
    }
    case 'ResumeClocks': {
      const { by, now } = command.data;
      const paused = state.clocks.filter((clock) => clock.status === 'paused' && clock.pausedAt !== null);
      if (paused.length === 0) throw noClockToChange('no clock of this case is paused');
      for (const clock of paused) {
        const pausedMs = Math.max(0, now.getTime() - Date.parse(clock.pausedAt as string));
        out.add({
          type: 'SlaClockResumed',
          data: { clockId: clock.clockId, clockKind: clock.kind, resumedAt: now.toISOString(), pausedMs, previousDueAt: clock.dueAt, dueAt: shift(clock.dueAt, pausedMs), resumedBy: by },
          occurredAt: now.toISOString(),
        });
      }
      break;
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
  return out.list;
};

export const clockDecider = { initialState, streamEvents: CLOCK_STREAM_EVENTS, evolve, decide };

/** When the timer must next look at the case: a warning point, a deadline, the next rung; null when nothing is pending. */
export const nextFireAt = (state: ClocksState, facts: SlaCaseFacts, policy: GroupPolicy, now: Date): Date | null => {
  let next: number | null = null;
  const consider = (instant: number) => {
    if (next === null || instant < next) next = instant;
  };
  for (const clock of state.clocks) {
    const clockPolicy = clockPolicyOf(policy, clock.kind);
    const due = Date.parse(clock.dueAt);
    if (clockPolicy?.onDue === 'upgrade-to-major') {
      // Past due it waits for the classification (an event), not for the timer.
      if (clock.status === 'running' && !facts.resolved && due > now.getTime()) consider(due);
      continue;
    }
    if (clock.status === 'running' || clock.status === 'warned') {
      const warning = clock.warnAt.slice(clock.warned).map(Date.parse).find((at) => at < due);
      consider(warning ?? due);
    } else if (clock.status === 'breached' && clock.escalations < ladderOf(clockPolicy, policy).length) {
      consider(escalationDueAt(clockPolicy, policy, facts.mallId, new Date(clock.dueAt), clock.escalations).getTime());
    }
  }
  return next === null ? null : new Date(next);
};
