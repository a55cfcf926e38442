/**
 * Rebuilds analytics' case paths from position zero of the PostgreSQL logs, from the command line:
 *   DATABASE_URL=postgres://… npm run analytics:rebuild
 * Safe while analytics runs: the swap locks the live table and live consumption goes on from the
 * positions read. Prints { events, cases, millis, eventsPerSecond } as JSON.
 */
import { createServiceDataSource } from '@mallcare/event-store';
import { policyAt, SAMPLE_GROUP_POLICY, type GroupPolicy } from '@mallcare/policy';
import { consumedPolicies } from '../case-paths/case-paths-rebuild.repository';
import { rebuildCasePaths } from '../case-paths/rebuild-case-paths';

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

const main = async (): Promise<void> => {
  const url = process.env.DATABASE_URL ?? fail('set DATABASE_URL to the PostgreSQL that holds the services\' schemas');
  const dataSource = createServiceDataSource({ url, schema: 'analytics', poolSize: 6, applicationName: 'mallcare-analytics-rebuild' });
  await dataSource.initialize();
  try {
    // The policy versions analytics consumed (time zones, upgrade clocks), as the running service uses them.
    const rows: { policy: GroupPolicy }[] = await consumedPolicies(dataSource).catch(() => []);
    const policy = policyAt([SAMPLE_GROUP_POLICY, ...rows.map((row) => row.policy)], new Date());
    const result = await rebuildCasePaths(dataSource, { policy, log: (message) => process.stderr.write(`${message}\n`) });
    const { events, cases, millis } = result;
    process.stdout.write(`${JSON.stringify({ events, cases, millis, eventsPerSecond: millis === 0 ? events : Math.round((events / millis) * 1000) })}\n`);
  } finally {
    await dataSource.destroy();
  }
};

main().catch((error: unknown) => fail(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`));
