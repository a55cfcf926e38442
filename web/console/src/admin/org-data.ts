import { useState } from 'react';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { body, routing } from '../api/client';
import type { components } from '../api/generated/routing';
import { ApiError } from '../api/problem';
import { showFieldErrors, useChange, type GroupTargets, type PolicyChangeResult } from './policy-data';

type Schemas = components['schemas'];
type Body<T> = Omit<T, 'effectiveFrom'>;

export type MallProfile = Body<Schemas['MallProfileDto']>;
export type MallCalendar = Body<Schemas['MallCalendarDto']>;
export type MallDepartments = Body<Schemas['MallDepartmentsDto']>;
export type MallRouting = Body<Schemas['MallRoutingDto']>;
export type GroupRouting = Body<Schemas['GroupRoutingDto']>;
export type Settings = Body<Schemas['SettingsDto']>;

/** PUT /admin/malls/:mallId: name, city, time zone and channels; a mall not yet known is added (group admins). */
export const useSaveProfile = () =>
  useChange(({ mallId, ...profile }: MallProfile & { mallId: string }) => body<PolicyChangeResult>(routing.PUT('/admin/malls/{mallId}', { params: { path: { mallId } }, body: profile })));

/** PUT /admin/malls/:mallId/calendar: closures and extra working days. */
export const useSaveCalendar = (mallId: string) =>
  useChange((calendar: MallCalendar) => body<PolicyChangeResult>(routing.PUT('/admin/malls/{mallId}/calendar', { params: { path: { mallId } }, body: calendar })));

/** PUT /admin/malls/:mallId/departments: departments, managers, duty rosters. */
export const useSaveDepartments = (mallId: string) =>
  useChange((departments: MallDepartments) => body<PolicyChangeResult>(routing.PUT('/admin/malls/{mallId}/departments', { params: { path: { mallId } }, body: departments })));

/** PUT /admin/malls/:mallId/routing (a table left out follows the group) or PUT /admin/routing (the group's). */
export const useSaveRouting = (mallId: string | null) =>
  useChange((tables: MallRouting) =>
    mallId === null
      ? body<PolicyChangeResult>(routing.PUT('/admin/routing', { body: tables as GroupRouting }))
      : body<PolicyChangeResult>(routing.PUT('/admin/malls/{mallId}/routing', { params: { path: { mallId } }, body: tables })),
  );

/** PATCH /admin/malls/:mallId/settings, or PATCH /admin/settings for the group (group admins): only the blocks sent change. */
export const useSaveSettingsOf = (mallId: string | null) =>
  useChange((settings: Settings) =>
    mallId === null
      ? body<PolicyChangeResult>(routing.PATCH('/admin/settings', { body: settings }))
      : body<PolicyChangeResult>(routing.PATCH('/admin/malls/{mallId}/settings', { params: { path: { mallId } }, body: settings })),
  );

/** PATCH /admin/targets (group admins): the targets sent change, the rest stay. */
export const useSaveTargets = () => useChange((targets: Partial<GroupTargets>) => body<PolicyChangeResult>(routing.PATCH('/admin/targets', { body: targets })));

/**
 * The API's field errors on a form: each on its field, and those about a whole list (`departments`,
 * `handlingDepartmentRules`: what the list as a whole lacks) kept for the list's own error line.
 */
export const useApiErrors = (form: FormInstance, t: TFunction, lists: string[], scope?: string) => {
  const [listErrors, setListErrors] = useState<Record<string, string[]>>({});
  return {
    listErrors: (list: string) => listErrors[list] ?? [],
    clear: () => setListErrors({}),
    show: (error: unknown): boolean => {
      const placed = showFieldErrors(form, error, t, scope);
      if (!(error instanceof ApiError)) return placed;
      const entries = (error.problem.errors ?? []).filter((entry) => lists.includes(entry.field));
      setListErrors(Object.fromEntries(entries.map((entry) => [entry.field, [t(`admin.fieldErrors.${entry.field}`, { defaultValue: t('admin.fieldErrors.generic') })]])));
      return placed;
    },
  };
};
