import { startTestPostgres, TEST_DATABASE_URL_VAR } from './test-postgres';

export default async function globalSetup(): Promise<void> {
  const postgres = await startTestPostgres();
  process.env[TEST_DATABASE_URL_VAR] = postgres.url;
  (globalThis as { __MALLCARE_PG__?: typeof postgres }).__MALLCARE_PG__ = postgres;
}
