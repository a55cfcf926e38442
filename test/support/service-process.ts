import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { ServiceName } from '@mallcare/contracts';

const root = resolve(__dirname, '..', '..');
/** Runs a service's main.ts from the sources (compiled in memory), so the test never runs a stale dist/. */
const registerTs = join(root, 'libs', 'messaging', 'src', 'test-support', 'register-ts.js');

export interface ServiceProcess {
  service: ServiceName;
  pid: number;
  url: string;
  output: () => string;
  /** Resolves with the exit code (null when a signal ended it) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** One service as its own process (`node main.ts`, exactly its runServiceProcess), ready when /health/ready says so. */
export const startServiceProcess = async (
  service: ServiceName,
  port: number,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ServiceProcess> => {
  const cleanEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'MALLCARE_TEST_DATABASE_URL', 'PORT']) delete cleanEnv[name];
  const child: ChildProcess = spawn(process.execPath, ['-r', registerTs, join(root, 'services', service, 'src', 'main.ts')], {
    cwd: root,
    env: { ...cleanEnv, LOG_FORMAT: 'text', ...env, PORT: String(port) } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${service} exited while starting:\n${log.slice(-4000)}`);
    const ready = await fetch(`${url}/health/ready`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${service} not ready in ${timeoutMs / 1000}s:\n${log.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    service,
    pid: child.pid ?? -1,
    url,
    output: () => log,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
};
