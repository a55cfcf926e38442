/**
 * CPU accounting from /proc (Linux): on a 2-core machine every contender is CPU-bound, so CPU per
 * event (client and server) explains a throughput figure better than the figure alone, and it is
 * far less disturbed by other work on the host than events/s. Everything returns null elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc/<pid>/stat and /proc/stat times; 100 on every Linux build that matters. */
const TICKS_PER_SECOND = 100;

export interface HostCpu {
  busyTicks: number;
  totalTicks: number;
}

/** Whole-host CPU counters (all cores): busy = everything but idle and iowait. */
export const hostCpu = (): HostCpu | null => {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busyTicks: total - idle, totalTicks: total };
  } catch {
    return null;
  }
};

/** Share of the host's CPU time that was busy between two readings (0–1). */
export const hostBusyShare = (before: HostCpu | null, after: HostCpu | null): number | null =>
  before && after && after.totalTicks > before.totalTicks ? (after.busyTicks - before.busyTicks) / (after.totalTicks - before.totalTicks) : null;

export interface ProcessCpu {
  pid: number;
  ppid: number;
  /** User+system CPU since the process started, in µs. */
  cpuMicros: number;
  /** User+system CPU of its children that exited and were waited for, in µs. */
  reapedChildrenCpuMicros: number;
}

/** Every process's parent and CPU time so far, or null where /proc is not there. */
export const processTable = (): ProcessCpu[] | null => {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const table: ProcessCpu[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.push({
      pid: Number(entry),
      ppid: Number(fields[1]),
      cpuMicros: ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / TICKS_PER_SECOND,
      reapedChildrenCpuMicros: ((Number(fields[13]) + Number(fields[14])) * 1_000_000) / TICKS_PER_SECOND,
    });
  }
  return table;
};

/**
 * User+system CPU, in µs, of a process and its direct children: for a PostgreSQL postmaster, every
 * backend, the WAL writer, checkpointer and autovacuum. Children that exited in between (autovacuum
 * workers, short connections) count through the root's reaped-children time; without it a backend
 * exiting between two readings made the difference negative.
 */
export const processTreeCpuMicros = (rootPid: number | null, table: ProcessCpu[] | null = processTable()): number | null => {
  if (rootPid === null || table === null) return null;
  const root = table.find((process) => process.pid === rootPid);
  const children = table.filter((process) => process.ppid === rootPid).reduce((sum, process) => sum + process.cpuMicros, 0);
  return (root ? root.cpuMicros + root.reapedChildrenCpuMicros : 0) + children;
};

export const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
};
