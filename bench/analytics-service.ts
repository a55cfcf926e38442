/**
 * The analytics service as its own process for the benches (analytics-bench, hq-rollup-bench): started
 * on a free port against the bench's database, stopped, its memory and CPU read from /proc, and the
 * projection rebuild (`npm run analytics:rebuild`) of a build run as its own process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PRODUCING_SERVICES, schemaOf } from '@mallcare/contracts';
import { createServiceDataSource, migrateServiceSchema } from '@mallcare/event-store';
import { generateSigningJwk, publicKeySetOf, type GroupPolicy, type TokenJwk } from '@mallcare/policy';
import { Client } from 'pg';
import { checkGeneratedContracts, generatedGroupPolicy, loadMonth, type LoadedMonth } from './analytics-month';
import { freePort, tail } from './harness';
import { createDatabase, dropDatabase, startBenchPostgres } from './postgres';
import { nowMs, round, say, sleep } from './stats';

const root = resolve(__dirname, '..', '..');

export interface Service {
  child: ChildProcess;
  baseUrl: string;
}

export const startAnalytics = async (env: Record<string, string>, logFile: string): Promise<Service> => {
  const port = await freePort();
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(root, 'dist', 'services', 'analytics', 'src', 'main.js')], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`analytics exited with ${child.exitCode}; log tail:\n${tail(logFile)}`);
    if (await fetch(`${baseUrl}/health/ready`).then((response) => response.ok, () => false)) return { child, baseUrl };
    await sleep(300);
  }
  child.kill('SIGKILL');
  throw new Error(`analytics not ready in 120 s; log tail:\n${tail(logFile)}`);
};

export const stopService = async (service: Service): Promise<void> => {
  if (service.child.exitCode !== null) return;
  await new Promise<void>((done) => {
    const kill = setTimeout(() => service.child.kill('SIGKILL'), 15_000);
    service.child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    service.child.kill('SIGTERM');
  });
};

/** Resident memory of a process (VmRSS) or its peak so far (VmHWM), from /proc (MiB); null elsewhere. */
export const residentMiB = (pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | null => {
  if (pid === undefined) return null;
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
};

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 1/100 s); null elsewhere. */
export const cpuSeconds = (pid: number | undefined): number | null => {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};

export interface RebuildRun {
  events: number;
  cases: number;
  millis: number;
  eventsPerSecond: number;
  /** Peak resident memory of the rebuild process (VmHWM), MiB. */
  peakRssMiB: number;
  /** CPU seconds of the rebuild process (PostgreSQL's not counted): on a shared host a steadier measure than wall time. */
  cpuSeconds: number;
}

/**
 * `npm run analytics:rebuild` of a build (this one, or the "before" one) as its own process on the
 * bench's database: its progress lines shown as they come, its peak RSS read from /proc (VmHWM, the
 * kernel's high-water mark) until it exits; killed after BENCH_REBUILD_TIMEOUT_S.
 */
export const runRebuild = async (buildRoot: string, databaseUrl: string, label: string, timeoutSeconds: number): Promise<RebuildRun> => {
  const child = spawn(process.execPath, [join(buildRoot, 'dist', 'services', 'analytics', 'src', 'bin', 'rebuild-case-paths.js')], {
    cwd: buildRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = nowMs();
  let peak = 0;
  let cpu = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, residentMiB(child.pid, 'VmHWM') ?? 0);
    cpu = cpuSeconds(child.pid) ?? cpu;
  }, 50);
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1_000);
  let stdout = '';
  let stderrTail = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4_000);
    for (const line of chunk.toString().split('\n').filter(Boolean)) say(`  ${label} ${((nowMs() - started) / 1000).toFixed(1)} s: ${line}`);
  });
  const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)));
  clearInterval(sampler);
  clearTimeout(killer);
  if (code !== 0) throw new Error(`${label} rebuild exited with ${code} (peak RSS ${peak} MiB); stderr tail:\n${stderrTail}`);
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Omit<RebuildRun, 'peakRssMiB' | 'cpuSeconds'>;
  return { ...result, peakRssMiB: peak, cpuSeconds: cpu };
};


/**
 * The generated group of `malls` malls and one month of its logs in an empty bench database: every
 * producer's schema, analytics' own (the service started once on the empty logs, then stopped while
 * the month is written), the month, and the policy analytics keeps for the GroupPolicyChanged that
 * added the malls.
 */
export const seedGroupMonth = async (
  databaseUrl: string,
  analyticsEnv: Record<string, string>,
  logFile: string,
  options: { malls: number; casesPerMall: number; bigMallCases: number; month: string },
): Promise<{ policy: GroupPolicy; loaded: LoadedMonth }> => {
  const policy: GroupPolicy = generatedGroupPolicy(options.malls, '2026-01-01T00:00:00.000Z');
  checkGeneratedContracts(policy.version);
  for (const service of PRODUCING_SERVICES) {
    const dataSource = createServiceDataSource({ url: databaseUrl, schema: schemaOf(service) });
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, schemaOf(service));
    await dataSource.destroy();
  }
  await stopService(await startAnalytics(analyticsEnv, logFile));
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const loadStarted = nowMs();
    const loaded = await loadMonth(client, { ...options, policyVersion: policy.version, progress: say });
    say(`loaded ${loaded.cases} cases, ${loaded.events} events in ${((nowMs() - loadStarted) / 1000).toFixed(0)} s`);
    await client.query(`INSERT INTO analytics.policy_versions (revision, version, effective_from, policy, event_id) VALUES ($1, $2, $3, $4, gen_random_uuid())`, [
      policy.revision,
      policy.version,
      policy.effectiveFrom,
      JSON.stringify(policy),
    ]);
    await client.query('VACUUM ANALYZE');
    return { policy, loaded };
  } finally {
    await client.end();
  }
};

export interface GroupMonth {
  databaseUrl: string;
  /** The analytics service's environment on the bench database: it accepts staff tokens signed with `signingJwk`. */
  env: Record<string, string>;
  logFile: string;
  signingJwk: TokenJwk;
  policy: GroupPolicy;
  loaded: LoadedMonth;
  /** Failures the bench records and goes on after; any fails the run. */
  errors: string[];
}

/**
 * A bench on the generated group's month (seedGroupMonth) in a bench PostgreSQL: `measure` runs on it and
 * returns the summary; then the database is dropped and the server stopped whatever happened, and the
 * summary is printed as the last line (JSON), with any errors (the exit code 1).
 */
export const benchOnGroupMonth = async (
  bench: { name: string; summaryName: string; settings: { malls: number; casesPerMall: number; bigMallCases: number }; month: string },
  measure: (month: GroupMonth) => Promise<Record<string, unknown>>,
): Promise<void> => {
  const postgres = await startBenchPostgres((line) => process.stderr.write(`${line}\n`));
  say(`PostgreSQL: ${postgres.description}`);
  const database = await createDatabase(postgres.serverUrl, `bench_${bench.name.replace(/-/g, '_')}`);
  const logFile = join(tmpdir(), `mallcare-${bench.name}-bench-${randomBytes(3).toString('hex')}.log`);
  const signingJwk = generateSigningJwk();
  const env = { DATABASE_URL: database.url, AUTH_JWKS: JSON.stringify(publicKeySetOf([signingJwk])), EVENT_POLL_INTERVAL_MS: '200' };
  const errors: string[] = [];
  let summary: Record<string, unknown> = {};
  try {
    const { malls, casesPerMall, bigMallCases } = bench.settings;
    const seeded = await seedGroupMonth(database.url, env, logFile, { malls, casesPerMall, bigMallCases, month: bench.month });
    summary = await measure({ databaseUrl: database.url, env, logFile, signingJwk, ...seeded, errors });
  } catch (error) {
    errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  } finally {
    await dropDatabase(postgres.serverUrl, database.name).catch(() => undefined);
    await postgres.stop();
  }
  for (const error of errors) process.stderr.write(`${bench.name} bench failed – ${error}\n`);
  say('');
  say(JSON.stringify({ bench: bench.summaryName, at: new Date().toISOString(), ...summary, errors }));
  if (errors.length > 0) process.exitCode = 1;
};
