import type { Identity, Role } from '../api/views';

/**
 * One map of what the console offers to whom, copied from the roles the services check
 * (@Roles on the controllers; routing's case-access.ts, intake's and callback's role lists). The API
 * still decides; this only hides what it would refuse.
 */
const CASE_READERS: Role[] = ['front-desk-agent', 'department-handler', 'department-manager', 'director', 'mall-gm', 'hq-operations', 'group-admin'];
const CASE_HANDLERS: Role[] = ['department-handler', 'department-manager', 'director', 'mall-gm'];
const CALLBACK_DESK: Role[] = ['front-desk-agent', 'department-handler', 'department-manager', 'director', 'mall-gm'];

export const PERMISSIONS = {
  /** intake POST /complaints */
  'complaint.register': ['front-desk-agent'],
  /** intake GET /complaints, /complaints/:id, /timeline; routing GET /cases, /cases/:id */
  'case.read': CASE_READERS,
  /** routing POST /cases/:id/* (which command on which case: the case's allowedCommands) */
  'case.handle': CASE_HANDLERS,
  /** routing POST /cases/:id/written-reply-approval */
  'case.approveReply': ['department-manager', 'director', 'mall-gm'],
  /** sla-monitor GET /clocks */
  'clock.read': ['department-handler', 'department-manager', 'director', 'mall-gm', 'hq-operations', 'group-admin', 'sre', 'front-desk-agent'],
  /** callback GET /callbacks */
  'callback.read': [...CALLBACK_DESK, 'hq-operations', 'group-admin'],
  /** callback POST /callbacks/:id/attempts and /outcome */
  'callback.record': CALLBACK_DESK,
  // Part 2 (issue 14): the screens of GMs, HQ operations and administrators.
  /** analytics GET /analytics/malls/:mallId/reports/*, /cases, /exports/*, /packs */
  'report.read': ['department-manager', 'director', 'mall-gm', 'hq-operations', 'group-admin'],
  /** A mall at a glance (GM Today): routing GET /cases of the whole mall, sla-monitor's inbox */
  'mall.overview': ['director', 'mall-gm', 'hq-operations', 'group-admin'],
  /** analytics GET /analytics/hq/rollup, the live board across malls */
  'hq.read': ['hq-operations', 'group-admin'],
  /** analytics POST /analytics/packs/run */
  'pack.run': ['group-admin'],
  /** routing PUT/PATCH /admin/… (a GM for their own mall only) */
  'policy.change': ['group-admin', 'mall-gm'],
  /** routing PATCH /admin/settings, /admin/clocks/:kind, PUT /admin/routing: the group-wide rules */
  'policy.changeGroup': ['group-admin'],
  /** callback POST/GET /callbacks/samples: HQ's independent sample callbacks */
  'hq-sample.run': ['hq-operations'],
  /** routing GET /admin/policy/history (a GM: their own mall's changes) */
  'policy.history': ['group-admin', 'hq-operations', 'mall-gm'],
} satisfies Record<string, Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (identity: Identity | null, permission: Permission): boolean =>
  identity !== null && (PERMISSIONS[permission] as Role[]).some((role) => identity.roles.includes(role));

/** Registration and callbacks are a mall's work: HQ (no mall) reads but does not record. */
export const canActInMall = (identity: Identity | null, permission: Permission): boolean => can(identity, permission) && identity?.mallId !== null;
