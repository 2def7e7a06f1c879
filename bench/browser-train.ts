/**
 * Browser training benchmark: serves the built site (build/, which this benchmark does not
 * build: run `npx vite build` first), drives Debian's Chromium with playwright-core to store the
 * three real archive tables and train the default plan on the Train page, and compares:
 *  - wall time of the browser run (Train click to results on screen; trees grown by a pool of
 *    navigator.hardwareConcurrency module workers) with the CLI's single-process training time
 *    for the same files, plan and seed, measured in the same run (ratio < 1: the browser is faster),
 *    and the same for the pipeline's own phases only (pipelineRatio: no click, table loading,
 *    messages or rendering on the browser side; the CLI's time never includes reading files);
 *  - the longest main-thread task while training (PerformanceObserver 'longtask');
 *  - that the browser's report equals the CLI's (log loss to 1e-12: Math.log may differ by an ulp
 *    between Chromium and Node).
 * With BENCH_TASK_CPU=1 it also reports the longest tasks' main-thread CPU time (task-cpu.ts),
 * which other processes on a shared machine do not stretch. --trace FILE records a full Chromium
 * trace instead (Chromium traces one session at a time, so not together with BENCH_TASK_CPU).
 * bench/run.ts registers it; it also runs alone:
 *   npx tsx bench/browser-train.ts [--json] [--trace FILE] [--repeat N (medians of N runs)]
 *     [--warm (click once the page's warm-up run is done) | --both (each round: both cases)]
 *     [--second-run (train again in the same page)] [--screenshot FILE (the results, PNG)]
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import sirv from 'sirv';
import {
  childrenCpuMs,
  chromiumCpuMs,
  chromiumThreads,
  cpuDelta,
  threadDeltas
} from './proc-cpu.ts';
import { taskCpuEnabled, traceTasks } from './task-cpu.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.EXOFOREST_DATA ?? path.resolve(projectRoot, '../shared/data');
const buildDir = process.env.EXOFOREST_BUILD ?? path.join(projectRoot, 'build');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];
/** KOI, K2 (the custom column set: it has transit depth and duration), TESS: in stage order. */
const FILES = ['cumulative_2025.10.04_07.34.55.csv', 'k2.csv', 'TOI_2025.10.04_07.29.48.csv'];
const SECTION = 'browser-train';

type Row = Record<string, unknown>;

function skipped(note: string): Row[] {
  console.log(`${SECTION}: skipped, ${note}`);
  return [{ section: SECTION, case: 'skipped', note }];
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const assets = sirv(dir, { dev: false, etag: true, extensions: ['html'], gzip: false });
  const server = createServer((req, res) =>
    assets(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    })
  );
  return new Promise((resolve) =>
    server.listen(0, 'localhost', () =>
      resolve({ server, url: `http://localhost:${(server.address() as AddressInfo).port}` })
    )
  );
}

function run(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { cwd: projectRoot, maxBuffer: 1 << 28 }, (err, stdout, stderr) =>
      err
        ? reject(new Error(`${err.message}\n${stderr}`))
        : resolve({ stdout, stderr, ms: performance.now() - t0 })
    )
  );
}

async function download(page: Page, testid: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return readFileSync((await d.path())!);
}

/** Numbers that differ between two reports (log loss within 1e-12 relative counts as equal). */
function differences(a: unknown, b: unknown, where = 'report', out: string[] = []): string[] {
  if (typeof a === 'number' && typeof b === 'number' && where.endsWith('.logLoss')) {
    if (Math.abs(a - b) > 1e-12 * Math.max(1, Math.abs(b))) out.push(where);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${where}.${k}`,
        out
      );
    }
  } else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(where);
  return out;
}

const round = (v: number, d = 0) => Number(v.toFixed(d));
const sumPhases = (t: Record<string, number>) => Object.values(t).reduce((a, b) => a + b, 0);

export interface BrowserTrainOptions {
  json: boolean;
  /**
   * Click Train once the page's warm-up run is done (a user who looks at the settings for a
   * few seconds); otherwise as soon as the form shows, which stops the warm-up.
   */
  warm?: boolean;
  /** Then train again in the same page (workers and their compiled code kept). */
  secondRun?: boolean;
  /** A Chromium trace of the run (of the second one with secondRun). */
  trace?: string;
  /** A full-page screenshot of the results (PNG), once the candidate list has rendered. */
  screenshot?: string;
}

/** `npm run bench`: both cases, clicking at once and after the warm-up. */
export async function browserTrainSection(opts: { json: boolean }): Promise<Row[]> {
  const atOnce = await browserTrainBench({ ...opts, warm: false });
  if (atOnce[0]?.case === 'skipped') return atOnce;
  return [...atOnce, ...(await browserTrainBench({ ...opts, warm: true }))];
}

export async function browserTrainBench(opts: BrowserTrainOptions): Promise<Row[]> {
  const files = FILES.map((f) => path.join(dataDir, f));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length)
    return skipped(`the archive tables are not in ${dataDir} (set EXOFOREST_DATA)`);
  if (!existsSync(chromiumPath))
    return skipped(`no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
  if (!existsSync(path.join(buildDir, 'train.html'))) {
    return skipped(`no built site in ${buildDir}: run \`npx vite build\` first`);
  }

  const { server, url } = await serve(buildDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    // BENCH_JS_FLAGS: V8 flags for a diagnosis (e.g. --trace-deopt, printed with DEBUG=pw:browser).
    args: [
      ...CHROMIUM_FLAGS,
      ...(process.env.BENCH_JS_FLAGS ? [`--js-flags=${process.env.BENCH_JS_FLAGS}`] : [])
    ]
  });
  const tmp = mkdtempSync(path.join(tmpdir(), 'exoforest-bench-'));
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const w = window as unknown as { __tasks: [number, number][] };
      w.__tasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__tasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
      // On the page's own clock: the Train click, the results view entering the page, and the
      // end of the frame that first paints it (a task queued from that frame's rAF callback).
      const at = window as unknown as Record<string, number>;
      document.addEventListener(
        'click',
        (e) => {
          const t = e.target as Element | null;
          if (t?.closest?.('[data-testid="train-button"]')) at.__clickAt = performance.now();
        },
        true
      );
      new MutationObserver(() => {
        if (at.__resultsAt || !document.querySelector('[data-testid="results"]')) return;
        at.__resultsAt = performance.now();
        requestAnimationFrame(() => setTimeout(() => (at.__resultsPaintedAt = performance.now())));
      }).observe(document, { childList: true, subtree: true });
    });

    // BENCH_WORKERS=n: pretend the machine has n cores, so the pool starts n forest workers
    // (a diagnostic: 1 shows the per-tree cost in Chromium without a second busy worker).
    const poolSize = Number(process.env.BENCH_WORKERS ?? 0);
    if (poolSize > 0) {
      // A string, not a function: tsx would wrap the getter in a __name() the page lacks.
      await page.addInitScript(
        `Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get() { return ${poolSize}; } });`
      );
    }

    // Store the three tables (parsed in the parse worker, kept in IndexedDB).
    await page.goto(`${url}/datasets`);
    const t0 = performance.now();
    await page.getByLabel('Choose CSV files').setInputFiles(files);
    await page
      .getByTestId('dataset-row')
      .nth(FILES.length - 1)
      .waitFor({ timeout: 300_000 });
    const storeMs = performance.now() - t0;

    // Train the default plan (the form's defaults: preset "default", seed 42).
    await page.goto(`${url}/train`);
    await page.getByTestId('stage-toi').getByText(FILES[2]).waitFor();
    const hw = await page.evaluate(() => navigator.hardwareConcurrency);
    // --warm: click once the page's warm-up run is done (a user who looks at the settings for
    // a few seconds); without it the click comes as soon as the form shows, and stops the warm-up.
    let warmUpMs: number | undefined;
    let warmUpCpu: ReturnType<typeof cpuDelta> | undefined;
    if (opts.warm) {
      const tw = performance.now();
      const cw = chromiumCpuMs();
      await page
        .locator('[data-testid="train-button"][data-workers-warm="true"]')
        .waitFor({ timeout: 120_000 });
      warmUpMs = round(performance.now() - tw);
      // Chromium's CPU while it keeps the tables in the train worker and warms up.
      warmUpCpu = cpuDelta(cw, chromiumCpuMs());
    }
    const stopTrace = taskCpuEnabled ? await traceTasks(page) : null;
    const startedAt = await page.evaluate(() => performance.now());
    // --trace FILE: a Chromium trace of the run (every thread's tasks), for chrome://tracing or
    // Perfetto: shows which workers are busy when.
    const tracePath = opts.trace;
    if (tracePath && stopTrace) throw new Error('--trace and BENCH_TASK_CPU=1: use one at a time');
    const secondRun = opts.secondRun === true;
    const startTrace = async () => {
      if (!tracePath) return;
      await browser.startTracing(page, {
        path: tracePath,
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          // Sampled JS stacks per thread (ProfileChunk events): which functions each worker runs.
          ...(process.env.BENCH_TRACE_JS ? ['disabled-by-default-v8.cpu_profiler'] : []),
          // More, comma-separated (e.g. toplevel,v8,disabled-by-default-v8.gc: what V8's
          // background threads do).
          ...(process.env.BENCH_TRACE_CATEGORIES?.split(',') ?? [])
        ]
      });
    };
    // With --second-run the trace covers the second (warm) run.
    if (!secondRun) await startTrace();
    const threads0 = chromiumThreads();
    const cpu0 = chromiumCpuMs();
    const t1 = performance.now();
    await page.getByTestId('train-button').click();
    await page.getByTestId('results').waitFor({ timeout: 1_800_000 });
    const browserMs = performance.now() - t1;
    const cpu1 = chromiumCpuMs();
    const threads1 = chromiumThreads();
    // The results render in slices: wait for the last one, then let its tasks be reported.
    await page.getByTestId('candidate-list').waitFor({ timeout: 60_000 });
    if (tracePath && !secondRun) await browser.stopTracing();
    await page.waitForTimeout(1000);
    const clock = await page.evaluate(() => {
      const at = window as unknown as Record<string, number | undefined>;
      return { click: at.__clickAt, inDom: at.__resultsAt, painted: at.__resultsPaintedAt };
    });
    const tasks = await page.evaluate(
      () => (window as unknown as { __tasks: [number, number][] }).__tasks
    );
    const cpu = stopTrace ? await stopTrace() : null; // before the download's own tasks
    // After the tasks were read: a screenshot is main-thread work of its own.
    if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: true });
    const report = JSON.parse((await download(page, 'download-report')).toString('utf8'));
    // Training: from the click until the job ended (its elapsedMs); then the results render.
    const trainedAt = startedAt + report.elapsedMs;
    const during = tasks.filter(([s]) => s >= startedAt && s < trainedAt).map(([, d]) => d);
    const after = tasks.filter(([s]) => s >= trainedAt).map(([, d]) => d);
    const cpuMax = (from: number, to: number) =>
      cpu
        ? round(
            cpu
              .filter((t) => t.start >= from && t.start < to)
              .reduce((m, t) => Math.max(m, t.cpuMs), 0)
          )
        : undefined;
    // --second-run: train again in the same page (workers and their compiled code kept), to
    // see how much of the first run is the JIT's warm-up.
    let secondRunMs: number | undefined;
    if (secondRun) {
      await startTrace();
      const t2 = performance.now();
      await page.getByTestId('train-button').click();
      await page.getByTestId('results').waitFor({ state: 'detached', timeout: 60_000 });
      await page.getByTestId('results').waitFor({ timeout: 1_800_000 });
      secondRunMs = round(performance.now() - t2);
      if (tracePath) await browser.stopTracing();
    }
    await context.close();

    // The CLI, single process, same files (same order), plan and seed.
    const planFile = path.join(tmp, 'plan.json');
    writeFileSync(planFile, JSON.stringify(report.plan));
    const child0 = childrenCpuMs();
    const cli = await run(process.execPath, [
      path.join(projectRoot, 'bin/exoforest.js'),
      'train',
      ...files.flatMap((f) => ['--data', f]),
      '--plan',
      planFile,
      '--out',
      path.join(tmp, 'cli.exoforest'),
      '--json',
      path.join(tmp, 'cli.json')
    ]);
    const child1 = childrenCpuMs();
    const trained = /trained in ([\d.]+) s/.exec(cli.stderr);
    const cliTrainMs = trained ? Number(trained[1]) * 1000 : NaN;
    const cliReport = JSON.parse(readFileSync(path.join(tmp, 'cli.json'), 'utf8'));
    const diffs = differences(report.report, cliReport.report);
    const staged = report.report.models.staged.combined;

    const row: Row = {
      section: SECTION,
      case: `default plan, KOI + K2 + TESS, ${opts.warm ? 'click after the warm-up' : 'click at once'}`,
      trees: report.plan.stages.reduce((n: number, s: { trees: number }) => n + s.trees, 0),
      workers: report.workers,
      hardwareConcurrency: hw,
      storeTablesMs: round(storeMs),
      browserTrainMs: round(browserMs),
      browserJobMs: report.elapsedMs,
      // The page's clock, from the click event: results in the DOM, and painted. browserTrainMs
      // adds Playwright's side (dispatching the click, polling until it sees the view).
      pageResultsInDomMs: round((clock.inDom ?? NaN) - (clock.click ?? NaN)),
      pageResultsPaintedMs: round((clock.painted ?? NaN) - (clock.click ?? NaN)),
      pageRatio: round(((clock.painted ?? NaN) - (clock.click ?? NaN)) / cliTrainMs, 3),
      cliTrainMs: round(cliTrainMs),
      cliProcessMs: round(cli.ms),
      ratio: round(browserMs / cliTrainMs, 3),
      ...(warmUpMs !== undefined ? { waitedForWarmUpMs: warmUpMs, warmUpCpuMs: warmUpCpu } : {}),
      ...(secondRunMs !== undefined
        ? { secondRunMs, secondRunRatio: round(secondRunMs / cliTrainMs, 3) }
        : {}),
      // The same span on both sides: the pipeline's own phases (trainStaged), without the
      // browser's click, stored-table loading, messages and results rendering.
      pipelineRatio: round(sumPhases(report.timingsMs) / sumPhases(cliReport.timingsMs), 3),
      // CPU time (user + system, ms) of all Chromium processes from the click to the results,
      // and of the whole CLI process (reading the files included): where the cores went.
      browserCpuMs: cpuDelta(cpu0, cpu1),
      browserThreadsCpuMs: threadDeltas(threads0, threads1),
      cliProcessCpuMs: cpuDelta(child0, child1),
      longestTaskMs: during.length ? round(during.reduce((a, b) => Math.max(a, b), -Infinity)) : 0,
      longTasks: during.length,
      longestRenderTaskMs: after.length
        ? round(after.reduce((a, b) => Math.max(a, b), -Infinity))
        : 0,
      longestTaskCpuMs: cpuMax(startedAt, trainedAt),
      longestRenderTaskCpuMs: cpuMax(trainedAt, Infinity),
      phasesBrowserMs: Object.entries(report.timingsMs as Record<string, number>)
        .map(([k, v]) => `${k} ${round(v)}`)
        .join(', '),
      phasesCliMs: Object.entries(cliReport.timingsMs as Record<string, number>)
        .map(([k, v]) => `${k} ${round(v)}`)
        .join(', '),
      accuracy: round(staged.accuracy, 4),
      sameAsCli: diffs.length === 0,
      differences: diffs.length ? diffs.slice(0, 5).join(', ') : '',
      pageErrors: errors.length
    };
    if (!opts.json) {
      console.log(`\n## Browser training (Chromium, real archive tables)\n`);
      for (const [k, v] of Object.entries(row)) console.log(`${k.padEnd(22)} ${String(v)}`);
    }
    return [row];
  } finally {
    await browser.close();
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `--repeat N`: N independent runs (a fresh browser, fresh stores and the CLI each time), then
 * the medians. The CLI's own time varies by a quarter from minute to minute on this shared
 * machine, so one run's ratio says little. With `--both`, each of the N rounds runs both cases
 * (click at once, then after the warm-up), interleaved, with medians per case.
 */
async function repeated(n: number, opts: BrowserTrainOptions, both: boolean): Promise<Row[]> {
  const { json } = opts;
  let rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    if (both) rows = rows.concat(await browserTrainSection(opts));
    else rows = rows.concat(await browserTrainBench(opts));
  }
  const summaries: Row[] = [];
  for (const kase of new Set(rows.map((r) => r.case))) {
    const runs = rows.filter((r) => r.case === kase && typeof r.ratio === 'number');
    if (runs.length === 0) continue;
    const col = (k: string) => runs.map((r) => r[k] as number);
    const summary: Row = {
      section: SECTION,
      case: `${kase}: median of ${runs.length} runs`,
      browserTrainMs: median(col('browserTrainMs')),
      pageResultsPaintedMs: median(col('pageResultsPaintedMs')),
      cliTrainMs: median(col('cliTrainMs')),
      ratio: round(median(col('ratio')), 3),
      ratios: col('ratio').join(', '),
      pageRatio: round(median(col('pageRatio')), 3),
      pageRatios: col('pageRatio').join(', '),
      pipelineRatio: round(median(col('pipelineRatio')), 3),
      longestTaskMs: col('longestTaskMs').reduce((a, b) => Math.max(a, b), -Infinity),
      sameAsCli: runs.every((r) => r.sameAsCli === true)
    };
    summaries.push(summary);
    if (!json) {
      console.log(`\n## Browser training, ${summary.case}\n`);
      for (const [k, v] of Object.entries(summary)) console.log(`${k.padEnd(22)} ${String(v)}`);
    }
  }
  return [...rows, ...summaries];
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(fileURLToPath(import.meta.url));
if (isMain) {
  const json = process.argv.includes('--json');
  const traceAt = process.argv.indexOf('--trace');
  const shotAt = process.argv.indexOf('--screenshot');
  const opts: BrowserTrainOptions = {
    json,
    warm: process.argv.includes('--warm'),
    secondRun: process.argv.includes('--second-run'),
    trace: traceAt > 0 ? process.argv[traceAt + 1] : undefined,
    screenshot: shotAt > 0 ? process.argv[shotAt + 1] : undefined
  };
  const at = process.argv.indexOf('--repeat');
  const n = at > 0 ? Number(process.argv[at + 1]) : 1;
  if (!Number.isInteger(n) || n < 1) throw new Error('--repeat takes a whole number of runs >= 1');
  const both = process.argv.includes('--both');
  const rows = n > 1 || both ? await repeated(n, opts, both) : await browserTrainBench(opts);
  if (json) console.log(JSON.stringify(rows, null, 2));
}
