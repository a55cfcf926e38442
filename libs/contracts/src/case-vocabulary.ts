/**
 * The vocabulary of a case's handling (DOMAIN §4): validity, responsibility, severity and the
 * criteria a classification names. Criteria are fixed words of the procedures, so they are listed here;
 * which criteria make which severity is decided by the routing service's rules.
 */
export const VALIDITIES = ['valid', 'invalid'] as const;
export type Validity = (typeof VALIDITIES)[number];

export const RESPONSIBILITIES = ['responsible', 'non-responsible', 'assist'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

/** In rising order: a later one is more severe. */
export const SEVERITIES = ['general', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** The system's own severity rules (DOMAIN §4: where the system can know it). */
export const SYSTEM_SEVERITY_RULES = ['collective', 'repeat-count', 'channel-government-referral', 'channel-media'] as const;
export type SystemSeverityRule = (typeof SYSTEM_SEVERITY_RULES)[number];

/** What a classification says applied (DOMAIN §4), grouped by the responsibility they belong to. */
export const CLASSIFICATION_CRITERIA = {
  /** responsible, general: the company's own service fell short, nothing major or critical applies. */
  general: ['service-shortfall'],
  major: [
    'promised-service-not-delivered',
    'repeated-without-resolution',
    'unresolved-over-one-month',
    'anchor-store-dispute-unsettled',
    'street-tenant-may-leave',
  ],
  critical: ['serious-loss-or-injury', 'government-or-media', 'collective'],
  'non-responsible': ['facts-untrue', 'outside-company-duties'],
  assist: ['building-quality', 'municipal-facilities', 'third-party'],
} as const;
export type ClassificationCriterion = (typeof CLASSIFICATION_CRITERIA)[keyof typeof CLASSIFICATION_CRITERIA][number];
export const ALL_CLASSIFICATION_CRITERIA = Object.values(CLASSIFICATION_CRITERIA).flat() as ClassificationCriterion[];

export const ASSIGNMENT_RULES = ['roster', 'manager'] as const;
export type AssignmentRule = (typeof ASSIGNMENT_RULES)[number];

export const OUTSIDE_PARTY_KINDS = ['building-developer', 'municipal', 'utility', 'third-party', 'other'] as const;
export type OutsidePartyKind = (typeof OUTSIDE_PARTY_KINDS)[number];
