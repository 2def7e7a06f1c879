/**
 * Main-thread task CPU time, for the browser benchmarks on a shared machine: a long task's
 * duration ('longtask' entries) is wall time and grows when other processes take the CPU; the
 * thread CPU time of the same task does not. Records a Chrome trace of top-level tasks (the
 * light 'toplevel' category) for one page and returns its renderer main thread's tasks, placed
 * on the page's performance.now() clock. Opt-in (BENCH_TASK_CPU=1): tracing adds a little
 * overhead to every task.
 */
import type { Page } from 'playwright-core';

export interface TaskTime {
  /** Start, in the page's performance.now() milliseconds. */
  start: number;
  wallMs: number;
  cpuMs: number;
}

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export const taskCpuEnabled = process.env.BENCH_TASK_CPU === '1';

const MARK = 'bench-task-cpu-clock';

/** Starts tracing `page`; the returned function stops it and returns the page's tasks. */
export async function traceTasks(page: Page): Promise<() => Promise<TaskTime[]>> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const ev of e.value as TraceEvent[]) events.push(ev);
  });
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'blink.user_timing'] },
    transferMode: 'ReportEvents'
  });
  return async () => {
    // A mark at a known performance.now() ties the trace clock to the page's.
    const markAt = await page.evaluate((name) => performance.mark(name).startTime, MARK);
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
    const mark = events.find((e) => e.name === MARK);
    if (!mark) throw new Error('task-cpu: the clock mark is not in the trace');
    const main = events.find(
      (e) => e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain'
    );
    if (!main) throw new Error("task-cpu: no renderer main thread in the page's process");
    const offset = mark.ts / 1000 - markAt;
    const tasks = events
      .filter(
        (e) =>
          e.ph === 'X' &&
          e.pid === main.pid &&
          e.tid === main.tid &&
          (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask')
      )
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const out: TaskTime[] = [];
    let end = -Infinity;
    for (const t of tasks) {
      if (t.ts < end) continue; // nested in the previous task
      end = t.ts + (t.dur ?? 0);
      out.push({
        start: t.ts / 1000 - offset,
        wallMs: (t.dur ?? 0) / 1000,
        cpuMs: (t.tdur ?? 0) / 1000
      });
    }
    return out;
  };
}
