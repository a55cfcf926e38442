import type { GroupPolicy } from '@mallcare/policy';

/** Where notifications read the policy in force: the service's PolicyStore; a test gives its own policy. */
export abstract class NotificationPolicySource {
  abstract current(now?: Date): GroupPolicy;
}
