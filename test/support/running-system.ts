import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

/** A TCP port nobody listens on now (the OS picks it), for a system's PostgreSQL: e2e files run side by side. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/** A new, empty MALLCARE_DATA directory for a system (readable by the embedded PostgreSQL's own user). */
export const newDataDir = (name: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `mallcare-${name}-`));
  chmodSync(dir, 0o755);
  return dir;
};

export interface RunningSystem {
  baseUrl: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/**
 * Runs `dist/scripts/launch.js` (what `npm start` runs after its build) as a child process: every
 * service its own process, exactly as a user would, and waits for the printed base URL.
 */
export const startSystem = async (env: Record<string, string | undefined>, timeoutMs = 120_000): Promise<RunningSystem> => {
  const launcher = join(root, 'dist', 'scripts', 'launch.js');
  if (!existsSync(launcher)) throw new Error('dist/ is missing: `npm test` builds it; run `npm run build` first');
  const cleanEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'MALLCARE_TEST_DATABASE_URL']) delete cleanEnv[name];
  const child: ChildProcess = spawn(process.execPath, [launcher], {
    cwd: root,
    env: { ...cleanEnv, LOG_FORMAT: 'json', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const deadline = Date.now() + timeoutMs;
  let baseUrl: string | null = null;
  while (!baseUrl) {
    const match = /ready — base URL: (http:\/\/\S+)/.exec(log);
    if (match) baseUrl = match[1];
    else if (child.exitCode !== null) throw new Error(`the system exited with ${child.exitCode}:\n${log.slice(-4000)}`);
    else if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the system did not get ready in ${timeoutMs / 1000}s:\n${log.slice(-4000)}`);
    } else await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    output: () => log,
    stop: async () => {
      // MALLCARE_SYSTEM_LOG=<file> keeps the whole log of the run for a look afterwards.
      if (process.env.MALLCARE_SYSTEM_LOG) writeFileSync(process.env.MALLCARE_SYSTEM_LOG, log);
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
};

/** Polls until `check` returns a value (not undefined) or fails with the last error after `timeoutMs`. */
export const eventually = async <T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} not reached in ${timeoutMs / 1000}s${lastError ? `: ${String(lastError)}` : ''}`);
};

/** Runs a step against the system and, if it fails, adds the tail of the system's own log to the error. */
export const withSystemLog = async <T>(system: RunningSystem, step: () => Promise<T>): Promise<T> => {
  try {
    return await step();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- system log (tail) ---\n${system.output().slice(-6000)}`);
  }
};

export const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

/** The pid the launcher last said it started `name` with (a restarted process has a new one). */
export const pidOf = (log: string, name: string): number => {
  const pids = [...log.matchAll(new RegExp(`started ${name} \\(pid (\\d+)\\)`, 'g'))].map((match) => Number(match[1]));
  if (pids.length === 0) throw new Error(`the launcher did not say it started ${name}`);
  return pids[pids.length - 1];
};

/** A long run's progress on stderr as it goes (jest shows console output only at the end). */
export const progress = (label: string) => (what: string) => process.stderr.write(`[${label} ${new Date().toISOString().slice(11, 19)}] ${what}\n`);
