import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface System {
  baseUrl: string;
  log: () => string;
  stop(): Promise<void>;
}

/**
 * `npm start`'s system (dist/scripts/launch.js: embedded PostgreSQL, every service its own process,
 * the gateway serving the built console) on its own ports and data folder, as
 * test/support/running-system.ts starts it for the API end-to-end tests.
 */
const startOnce = async (root: string, portBase: number, settings: Record<string, string>): Promise<System> => {
  const launcher = join(root, 'dist', 'scripts', 'launch.js');
  if (!existsSync(launcher) || !existsSync(join(root, 'dist', 'web', 'console', 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  const data = mkdtempSync(join(tmpdir(), 'mallcare-console-e2e-'));
  // As root, embedded PostgreSQL runs as its own user, which must reach the folder.
  chmodSync(data, 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_FORMAT: 'json', MALLCARE_PORT_BASE: String(portBase), MALLCARE_PG_PORT: String(portBase + 90), MALLCARE_DATA: data, ...settings };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'MALLCARE_TEST_DATABASE_URL']) delete env[name];
  const child: ChildProcess = spawn(process.execPath, [launcher], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 180_000;
  let baseUrl: string | undefined;
  while (!baseUrl) {
    baseUrl = /ready — base URL: (http:\/\/\S+)/.exec(log)?.[1];
    if (baseUrl) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      rmSync(data, { recursive: true, force: true });
      const file = join(root, 'dist', `console-e2e-system-${Date.now()}.log`);
      writeFileSync(file, log);
      throw new Error(`the system did not start (whole log in ${file}):\n${startFailure(log)}`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return {
    baseUrl,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      rmSync(data, { recursive: true, force: true });
    },
  };
};

/** The lines of the process that ended the start (the launcher names it), then the log's tail. */
const startFailure = (log: string): string => {
  const culprit = /\[mallcare\] (\S+) exited while starting/.exec(log)?.[1];
  const own = culprit ? log.split('\n').filter((line) => line.startsWith(`[${culprit}]`)).slice(-20).join('\n') : '';
  return `${own ? `${culprit}'s last lines:\n${own}\n…\n` : ''}${log.slice(-2000)}`;
};

/**
 * One more try when the first start fails (its log is kept): two cores shared by many runs make a slow start time out.
 * `settings` are environment variables for every process (e.g. OIDC_ISSUER); the gateway is on portBase, or portBase + 10 on the second try.
 */
export const startSystem = async (root: string, portBase: number, settings: Record<string, string> = {}): Promise<System> => {
  try {
    return await startOnce(root, portBase, settings);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}; starting again\n`);
    return startOnce(root, portBase + 10, settings);
  }
};
