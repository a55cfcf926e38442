import { toLocalDateTime, weekdayOf } from '@mallcare/calendar';
import { CommandRefused, type AssignmentRule } from '@mallcare/contracts';
import type { DutyShift, GroupPolicy } from './group-policy';
import { WEEKDAYS, type Weekday } from './policy-vocabulary';
import { findDepartment, findMall, findStaffMember } from './malls';

export interface Assignment {
  staffId: string;
  rule: AssignmentRule;
}

/** A refusal of the case command that needed someone: the policy leaves the department without anyone. */
export class NoResponsiblePerson extends CommandRefused {
  constructor(mallId: string, departmentId: string) {
    super('ROUTING_NO_RESPONSIBLE_PERSON', 'wrong-state', 'no-responsible-person', `nobody can take cases of ${departmentId} at mall ${mallId}: no one on duty and no manager`);
    this.name = 'NoResponsiblePerson';
  }
}

const minutesOf = (hhmm: string): number => {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
};

/** WEEKDAYS in weekdayOf's numbering (0 = Sunday). */
const BY_WEEKDAY_NUMBER: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * Weekday and minute of the day of an instant in a time zone, through the calendar's cached zone
 * offsets: a new Intl.DateTimeFormat per case was 4 % of routing's CPU under load (bench/README.md).
 */
export const localWeekMinute = (at: Date, timeZone: string): { day: Weekday; minute: number } => {
  const local = toLocalDateTime(at, timeZone);
  return { day: BY_WEEKDAY_NUMBER[weekdayOf(local.date)], minute: local.hour * 60 + local.minute };
};

const previousDay = (day: Weekday): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(day) + WEEKDAYS.length - 1) % WEEKDAYS.length];

/** Whether a shift covers a local moment; a shift past midnight belongs to the day it starts. */
export const shiftCovers = (shift: DutyShift, day: Weekday, minute: number): boolean => {
  const from = minutesOf(shift.from);
  const to = minutesOf(shift.to);
  if (from < to) return shift.days.includes(day) && minute >= from && minute < to;
  return (shift.days.includes(day) && minute >= from) || (shift.days.includes(previousDay(day)) && minute < to);
};

/**
 * Who holds a new case of a department (DOMAIN §5): the first active person on its duty roster at
 * that moment (mall time), else its manager.
 */
export const assignResponsible = (policy: GroupPolicy, mallId: string, departmentId: string, at: Date): Assignment => {
  const mall = findMall(policy, mallId);
  const department = findDepartment(policy, mallId, departmentId);
  if (!mall || !department) throw new NoResponsiblePerson(mallId, departmentId);
  const { day, minute } = localWeekMinute(at, mall.timeZone);
  const onDuty = department.roster.find((shift) => shiftCovers(shift, day, minute) && findStaffMember(policy, shift.staffId)?.active);
  if (onDuty) return { staffId: onDuty.staffId, rule: 'roster' };
  if (department.managerStaffId && findStaffMember(policy, department.managerStaffId)?.active) {
    return { staffId: department.managerStaffId, rule: 'manager' };
  }
  throw new NoResponsiblePerson(mallId, departmentId);
};
