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
} satisfies Record<string, Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (identity: Identity | null, permission: Permission): boolean =>
  identity !== null && (PERMISSIONS[permission] as Role[]).some((role) => identity.roles.includes(role));

/** Registration and callbacks are a mall's work: HQ (no mall) reads but does not record. */
export const canActInMall = (identity: Identity | null, permission: Permission): boolean => can(identity, permission) && identity?.mallId !== null;
