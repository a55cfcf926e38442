/** What the bench scripts share to set up and tear down: free ports, log tails, desk tokens, the run's Kafka topics. */
import { readFileSync } from 'node:fs';
import { identityOfStaff, SAMPLE_GROUP_POLICY, signingKeyFromJwk, signStaffToken, type TokenJwk } from '@mallcare/policy';
import type { Kafka } from 'kafkajs';

export { freePort } from '../test/support/running-system';

/** The last lines of a service's log file, for an error that says why it did not start. */
export const tail = (file: string, lines = 30): string => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

/** The services created `${namespace}.*` topics on the shared broker; they are this run's only. */
export const deleteNamespaceTopics = async (kafka: Kafka, namespace: string): Promise<void> => {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } catch {
    // best effort
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

/** A front-desk agent's token for each of the first `malls` malls of the sample group (the services' seed). */
export const deskTokens = (signingJwk: TokenJwk, malls: number): { mallId: string; token: string }[] =>
  SAMPLE_GROUP_POLICY.malls.slice(0, malls).map((mall) => {
    const desk = SAMPLE_GROUP_POLICY.staff.find((member) => member.active && member.mallId === mall.id && member.roles.includes('front-desk-agent'));
    const identity = desk && identityOfStaff(SAMPLE_GROUP_POLICY, desk.id);
    if (!identity) throw new Error(`the sample group has no active front-desk agent at ${mall.id}`);
    return { mallId: mall.id, token: signStaffToken(identity, { key: signingKeyFromJwk(signingJwk), expiresInSeconds: 2 * 60 * 60, issuer: 'mallcare', audience: 'mallcare-api' }) };
  });
