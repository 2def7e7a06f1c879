/**
 * CPU time and page faults from Linux's /proc, for the browser benchmarks: how much of the two
 * cores Chromium (every process, every thread) and the CLI really used, kernel time included.
 * Times in ms (clock ticks of 10 ms); every reader returns null / empty where /proc is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface CpuMs {
  user: number;
  system: number;
}

export interface ThreadCpu extends CpuMs {
  name: string;
  /** Minor page faults: fresh pages touched. */
  faults: number;
}

const TICK_MS = 10;

/** Name and the fields after it of a /proc stat line (fields[0] is the state). */
function parseStat(text: string): { name: string; fields: string[] } {
  const close = text.lastIndexOf(')');
  return {
    name: text.slice(text.indexOf('(') + 1, close),
    fields: text.slice(close + 2).split(' ')
  };
}

const cpuOf = (f: string[]): CpuMs => ({
  user: Number(f[11]) * TICK_MS,
  system: Number(f[12]) * TICK_MS
});

/** Pids of every Chromium process (its name starts with "chrom"). */
function chromiumPids(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).name.startsWith('chrom')) {
        out.push(pid);
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** CPU of all Chromium processes so far (threads that ended included). */
export function chromiumCpuMs(): CpuMs | null {
  if (!existsSync('/proc/self/stat')) return null;
  const sum = { user: 0, system: 0 };
  for (const pid of chromiumPids()) {
    try {
      const c = cpuOf(parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).fields);
      sum.user += c.user;
      sum.system += c.system;
    } catch {
      // ended meanwhile
    }
  }
  return sum;
}

/** Per thread of every Chromium process, keyed by pid/tid. */
export function chromiumThreads(): Map<string, ThreadCpu> {
  const out = new Map<string, ThreadCpu>();
  if (!existsSync('/proc/self/task')) return out;
  for (const pid of chromiumPids()) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const { name, fields } = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
        out.set(`${pid}/${tid}`, { name, ...cpuOf(fields), faults: Number(fields[7]) });
      }
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** The busiest threads between two chromiumThreads() readings (>= 100 ms), as one line. */
export function threadDeltas(a: Map<string, ThreadCpu>, b: Map<string, ThreadCpu>): string {
  return [...b.entries()]
    .map(([k, t]) => {
      const t0 = a.get(k) ?? { user: 0, system: 0, faults: 0 };
      return {
        name: t.name,
        user: t.user - t0.user,
        system: t.system - t0.system,
        faults: t.faults - t0.faults
      };
    })
    .filter((t) => t.user + t.system >= 100)
    .sort((x, y) => y.user + y.system - (x.user + x.system))
    .map((t) => `${t.name}: user ${t.user}, system ${t.system}, faults ${t.faults}`)
    .join('; ');
}

/** CPU of this process's finished children (e.g. a CLI run it waited for). */
export function childrenCpuMs(): CpuMs | null {
  if (!existsSync('/proc/self/stat')) return null;
  const f = parseStat(readFileSync('/proc/self/stat', 'utf8')).fields;
  return { user: Number(f[13]) * TICK_MS, system: Number(f[14]) * TICK_MS };
}

/** "user U, system S" of the CPU between two readings, or undefined without /proc. */
export function cpuDelta(a: CpuMs | null, b: CpuMs | null): string | undefined {
  return a && b ? `user ${b.user - a.user}, system ${b.system - a.system}` : undefined;
}
