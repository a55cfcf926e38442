import type { TFunction } from 'i18next';

/** RFC 9457 problem details as the services answer them (libs/platform ProblemDetailsFilter). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  rule?: string;
  state?: string;
  command?: string;
  errors?: { field: string; messages: string[] }[];
  field?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

type Translate = TFunction;

/** The top-level field a problem's error names (`attachments.0.reference` → `attachments`). */
const fieldOf = (path: string): string => path.split('.')[0];

/** Each field the API refused, with the message in the console's language (not the API's English). */
export const fieldErrorsOf = (error: unknown, t: Translate, exists: (key: string) => boolean): Record<string, string> => {
  if (!(error instanceof ApiError)) return {};
  const fields = [...(error.problem.errors ?? []).map((entry) => entry.field), ...(error.problem.field ? [error.problem.field] : [])];
  return Object.fromEntries(
    fields.map((path) => {
      const field = fieldOf(path);
      return [field, exists(`fieldErrors.${field}`) ? t(`fieldErrors.${field}`) : t('fieldErrors.generic')];
    }),
  );
};

/** A refusal as the rule it broke, in words a handler understands. */
export const ruleMessageOf = (error: unknown, t: Translate, exists: (key: string) => boolean): string => {
  if (!(error instanceof ApiError)) return t('common.unknownError');
  const { problem, status } = error;
  if (problem.rule && exists(`rules.${problem.rule}`)) return t(`rules.${problem.rule}`);
  if (problem.code === 'ROUTING_CASE_IN_WRONG_STATE' && problem.state) return t('rules.wrongState', { state: t(`caseStatus.${problem.state}`) });
  if (problem.code === 'ROUTING_DUPLICATE_COMMAND') return t('rules.duplicate');
  if (status === 409) return t('rules.stale');
  if (status === 403) return t('rules.forbidden');
  if (status === 404) return t('rules.notFound');
  if (status === 422 && problem.code?.startsWith('CALLBACK')) return t('rules.callbackState');
  return t('rules.generic', { detail: problem.detail ?? status });
};
