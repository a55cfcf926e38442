import type { TFunction } from 'i18next';
import type { TimelineEntry } from '../api/views';
import { formatTime } from '../common/time';
import { idAsName, type NameOf } from './staff-names';

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** Who acted: the staff member by name (their id when the directory does not know it), or the customer, or the system. */
export const actorOf = (entry: TimelineEntry, t: TFunction, nameOf: NameOf = idAsName): string =>
  entry.actor.type === 'staff' ? nameOf(entry.actor.id) : entry.actor.type === 'customer' ? t('timeline.customer') : t('timeline.someone');

interface NotifiedPerson {
  rung?: string;
  staffId?: string | null;
  departmentId?: string;
}

const notifiedOf = (value: unknown, t: TFunction, nameOf: NameOf): string =>
  (Array.isArray(value) ? (value as NotifiedPerson[]) : [])
    .map((person) => {
      const who = person.rung ? t(`rungs.${person.rung}`, { defaultValue: person.rung }) : '';
      const department = person.departmentId ? t(`departments.${person.departmentId}`, { defaultValue: person.departmentId }) : '';
      return [department, who, person.staffId ? `（${nameOf(person.staffId)}）` : ''].join('');
    })
    .join('、');

/**
 * The timeline in the order of the times it shows. The log answers in record order, and a service may
 * record an event after another one that happened later (a clock starts at the receipt instant but is
 * recorded once sla-monitor has heard of the case); events of the same instant keep their record order.
 */
export const inShownOrder = (entries: readonly TimelineEntry[]): TimelineEntry[] =>
  entries
    .map((entry, recordOrder) => ({ entry, recordOrder, at: Date.parse(entry.occurredAt) }))
    .sort((a, b) => a.at - b.at || a.recordOrder - b.recordOrder)
    .map(({ entry }) => entry);

/**
 * One event of the case's log as a sentence a person reads: who did what, with the event's own facts
 * put into words (departments, severities, satisfaction in the dictionary's language).
 */
export const sentenceOf = (entry: TimelineEntry, t: TFunction, nameOf: NameOf = idAsName): string => {
  const data = entry.data ?? {};
  const label = (prefix: string, value: unknown) => (text(value) ? t(`${prefix}.${text(value)}`, { defaultValue: text(value) }) : '');
  const values: Record<string, string> = {
    actor: actorOf(entry, t, nameOf),
    type: entry.type,
    kind: label('kinds', data.kind),
    channel: label('channels', data.channel),
    description: text(data.description),
    answer: text(data.answer),
    repeatCount: text(data.repeatCount),
    handling: label('departments', data.handlingDepartmentId),
    owning: label('departments', data.owningDepartmentId),
    staff: text(data.staffId) ? nameOf(text(data.staffId)) : '',
    validity: label('validities', data.validity),
    reason: text(data.reason ?? data.why),
    responsibility: label('responsibilities', data.responsibility),
    severity: label('severities', data.severity),
    note: text(data.note),
    department: label('departments', data.departmentId ?? data.toDepartmentId),
    name: text(data.name),
    summary: text(data.summary),
    proposal: text(data.proposal),
    actionTaken: text(data.actionTaken),
    customerToldWhat: text(data.customerToldWhat),
    dueAt: formatTime(text(data.dueAt) || null),
    method: label('callbackMethods', data.method),
    reached: data.reached === true ? t('timeline.reached') : t('timeline.notReached'),
    satisfaction: label('satisfaction', data.satisfaction),
    solved: data.solved === true ? t('timeline.solved') : t('timeline.notSolved'),
    clock: label('clockKinds', data.clockKind),
    notified: notifiedOf(data.notified, t, nameOf),
  };
  const key = `timeline.${entry.type}`;
  return t(key, { ...values, defaultValue: t('timeline.other', values) });
};
