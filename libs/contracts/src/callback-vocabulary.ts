/** The callback's fixed words (DOMAIN §8): how the customer was reached and how satisfied they were. */
export const CALLBACK_METHODS = ['phone', 'visit', 'letter', 'wechat'] as const;
export type CallbackMethod = (typeof CALLBACK_METHODS)[number];

/** The five-point scale, best first; satisfaction rate = (very satisfied + satisfied) / rated callbacks. */
export const SATISFACTION_LEVELS = ['very-satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very-dissatisfied'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

export const isSatisfied = (level: SatisfactionLevel): boolean => level === 'very-satisfied' || level === 'satisfied';

/** Why a case closed: the customer was satisfied, or could not be reached after the policy's attempts. */
export const CLOSING_REASONS = ['satisfied', 'unreachable'] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];
