import type { INestApplication } from '@nestjs/common';
import { schemaOf, type ProducingService } from '@mallcare/contracts';
import { createServiceDataSource, migrateServiceSchema } from '@mallcare/event-store';
import { loadServiceConfig, startService } from '@mallcare/platform';
import { TEST_AUTH_JWKS } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { intakeService } from '../intake.service-definition';

/** The services whose logs intake follows. */
export const FOLLOWED: readonly ProducingService[] = ['routing', 'sla-monitor', 'callback'];

/** The logs intake follows, in their own schemas of the test's database (empty until the test writes to them); in FOLLOWED's order. */
export const followedLogs = async (databaseUrl: string): Promise<DataSource[]> => {
  const logs: DataSource[] = [];
  for (const service of FOLLOWED) {
    const dataSource = createServiceDataSource({ url: databaseUrl, schema: schemaOf(service), poolSize: 2 });
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, schemaOf(service));
    logs.push(dataSource);
  }
  return logs;
};

/** Intake as it runs (its Nest app on a free port) on the test's database; `env`: more of its environment. */
export const startIntake = async (databaseUrl: string, env: Record<string, string>): Promise<{ app: INestApplication; baseUrl: string }> => {
  const config = loadServiceConfig('intake', { DATABASE_URL: databaseUrl, AUTH_JWKS: TEST_AUTH_JWKS, EVENT_POLL_INTERVAL_MS: '50', ...env });
  const app = await startService(intakeService, { ...config, port: 0 }, { handleSignals: false });
  return { app, baseUrl: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
};

/** A consumer's complaint at SH01's service desk, as the desk registers it (POST /complaints); `extra` says what differs. */
export const walkInComplaint = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  mallId: 'SH01',
  channel: 'walk-in',
  place: '1F 总服务台',
  kind: 'complaint',
  category: 'service-attitude',
  complainantType: 'consumer',
  description: '收银员态度差 / the cashier was rude',
  ...extra,
});
