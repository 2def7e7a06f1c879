/**
 * Summarises a Chromium trace written by `bench/browser-train.ts --trace FILE`: per thread, the
 * wall and CPU time of its top-level tasks, and a timeline of how busy each thread is per
 * 250 ms (wall-clock share), to see when the forest workers wait.
 * Usage: npx tsx bench/experiments/trace-summary.ts FILE [bucketMs=250]
 */
import { readFileSync } from 'node:fs';
import type { TraceEvent as Ev } from '../task-cpu.ts';

const file = process.argv[2];
const bucket = Number(process.argv[3] ?? 250) * 1000;
const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: Ev[] } | Ev[];
const events = Array.isArray(raw) ? raw : raw.traceEvents;
const names = new Map<string, string>();
for (const e of events) {
  if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
}
const TOP = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
const byThread = new Map<string, { spans: [number, number][]; cpu: number }>();
for (const e of events) {
  if (e.ph !== 'X' || !TOP.has(e.name) || !e.dur) continue;
  const key = `${e.pid}:${e.tid}`;
  const t = byThread.get(key) ?? { spans: [], cpu: 0 };
  t.spans.push([e.ts, e.ts + e.dur]);
  t.cpu += e.tdur ?? 0;
  byThread.set(key, t);
}
// Nested RunTask events: keep only outermost spans.
for (const t of byThread.values()) {
  t.spans.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const s of t.spans) {
    const last = out.at(-1);
    if (last && s[0] < last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([...s]);
  }
  t.spans = out;
}
const rows = [...byThread.entries()]
  .map(([k, t]) => ({
    k,
    name: names.get(k) ?? '?',
    wall: t.spans.reduce((a, s) => a + s[1] - s[0], 0),
    cpu: t.cpu,
    t
  }))
  .filter((r) => r.wall > 50_000)
  .sort((a, b) => b.wall - a.wall);
const t0 = rows.reduce((m, r) => Math.min(m, r.t.spans[0][0]), Infinity);
const t1 = rows.reduce((m, r) => Math.max(m, r.t.spans.at(-1)![1]), -Infinity);
console.log(`span ${((t1 - t0) / 1000).toFixed(0)} ms`);
for (const r of rows) {
  const cells: string[] = [];
  for (let b = t0; b < t1; b += bucket) {
    let busy = 0;
    for (const [s, e] of r.t.spans) busy += Math.max(0, Math.min(e, b + bucket) - Math.max(s, b));
    cells.push(String(Math.min(9, Math.floor((10 * busy) / bucket))));
  }
  console.log(
    `${r.name.padEnd(28).slice(0, 28)} wall ${(r.wall / 1000).toFixed(0).padStart(5)} ms cpu ${(r.cpu / 1000).toFixed(0).padStart(5)} ms  ${cells.join('')}`
  );
}
