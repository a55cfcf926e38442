import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { body, routing } from '../api/client';
import type { components } from '../api/generated/routing';
import { ApiError } from '../api/problem';
import type { Role } from '../api/views';

/** routing's GroupPolicy (libs/policy), as far as these forms read it. */
export interface Duration {
  amount: number;
  unit: 'minutes' | 'hours' | 'days' | 'working-days' | 'end-of-day';
}
export interface CollectiveSettings {
  windowMinutes: number;
  minDistinctTenants: number;
}
export interface CallbackSettings {
  within: Duration;
  grumblingWithin?: Duration;
  maxFailedAttempts?: number;
}
type Schemas = components['schemas'];
export type SeveritySettings = Schemas['SeverityPolicyDto'];
export type GroupTargets = Required<Omit<Schemas['GroupTargetsDto'], 'effectiveFrom'>>;
export type OwningRule = Schemas['OwningRuleDto'];
export type HandlingRule = Schemas['HandlingRuleDto'];
export interface RoutingTables {
  owningDepartmentByComplainantType: OwningRule[];
  handlingDepartmentRules: HandlingRule[];
}
export type DutyShift = Schemas['DutyShiftDto'];
export type MallDate = Schemas['MallDateDto'];
export interface MallSettings {
  severity?: SeveritySettings;
  collective?: CollectiveSettings;
  repeat?: { lookbackDays: number };
  callback?: CallbackSettings;
}
export interface MallView {
  id: string;
  name: string;
  nameEn: string;
  city: string;
  timeZone: string;
  enabledChannels: string[];
  departments: { id: string; name: string; nameEn: string; managerStaffId: string | null; roster?: DutyShift[] }[];
  routing?: Partial<RoutingTables>;
  calendar?: { closures?: MallDate[]; extraWorkingDates?: MallDate[] };
  settings?: MallSettings;
}
export interface StaffMember {
  id: string;
  name: string;
  roles: Role[];
  mallId: string | null;
  departmentId: string | null;
  active: boolean;
}
export interface ClockPolicy {
  kind: string;
  target: Duration;
  warnAtPercent?: number[];
  ladder?: string[];
  escalateEvery?: Duration;
  pausable?: boolean;
}
export interface PolicyView extends Partial<RoutingTables> {
  version: string;
  revision: number;
  effectiveFrom: string;
  severity?: SeveritySettings;
  /** The departments a new mall starts with (the group's routing tables name these). */
  departments?: string[];
  collective: CollectiveSettings;
  repeat: { lookbackDays: number };
  callback: CallbackSettings;
  clocks: ClockPolicy[];
  escalation: { ladder: string[]; every: Duration };
  /** The group-wide targets as shares (0.95 = 95 %); absent: the procedures' values. */
  targets?: GroupTargets;
  malls: MallView[];
  staff: StaffMember[];
}

export interface PolicyChangeResult {
  changed: boolean;
  version: string;
  effectiveFrom: string;
  summary: string | null;
}

export interface PolicyHistoryEntry {
  version: string;
  revision: number;
  previousVersion: string;
  effectiveFrom: string;
  changedAt: string;
  changedBy: string;
  kind: string;
  mallId: string | null;
  staffId: string | null;
  summary: string;
  differences: { path: string; before: unknown; after: unknown }[];
}

export const POLICY_KEY = ['policy'] as const;

/** The policy in force as the caller may see it (a GM: their own mall and its staff). */
export const usePolicy = () => useQuery({ queryKey: POLICY_KEY, queryFn: () => body<PolicyView>(routing.GET('/admin/policy', {})) });

/** The mall's settings as they apply: its own, else the group's. */
export const settingsOf = (policy: PolicyView, mall: MallView): Required<Pick<MallSettings, 'collective' | 'repeat' | 'callback'>> & Pick<MallSettings, 'severity'> => ({
  severity: mall.settings?.severity ?? policy.severity,
  collective: mall.settings?.collective ?? policy.collective,
  repeat: mall.settings?.repeat ?? policy.repeat,
  callback: mall.settings?.callback ?? policy.callback,
});

export const useChange = <T>(change: (value: T) => Promise<PolicyChangeResult>) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: POLICY_KEY });
      void queryClient.invalidateQueries({ queryKey: ['policy-history'] });
    },
  });
};

/** PUT /admin/staff/:staffId: add or change a member. */
export const useSaveStaff = () =>
  useChange(({ id, ...member }: StaffMember) => body<PolicyChangeResult>(routing.PUT('/admin/staff/{staffId}', { params: { path: { staffId: id } }, body: member as never })));

/**
 * The API's field errors (`collective.windowMinutes`) on the form's fields, in the console's language;
 * true when there were any (else the caller shows the refusal as a whole).
 */
export const showFieldErrors = (form: FormInstance, error: unknown, t: TFunction, scope = 'root'): boolean => {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return false;
  form.setFields(
    error.problem.errors.map((entry) => {
      const name = entry.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      const leaf = String(name[name.length - 1]);
      const parent = name.slice(0, -1).filter((part) => typeof part === 'string').pop() ?? scope;
      // A leaf that means different things in different blocks (roster.to is a time, unresolvedUpgrade.to a severity).
      const message = t(`admin.fieldErrorsIn.${String(parent)}.${leaf}`, { defaultValue: t(`admin.fieldErrors.${leaf}`, { defaultValue: t('admin.fieldErrors.generic') }) });
      return { name, errors: [message] };
    }),
  );
  return true;
};

export interface ClockChange {
  target: Duration;
  warnAtPercent?: number[];
  escalateEvery?: Duration | null;
}

/** PATCH /admin/clocks/:kind (group admins): a clock's duration, warning point and escalation interval. */
export const useSaveClock = (kind: string) =>
  useChange((clock: ClockChange) => body<PolicyChangeResult>(routing.PATCH('/admin/clocks/{kind}', { params: { path: { kind } }, body: clock as never })));
