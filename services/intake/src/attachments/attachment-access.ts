import { PERMISSIONS } from '@mallcare/policy';

/** Who may read a case's files: whoever may read the case (their own mall's; HQ all); SRE sees metrics only. */
export const ATTACHMENT_READER_ROLES = PERMISSIONS['case.read'];

/** Who uploads: the desk registering, and the departments and leaders working the case. */
export const ATTACHMENT_UPLOADER_ROLES = PERMISSIONS['attachment.upload'];
