import { spawn, type ChildProcess } from 'node:child_process';

/** How the supervisor restarts a process that died and how long a stop may take. */
export interface SupervisionSettings {
  /** First wait before restarting a process that exited on its own; doubles on each quick death. */
  restartBackoffMs: number;
  maxRestartBackoffMs: number;
  /** A process that stayed up this long is healthy again: its next death starts the backoff afresh. */
  stableAfterMs: number;
  /** After SIGTERM, how long a process may take to exit before it is killed. */
  stopGraceMs: number;
}

export const DEFAULT_SUPERVISION: SupervisionSettings = {
  restartBackoffMs: 1_000,
  maxRestartBackoffMs: 30_000,
  stableAfterMs: 60_000,
  stopGraceMs: 6_000,
};

/** The wait before the next restart, given how many quick deaths came before it (pure, for the spec). */
export const restartDelay = (quickDeaths: number, settings: SupervisionSettings): number =>
  Math.min(settings.maxRestartBackoffMs, settings.restartBackoffMs * 2 ** Math.max(0, quickDeaths - 1));

interface Supervised {
  name: string;
  start: () => ChildProcess;
  child: ChildProcess | null;
  startedAt: number;
  quickDeaths: number;
  restarts: number;
  restartTimer: NodeJS.Timeout | null;
}

/**
 * Keeps a set of processes running: one that exits while the system is not stopping is started again
 * after a backoff, the others keep running. `stopAll` ends every process within `stopGraceMs`,
 * whatever state it is in (SIGTERM, then SIGKILL).
 */
export class Supervisor {
  private readonly processes = new Map<string, Supervised>();
  private stopping = false;

  constructor(
    private readonly say: (line: string) => void,
    /** Asked when a process exits on its own: false stops the restarts (e.g. before the system was ever ready). */
    private readonly mayRestart: (name: string) => boolean = () => true,
    private readonly settings: SupervisionSettings = DEFAULT_SUPERVISION,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spawns `node <args>` under supervision; output lines are prefixed with the name. */
  run(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): void {
    const entry: Supervised = {
      name,
      child: null,
      startedAt: 0,
      quickDeaths: 0,
      restarts: 0,
      restartTimer: null,
      start: () => {
        const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
        prefixLines(name, child.stdout, process.stdout);
        prefixLines(name, child.stderr, process.stderr);
        return child;
      },
    };
    this.processes.set(name, entry);
    this.launch(entry);
  }

  /** Names and process ids of what runs now (a restarted process has a new pid). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.processes.values()].map((entry) => [entry.name, entry.child?.pid]));
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    const running = [...this.processes.values()];
    for (const entry of running) if (entry.restartTimer) clearTimeout(entry.restartTimer);
    await Promise.all(running.map((entry) => (entry.child ? stopChild(entry.child, this.settings.stopGraceMs) : Promise.resolve())));
  }

  private launch(entry: Supervised): void {
    entry.restartTimer = null;
    const child = entry.start();
    entry.child = child;
    entry.startedAt = this.now();
    this.say(`started ${entry.name} (pid ${child.pid})`);
    child.once('exit', (code, signal) => {
      if (entry.child === child) entry.child = null;
      if (this.stopping || !this.mayRestart(entry.name)) return;
      const uptime = this.now() - entry.startedAt;
      entry.quickDeaths = uptime >= this.settings.stableAfterMs ? 1 : entry.quickDeaths + 1;
      entry.restarts += 1;
      const delay = restartDelay(entry.quickDeaths, this.settings);
      this.say(
        `${entry.name} exited (${signal ?? `code ${code}`}) after ${(uptime / 1000).toFixed(1)}s; ` +
          `restarting it in ${(delay / 1000).toFixed(1)}s (restart ${entry.restarts}); the other services keep running`,
      );
      entry.restartTimer = setTimeout(() => {
        if (!this.stopping) this.launch(entry);
      }, delay);
    });
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone (also if it already was). */
export const stopChild = (child: ChildProcess, graceMs: number): Promise<void> =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });

const prefixLines = (name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
  let pending = '';
  stream?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
};
