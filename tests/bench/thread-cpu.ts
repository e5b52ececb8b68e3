/**
 * CPU time of Chromium's threads from Linux's /proc (utime + stime, in clock ticks of 10 ms), for
 * the panels bench's DETAIL: on a two-core machine a filter change is bound by the CPU that all its
 * threads want, and the page's own (main thread, workers) is only part of it — V8's background
 * threads compile DuckDB's WebAssembly to its top tier and collect garbage on the same cores.
 * Elsewhere than Linux the snapshot is empty and nothing is printed.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Milliseconds per clock tick (USER_HZ is 100 on Linux). */
const TICK_MS = 10;

interface ThreadTime {
  group: string;
  ms: number;
}

export type CpuSnapshot = Map<string, ThreadTime>;

/** A file's text, a directory's entries: null when gone (the process or thread ended meanwhile) or no /proc. */
const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};
const list = (path: string): string[] => {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
};

/** Which part of the browser a thread is: by its process's --type and its own name. */
function groupOf(type: string, pid: string, tid: string, name: string): string {
  if (type === 'renderer') {
    if (tid === pid) return 'page main';
    if (name === 'DedicatedWorker') return 'workers';
    if (name.startsWith('ThreadPoolForeg')) return 'V8 background';
    return 'renderer other';
  }
  return type === '' ? 'browser' : type === 'gpu-process' ? 'GPU' : 'other';
}

/** The CPU time so far of every thread of every Chromium process. */
export function cpuSnapshot(): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  for (const pid of list('/proc').filter((p) => /^\d+$/.test(p))) {
    const cmdline = read(`/proc/${pid}/cmdline`);
    if (!cmdline || !/chrom/i.test(cmdline.split('\0')[0] ?? '')) continue;
    const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? '';
    for (const tid of list(`/proc/${pid}/task`)) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      // The name is in parentheses and may hold spaces; the fields after it are space-separated.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      out.set(`${pid}/${tid}`, { group: groupOf(type, pid, tid, name), ms: ticks * TICK_MS });
    }
  }
  return out;
}

/**
 * The CPU each group of threads took between two snapshots, most first; each worker's own too,
 * largest first (usually the engine's, then the phrase counter's). Null when there is nothing to
 * tell (no /proc).
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): string | null {
  const groups = new Map<string, number>();
  const workers: number[] = [];
  let total = 0;
  for (const [key, t] of after) {
    const ms = t.ms - (before.get(key)?.ms ?? 0);
    if (ms <= 0) continue;
    total += ms;
    groups.set(t.group, (groups.get(t.group) ?? 0) + ms);
    if (t.group === 'workers') workers.push(ms);
  }
  if (!after.size) return null;
  const parts = [...groups]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([g, ms]) => `${g} ${ms}${g === 'workers' ? ` (${workers.sort((a, b) => b - a).join(' + ')})` : ''}`,
    );
  return `${total} ms: ${parts.join(', ')}`;
}
