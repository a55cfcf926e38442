import type { Role } from '@mallcare/contracts';

/** Who may read a case's files: whoever may read the case (their own mall's; HQ all); SRE sees metrics only. */
export const ATTACHMENT_READER_ROLES: Role[] = ['front-desk-agent', 'department-handler', 'department-manager', 'director', 'mall-gm', 'hq-operations', 'group-admin'];

/** Who uploads: the desk registering, and the departments and leaders working the case. */
export const ATTACHMENT_UPLOADER_ROLES: Role[] = ['front-desk-agent', 'department-handler', 'department-manager', 'director', 'mall-gm', 'hq-operations'];
