import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { body, routing } from '../api/client';
import type { components } from '../api/generated/routing';
import { ApiError } from '../api/problem';

/** routing's GroupPolicy (libs/policy) as GET /admin/policy documents it, and its parts. */
type Schemas = components['schemas'];
export type PolicyView = Schemas['GroupPolicy'];
export type Duration = Schemas['PolicyDuration'];
export type CollectiveSettings = Schemas['CollectivePolicy'];
export type CallbackSettings = Schemas['CallbackPolicy'];
export type SeveritySettings = Schemas['SeverityPolicy'];
export type GroupTargets = Schemas['GroupTargets'];
export type OwningRule = Schemas['OwningDepartmentRule'];
export type HandlingRule = Schemas['HandlingDepartmentRule'];
export type RoutingTables = Pick<PolicyView, 'owningDepartmentByComplainantType' | 'handlingDepartmentRules'>;
export type DutyShift = Schemas['DutyShift'];
export type MallDate = Schemas['MallDate'];
export type MallSettings = Schemas['MallSettings'];
export type MallView = Schemas['MallPolicy'];
export type StaffMember = Schemas['StaffMember'];
export type ClockPolicy = Schemas['ClockPolicy'];
export type PolicyHistoryEntry = Schemas['PolicyHistoryEntryDto'];

export interface PolicyChangeResult {
  changed: boolean;
  version: string;
  effectiveFrom: string;
  summary: string | null;
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

export type ClockChange = Omit<Schemas['ClockChangeDto'], 'effectiveFrom'>;

/** PATCH /admin/clocks/:kind (group admins): a clock's duration, warning point and escalation interval. */
export const useSaveClock = (kind: string) =>
  useChange((clock: ClockChange) => body<PolicyChangeResult>(routing.PATCH('/admin/clocks/{kind}', { params: { path: { kind } }, body: clock as never })));
