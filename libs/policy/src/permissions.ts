import type { Role } from '@mallcare/contracts';

const MALL_STAFF = ['front-desk-agent', 'department-handler', 'department-manager', 'director', 'mall-gm'] as const satisfies readonly Role[];
const HANDLERS = ['department-handler', 'department-manager', 'director', 'mall-gm'] as const satisfies readonly Role[];
const HQ = ['hq-operations', 'group-admin'] as const satisfies readonly Role[];

/**
 * Who may do what (DOMAIN §1), the one map every service's guard and check reads. Which malls a
 * role reaches is the identity's (a mall's staff their own, HQ every mall); which handling commands
 * a department may give on one case is routing's (case-access.ts), from these roles.
 */
export const PERMISSIONS = {
  'complaint.register': ['front-desk-agent'],
  /** Cases, their registrations, queues, live updates and attachments: intake and routing read alike. */
  'case.read': [...MALL_STAFF, ...HQ],
  'case.handle': HANDLERS,
  /** A written reply is approved by a leader (DOMAIN §3). */
  'case.approve-written-reply': ['department-manager', 'director', 'mall-gm'],
  /** The mall's leaders may give any handling command on any of its cases. */
  'case.lead': ['director', 'mall-gm'],
  'attachment.upload': [...MALL_STAFF, 'hq-operations'],
  'personal-data.erase': ['group-admin', 'hq-operations', 'mall-gm'],
  'clock.read': [...HANDLERS, ...HQ, 'sre', 'front-desk-agent'],
  'clock.pause': HANDLERS,
  'notification-delivery.watch': ['group-admin', 'sre', 'hq-operations'],
  'callback.read': [...MALL_STAFF, ...HQ],
  'callback.record': MALL_STAFF,
  /** The customer-service centre calls back for every department (DOMAIN §1, §8). */
  'callback.record-any-department': ['front-desk-agent', 'director', 'mall-gm'],
  'hq-sample.run': ['hq-operations'],
  'report.read': ['department-manager', 'director', 'mall-gm', ...HQ],
  'report.read-group': HQ,
  'report.administer': ['group-admin'],
  'policy.change-mall': ['group-admin', 'mall-gm'],
  'policy.change-group': ['group-admin'],
  /** Every GroupPolicyChanged with its diff; a mall GM sees their own mall's (routing filters). */
  'policy.read-history': ['group-admin', 'hq-operations', 'mall-gm'],
  /** The roles a mall GM may give their own staff; the rest only a group admin. */
  'policy.granted-by-mall-gm': ['front-desk-agent', 'department-handler', 'department-manager', 'director'],
  'staff-password.set': ['group-admin', 'mall-gm'],
  'audit.read': ['group-admin', 'hq-operations'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const rolesWith = (permission: Permission): readonly Role[] => PERMISSIONS[permission];

/** The caller holds one of the roles the permission names. */
export const hasPermission = (holder: { roles: readonly Role[] }, permission: Permission): boolean =>
  rolesWith(permission).some((role) => holder.roles.includes(role));
