/**
 * Browser classify benchmark. Targets it reports: issue 6, TOI end to end under 3 s offline and no
 * main-thread task over 100 ms while a 10,000-row file is processed; issue 4, the main thread never
 * blocked more than 50 ms while a file loads.
 *
 * Serves the built site (EXOFOREST_BUILD, default build/; this benchmark does not build: run
 * `npx vite build` first), drives Debian's Chromium with playwright-core, waits until the service
 * worker controls the page, goes offline and reloads, then for each real archive table (median of
 * 3 runs) measures the time from setting the file on the classify page's file input to the page's
 * own "done" signal (one parse-result, no job left), and the main-thread long tasks in that window
 * (PerformanceObserver 'longtask', buffered). It times `exoforest classify FILE --out` (a whole
 * process, tsx start-up included) on the same file in the same run and prints the browser/CLI ratio.
 * With BENCH_TASK_CPU=1 it also reports the longest task's main-thread CPU time (task-cpu.ts),
 * which other processes on a shared machine do not stretch.
 * bench/run.ts registers it; it also runs alone:  npx tsx bench/browser-classify.ts [--json]
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import sirv from 'sirv';
import { printTable, type Row } from './run.ts';
import { taskCpuEnabled, traceTasks } from './task-cpu.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.EXOFOREST_DATA ?? path.resolve(projectRoot, '../shared/data');
const buildDir = path.resolve(projectRoot, process.env.EXOFOREST_BUILD ?? 'build');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.BENCH_PORT ?? 4391);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const FILES = ['cumulative_2025.10.04_07.34.55.csv', 'k2.csv', 'TOI_2025.10.04_07.29.48.csv'];
const RUNS = 3;
const SECTION = 'browser-classify';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (v: number, d = 0) => Number(v.toFixed(d));

function skipped(note: string): Row[] {
  console.log(`${SECTION}: skipped, ${note}`);
  return [{ section: SECTION, case: 'skipped', note }];
}

function cliMs(file: string, out: string): Promise<number> {
  const t0 = performance.now();
  const args = [path.join(projectRoot, 'bin/exoforest.js'), 'classify', file, '--out', out];
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { cwd: projectRoot, maxBuffer: 1 << 26 }, (err, _o, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(performance.now() - t0)
    )
  );
}

/** Reloads (offline: from the service worker), then times one file from pick to "done". */
async function classifyOnce(page: Page, file: string) {
  const response = await page.reload();
  if (!response?.fromServiceWorker()) throw new Error('reload was not served by the worker');
  await page.getByTestId('model-in-use').filter({ hasText: 'Model:' }).waitFor();
  const stopTrace = taskCpuEnabled ? await traceTasks(page) : null;
  const start = await page.evaluate(() => performance.now());
  const t0 = performance.now();
  await page.getByLabel('Choose CSV files').setInputFiles(file);
  await page.getByTestId('parse-result').waitFor({ timeout: 120_000 });
  await page.getByTestId('job').waitFor({ state: 'detached', timeout: 120_000 });
  const ms = performance.now() - t0;
  // The charts' section renders a slice after the table: count its tasks too.
  await page.getByRole('heading', { name: 'Period and radius' }).waitFor({ state: 'attached' });
  await page.waitForTimeout(300); // let the observer deliver the window's entries
  const end = await page.evaluate(() => performance.now());
  const tasks = await page.evaluate(
    () => (window as unknown as { __tasks: [number, number][] }).__tasks
  );
  const durations = tasks.filter(([s]) => s >= start && s < end).map(([, d]) => d);
  const cpu = stopTrace
    ? (await stopTrace()).filter((t) => t.start >= start && t.start < end).map((t) => t.cpuMs)
    : [];
  const text = (await page.getByTestId('row-count').textContent()) ?? '';
  return {
    ms,
    maxTask: durations.length ? durations.reduce((a, b) => Math.max(a, b), -Infinity) : 0,
    maxTaskCpu: stopTrace ? cpu.reduce((a, b) => Math.max(a, b), 0) : undefined,
    over50: durations.filter((d) => d > 50).length,
    over100: durations.filter((d) => d > 100).length,
    rows: Number(/of ([\d,]+) rows/.exec(text)?.[1].replace(/,/g, '') ?? NaN),
    job: /last job took ([^.]+\.\d s|\d+ ms)/.exec(text)?.[1] ?? ''
  };
}

export async function browserClassifyBench(opts: { json: boolean }): Promise<Row[]> {
  const files = FILES.map((f) => path.join(dataDir, f));
  if (files.some((f) => !existsSync(f)))
    return skipped(`the archive tables are not in ${dataDir} (set EXOFOREST_DATA)`);
  if (!existsSync(path.join(buildDir, 'index.html')))
    return skipped(`no built site in ${buildDir}: run \`npx vite build\` (or set EXOFOREST_BUILD)`);
  if (!existsSync(chromiumPath))
    return skipped(`no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);

  const assets = sirv(buildDir, { dev: false, etag: true, extensions: ['html'] });
  const server = createServer((req, res) =>
    assets(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    })
  );
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: FLAGS });
  const tmp = mkdtempSync(path.join(tmpdir(), 'exoforest-bc-'));
  const rows: Row[] = [];
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const w = window as unknown as { __tasks: [number, number][] };
      w.__tasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__tasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`http://localhost:${port}/`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, {
      timeout: 15_000
    });
    await context.setOffline(true);

    for (const [i, file] of files.entries()) {
      const runs = [];
      for (let r = 0; r < RUNS; r++) runs.push(await classifyOnce(page, file));
      const cli = [];
      for (let r = 0; r < RUNS; r++) cli.push(await cliMs(file, path.join(tmp, 'x.csv')));
      const browserMs = median(runs.map((r) => r.ms));
      const cliMedian = median(cli);
      const maxTask = runs.map((r) => r.maxTask).reduce((a, b) => Math.max(a, b), -Infinity);
      rows.push({
        section: SECTION,
        case: FILES[i],
        rows: runs[0].rows,
        browserMs: round(browserMs),
        browserRunsMs: runs.map((r) => round(r.ms)).join('/'),
        workerJob: runs[runs.length - 1].job,
        cliMs: round(cliMedian),
        ratio: round(browserMs / cliMedian, 2),
        maxTaskMs: round(maxTask),
        maxTaskRunsMs: runs.map((r) => round(r.maxTask)).join('/'),
        maxTaskCpuMs: taskCpuEnabled
          ? round(runs.map((r) => r.maxTaskCpu ?? 0).reduce((a, b) => Math.max(a, b), -Infinity))
          : undefined,
        maxTaskCpuRunsMs: taskCpuEnabled
          ? runs.map((r) => round(r.maxTaskCpu ?? 0)).join('/')
          : undefined,
        tasksOver50: runs.map((r) => r.over50).reduce((a, b) => Math.max(a, b), -Infinity),
        tasksOver100: runs.map((r) => r.over100).reduce((a, b) => Math.max(a, b), -Infinity),
        under3s: FILES[i].startsWith('TOI') ? browserMs < 3000 : undefined,
        noTaskOver100: maxTask <= 100,
        noTaskOver50: maxTask <= 50
      });
    }
    await context.setOffline(false);
    await context.close();
    if (errors.length) rows.forEach((r) => (r.pageErrors = errors.length));
  } finally {
    await browser.close();
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!opts.json) printTable(`Browser classify, offline (median of ${RUNS}; CLI process)`, rows);
  return rows;
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(fileURLToPath(import.meta.url));
if (isMain) {
  const rows = await browserClassifyBench({ json: process.argv.includes('--json') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
}
