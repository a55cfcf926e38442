import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { eventually, freePort, newDataDir, startSystem, withSystemLog, type RunningSystem } from './support/running-system';
import { asStaff, issueToken } from './support/thin-flow';

const pidOf = (log: string, name: string): number => {
  const pids = [...log.matchAll(new RegExp(`started ${name} \\(pid (\\d+)\\)`, 'g'))].map((match) => Number(match[1]));
  if (pids.length === 0) throw new Error(`the launcher did not say it started ${name}`);
  return pids[pids.length - 1];
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start supervises its processes', () => {
  let dataDir: string;
  let system: RunningSystem | null = null;
  let pgPort: number;

  beforeAll(async () => {
    pgPort = await freePort();
    dataDir = newDataDir('supervision');
  });
  afterAll(async () => {
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts a service killed with SIGKILL while the rest keep running, then stops everything, PostgreSQL too, even with a frozen child', async () => {
    system = await startSystem({ MALLCARE_DATA: dataDir, MALLCARE_PG_PORT: String(pgPort), MALLCARE_PORT_BASE: '4800' });
    const running = system;
    const intake = pidOf(running.output(), 'intake');
    const routing = pidOf(running.output(), 'routing');
    process.kill(intake, 'SIGKILL');

    await withSystemLog(running, () =>
      eventually(async () => (/intake exited \(SIGKILL\).*restarting it/.test(running.output()) ? true : undefined), 20_000, 'the launcher saying it restarts intake'),
    );
    const restarted = await withSystemLog(running, () =>
      eventually(async () => {
        const pid = pidOf(running.output(), 'intake');
        if (pid === intake) return undefined;
        return (await fetch(`${running.baseUrl}/intake/health/ready`)).status === 200 ? pid : undefined;
      }, 60_000, 'intake restarted and ready'),
    );
    expect(restarted).not.toBe(intake);
    expect(alive(routing)).toBe(true);
    expect(running.output()).not.toContain('stopping');

    // The restarted intake takes registrations again.
    const desk = asStaff(await issueToken(running.baseUrl, 'sh01-desk-1'));
    const registered = await desk(`${running.baseUrl}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        mallId: 'SH01', channel: 'walk-in', kind: 'complaint', category: 'engineering-equipment',
        complainantType: 'consumer', description: '扶梯停运', place: '1F',
      }),
    });
    expect(registered.status).toBe(201);

    // A frozen process ignores SIGTERM: the launcher must still end it and PostgreSQL within its bound
    // (past the bound it exits 1, so a clean 0 means every step finished in time).
    const gateway = pidOf(running.output(), 'gateway');
    process.kill(gateway, 'SIGSTOP');
    expect(await running.stop()).toBe(0);
    system = null;
    expect(alive(gateway)).toBe(false);
    const pg = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2_000 });
    await expect(pg.connect()).rejects.toThrow();
  });
});
