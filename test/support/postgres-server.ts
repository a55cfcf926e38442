import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface PostgresServer {
  /** postgres:// URL of the server's `postgres` database. */
  adminUrl: string;
  urlOf(database: string): string;
  start(): Promise<void>;
  /** A fast shutdown (SIGINT): sessions are terminated with 57P01, as when an operator restarts it. */
  stop(): Promise<void>;
  /** Stops it if running and removes its data. */
  destroy(): Promise<void>;
}

/** A PostgreSQL of the test's own (never the shared one), in a temporary folder, that it may stop and start. */
export const startPostgresServer = async (): Promise<PostgresServer> => {
  const dir = mkdtempSync(join(tmpdir(), 'mallcare-own-pg-'));
  chmodSync(dir, 0o755);
  const port = 30000 + Math.floor(Math.random() * 9000);
  const password = randomBytes(8).toString('hex');
  const child = spawn(process.execPath, [join(__dirname, 'postgres-server-child.js'), join(dir, 'data'), String(port), password], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const answers: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => answers.shift()?.(line));
  const send = (command: string) =>
    new Promise<void>((resolve, reject) => {
      answers.push((line) => (line === `ok ${command}` ? resolve() : reject(new Error(`postgres ${command}: ${line}`))));
      child.stdin.write(`${command}\n`);
    });
  await send('init');
  await send('start');
  const urlOf = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlOf('postgres'),
    urlOf,
    start: () => send('start'),
    stop: () => send('stop'),
    destroy: async () => {
      child.stdin.end();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
