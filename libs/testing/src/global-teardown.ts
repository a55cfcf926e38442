export default async function globalTeardown(): Promise<void> {
  const postgres = (globalThis as { __MALLCARE_PG__?: { stop(): Promise<void> } }).__MALLCARE_PG__;
  await postgres?.stop();
}
