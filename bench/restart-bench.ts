/**
 * Restart-to-ready under load: intake and routing run as their own processes (dist/, Kafka transport,
 * this run's own PostgreSQL database and Kafka namespace) while desks register complaints; each
 * service in turn is killed with SIGKILL and started again at once, and the time from the new
 * process's spawn to its first 200 on /health/ready is measured, with the phases its own log line
 * reports ("started in … ms since the process began (ms: loading code …, database, … consumers …)").
 *
 *   npm run build && node dist/bench/restart-bench.js
 *   env: KAFKA_BROKERS (127.0.0.1:19092), BENCH_RESTARTS (3 per service), BENCH_LOAD_DESKS (4),
 *        BENCH_MAX_S (240: the whole run, load included, stops there), DATABASE_URL (else embedded),
 *        BENCH_COMPILE_CACHE (1: the services get NODE_COMPILE_CACHE as under `npm start`; 0: off)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { patchKafkaRequestQueue } from '@mallcare/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { generateSigningJwk, identityOfStaff, publicKeySetOf, SAMPLE_GROUP_POLICY, signingKeyFromJwk, signStaffToken } from '@mallcare/policy';
import { startBenchPostgres } from './postgres';
import { envInt, median, say, sleep } from './stats';

// The bench's own kafkajs as the services run it: without kafkajs' 1 ms timer loop on every idle connection.
patchKafkaRequestQueue();

const root = resolve(__dirname, '..', '..');
const SERVICES = ['intake', 'routing'] as const;
type Service = (typeof SERVICES)[number];

const settings = {
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').map((b) => b.trim()).filter(Boolean),
  restarts: envInt('BENCH_RESTARTS', 3, 1, 20),
  desks: envInt('BENCH_LOAD_DESKS', 4, 1, 64),
  maxSeconds: envInt('BENCH_MAX_S', 240, 30, 1_800),
};

interface Running {
  child: ChildProcess;
  log: () => string;
  exited: Promise<void>;
}

const spawnService = (service: Service, env: Record<string, string>): Running => {
  const child = spawn(process.execPath, [join(root, 'dist', 'services', service, 'src', 'main.js')], {
    cwd: root,
    env: { ...process.env, ...env, PORT: env[`${service.toUpperCase()}_PORT`] } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  return { child, log: () => log, exited: new Promise((done) => child.once('exit', () => done())) };
};

const untilReady = async (url: string, running: Running, deadline: number): Promise<void> => {
  for (;;) {
    if (running.child.exitCode !== null) throw new Error(`exited while starting:\n${running.log().slice(-3000)}`);
    if (await fetch(`${url}/health/ready`).then((r) => r.status === 200, () => false)) return;
    if (Date.now() > deadline) throw new Error(`not ready before the run's bound:\n${running.log().slice(-3000)}`);
    await sleep(25);
  }
};

const phasesOf = (log: string): string => /started in \d+ ms since the process began \(ms: ([^)]*)\)/.exec(log)?.[1] ?? '(no phase line)';

const main = async (): Promise<void> => {
  const deadline = Date.now() + settings.maxSeconds * 1000;
  const postgres = await startBenchPostgres((line) => process.stderr.write(`${line}\n`));
  const database = `restart_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: postgres.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(postgres.serverUrl);
  url.pathname = `/${database}`;
  const namespace = `bench-${randomUUID().slice(0, 8)}`;
  const signingJwk = generateSigningJwk('EdDSA', 'restart-bench');
  const portBase = 46000 + Math.floor(Math.random() * 2000);
  const env: Record<string, string> = {
    DATABASE_URL: url.toString(),
    KAFKA_BROKERS: settings.brokers.join(','),
    KAFKA_NAMESPACE: namespace,
    AUTH_JWKS: JSON.stringify(publicKeySetOf([signingJwk])),
    THROTTLE_LIMIT: '0',
    INTAKE_PII_MASTER_KEY: randomBytes(32).toString('base64'),
    INTAKE_PORT: String(portBase),
    ROUTING_PORT: String(portBase + 1),
    LOG_FORMAT: 'text',
    // As `npm start` runs the services (BENCH_COMPILE_CACHE=0 leaves it off).
    ...(process.env.BENCH_COMPILE_CACHE === '0' ? {} : { NODE_COMPILE_CACHE: join(root, '.cache', 'bench-compile-cache') }),
  };
  const urlOf = (service: Service) => `http://127.0.0.1:${env[`${service.toUpperCase()}_PORT`]}`;
  say(`restart-to-ready: intake and routing on Kafka (${settings.brokers.join(',')}, namespace ${namespace}), ${postgres.description}`);

  const running = new Map<Service, Running>();
  const runningOf = (service: Service): Running => {
    const found = running.get(service);
    if (!found) throw new Error(`${service} is not running`);
    return found;
  };
  let loadOn = true;
  let registered = 0;
  let loadErrors = 0;
  const results: { service: Service; ms: number; phases: string }[] = [];
  try {
    for (const service of SERVICES) running.set(service, spawnService(service, env));
    for (const service of SERVICES) await untilReady(urlOf(service), runningOf(service), deadline);
    say(`first start: ${SERVICES.map((service) => `${service} ${phasesOf(runningOf(service).log())}`).join(' | ')}`);

    const identity = identityOfStaff(SAMPLE_GROUP_POLICY, 'sh01-desk-1');
    if (!identity) throw new Error('the sample group has no sh01-desk-1');
    const bearer = `Bearer ${signStaffToken(identity, { key: signingKeyFromJwk(signingJwk), expiresInSeconds: 2 * 60 * 60, issuer: 'mallcare', audience: 'mallcare-api' })}`;
    const desk = async (d: number) => {
      for (let n = 0; loadOn && Date.now() < deadline; n++) {
        const ok = await fetch(`${urlOf('intake')}/complaints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: bearer, 'idempotency-key': `${namespace}-${d}-${n}` },
          body: JSON.stringify({ mallId: 'SH01', channel: 'walk-in', place: '1F', kind: 'complaint', category: 'service-attitude', complainantType: 'consumer', description: `restart bench ${d}-${n}` }),
        }).then((r) => r.status === 201, () => false);
        if (ok) registered++;
        else {
          loadErrors++;
          await sleep(100);
        }
      }
    };
    const load = Promise.all(Array.from({ length: settings.desks }, (_, d) => desk(d)));

    for (let round = 1; round <= settings.restarts; round++) {
      for (const service of [...SERVICES].reverse()) {
        await sleep(3_000);
        const old = runningOf(service);
        old.child.kill('SIGKILL');
        await old.exited;
        const started = performance.now();
        const fresh = spawnService(service, env);
        running.set(service, fresh);
        await untilReady(urlOf(service), fresh, deadline);
        const ms = Math.round(performance.now() - started);
        results.push({ service, ms, phases: phasesOf(fresh.log()) });
        say(`round ${round}: ${service} killed (SIGKILL) under load, ready again in ${ms} ms — ${phasesOf(fresh.log())}`);
      }
    }
    loadOn = false;
    await load;
  } finally {
    loadOn = false;
    for (const { child } of running.values()) child.kill('SIGKILL');
    await Promise.all([...running.values()].map((r) => r.exited));
    const kafka = new Kafka({ clientId: 'restart-bench-cleanup', brokers: settings.brokers, logLevel: logLevel.NOTHING }).admin();
    await kafka.connect().then(async () => {
      const topics = (await kafka.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
      if (topics.length > 0) await kafka.deleteTopics({ topics });
      await kafka.disconnect();
    }).catch(() => undefined);
    await postgres.stop();
  }
  say(`load: ${registered} registrations accepted, ${loadErrors} refused or failed while a service restarted`);
  for (const service of SERVICES) {
    const times = results.filter((r) => r.service === service).map((r) => r.ms);
    say(`${service}: restart-to-ready median ${median(times)} ms, max ${Math.max(...times)} ms over ${times.length} restarts`);
  }
  say(JSON.stringify({ restartToReady: results, registered, loadErrors }));
};

main().catch((error: unknown) => {
  process.stderr.write(`restart bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
