/** What the bench scripts share to set up and tear down: free ports, log tails, the run's Kafka topics. */
import { readFileSync } from 'node:fs';
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
