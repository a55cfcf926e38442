import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { GroupPolicyChanged } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { PolicyStore } from './policy-store';

/** Every service follows the group's policy changes (produced by routing's admin API). */
@Controller()
export class PolicyChangesConsumer {
  constructor(private readonly policy: PolicyStore) {}

  @EventPattern('GroupPolicyChanged')
  async onGroupPolicyChanged(@Payload() event: GroupPolicyChanged, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.policy.record(event, context.manager);
  }
}
