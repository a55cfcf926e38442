import type {
  CallbackMethod,
  Category,
  Channel,
  ComplainantType,
  ComplaintKind,
  ClosingReason,
  Responsibility,
  SatisfactionLevel,
  Severity,
  Validity,
} from '@mallcare/contracts';

/** One time limit of the case as the log tells it (DOMAIN §6). */
export interface ClockRecord {
  clockId: string;
  kind: string;
  startedAt: string;
  /** The latest deadline: moved by a resume after a pause or a policy recompute. */
  dueAt: string;
  /** False for a clock whose due date triggers something else than a breach (the one-month upgrade to major). */
  isTarget: boolean;
  paused: boolean;
  metAt: string | null;
  /** null until met. */
  metWithinTarget: boolean | null;
  breachedAt: string | null;
}

export type CallbackEnd = 'reached' | 'unreachable';

/** When a case reached each step of its path (null: not yet) and how often it went round: what the duration figures span. */
export interface CaseMilestones {
  receivedAt: string;
  forwardedAt: string | null;
  assignedAt: string | null;
  firstReplyAt: string | null;
  firstResolvedAt: string | null;
  /** The final resolution; null while unresolved or reopened and not resolved again. */
  resolvedAt: string | null;
  resolutionCount: number;
  reopenCount: number;
  /** When the callback of the final resolution ended (reached, or unreachable after the policy's attempts). */
  calledBackAt: string | null;
  callbackEnd: CallbackEnd | null;
  callbackAttempts: number;
}

/** The path of one case, folded from its events: what every figure and every detail row reads. */
export interface CaseRecord extends CaseMilestones {
  complaintId: string;
  caseNumber: string;
  mallId: string;
  timeZone: string;
  /** Period of receivedAt in the mall's time zone: month `2026-11`, ISO week `2026-W48`, day `2026-11-23`. */
  month: string;
  week: string;
  localDate: string;
  kind: ComplaintKind;
  category: Category;
  /** null for a collective case, which the system raised from several registrations. */
  channel: Channel | null;
  complainantType: ComplainantType;
  collective: boolean;
  /** The collective case this registration joined, if any. */
  collectiveCaseNumber: string | null;
  /** Intake's normalised place/subject of the matter (same key, mall and category = same matter); null if none. */
  matterKey: string | null;
  /** Times the matter was raised in all, the first registration included (1 = never repeated). */
  repeatCount: number;
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
  handlerStaffId: string | null;
  validity: Validity | null;
  responsibility: Responsibility | null;
  severity: Severity | null;
  callbackMethod: CallbackMethod | null;
  /** The rating of the latest reached callback; null if never reached. */
  satisfaction: SatisfactionLevel | null;
  satisfactionComment: string | null;
  /** Every rating given, in order (a reopened case may have several). */
  ratings: SatisfactionLevel[];
  closedAt: string | null;
  closedBecause: ClosingReason | 'inquiry-answered' | null;
  clocks: ClockRecord[];
  escalated: boolean;
  /** Fields its stage requires that the log does not have (empty = complete). */
  missingFields: string[];
}
