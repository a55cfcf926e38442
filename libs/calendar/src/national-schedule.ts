import type { IsoDate } from './iso-date';

/** One festival of a year's notice: the days off and the weekend days worked in exchange (调休上班). */
export interface PublicHoliday {
  readonly name: { readonly zh: string; readonly en: string };
  /** 放假调休: first and last day off, both included. Weekend days inside the range are listed too. */
  readonly daysOff: { readonly from: IsoDate; readonly to: IsoDate };
  /** 上班: weekend days that become working days for this festival. */
  readonly adjustedWorkingDays: readonly IsoDate[];
}

/** Where a year's dates come from, so a reviewer can check them against the notice. */
export interface ScheduleSource {
  /** Title of the State Council General Office notice. */
  readonly title: string;
  /** Document number, when it was seen in the published text. */
  readonly documentNumber?: string;
  readonly issuedOn: IsoDate;
  /** How the dates in this file were checked. */
  readonly verifiedAgainst: readonly string[];
}

/**
 * The official schedule for one calendar year, as one notice publishes it. Its dates may spill into the
 * neighbouring year (a New Year break starting on 30 December); the year is the notice's year.
 */
export interface NationalHolidayYear {
  readonly year: number;
  readonly source: ScheduleSource;
  readonly holidays: readonly PublicHoliday[];
}

/** A country's published years; years missing here fall back to Monday–Friday (see `Coverage`). */
export interface NationalSchedule {
  readonly region: string;
  readonly years: readonly NationalHolidayYear[];
}
