/**
 * Replays the forest jobs of the default plan (the ten fits `exoforest train` makes on the
 * three archive tables) in Node and in Chromium module workers, with nothing else running:
 * how fast the engine itself is in each, cold (round 0) and warm, on one worker and on two
 * workers that each grow their half of every forest (as the app's pool does).
 * Usage: npx tsx bench/experiments/fit-replay.ts [rounds=3]
 * Needs ../shared/data and /usr/bin/chromium; bundles the worker with esbuild (a dependency of tsx).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { loadInputs } from '../../src/cli/training.ts';
import { chromiumCpuMs, cpuDelta } from '../proc-cpu.ts';
import { defaultPlan, inProcessTrainer, trainStaged } from '../../src/lib/core/pipeline/index.ts';
import { replayJobs, type RecordedJob } from './fit-replay-jobs.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = process.env.EXOFOREST_DATA ?? path.resolve(here, '../../../shared/data');
const rounds = Number(process.argv[2] ?? 3);

const tables = await loadInputs(
  ['cumulative_2025.10.04_07.34.55.csv', 'k2.csv', 'TOI_2025.10.04_07.29.48.csv'].map((f) =>
    path.join(data, f)
  ),
  '--data'
);
const jobs: RecordedJob[] = [];
await trainStaged(
  tables.map((t) => ({ table: t.table, name: t.file, report: t.report })),
  defaultPlan('vetting'),
  {
    trainer: (job) => {
      const { X, y, params, sampleWeight } = job;
      jobs.push({ X, y, params, sampleWeight });
      return inProcessTrainer(job);
    }
  }
);
console.log(`${jobs.length} forest jobs recorded`);
console.log(`node, 1 thread:\n${replayJobs(jobs, rounds, 0, 1).join('\n')}`);

// Typed arrays as plain arrays (NaN as null) for the page; the worker rebuilds them.
const json = JSON.stringify(
  jobs.map((j) => ({
    ...j,
    X: { ...j.X, data: Array.from(j.X.data, (v) => (Number.isNaN(v) ? null : v)) },
    y: Array.from(j.y),
    sampleWeight: j.sampleWeight ? Array.from(j.sampleWeight) : null
  }))
);
const bundle = await build({
  stdin: {
    contents: `import { replayJobs, fromJson } from './fit-replay-jobs.ts';
      onmessage = async (e) => {
        const jobs = fromJson(await (await fetch('/jobs.json')).json());
        postMessage(replayJobs(jobs, e.data.rounds, e.data.part, e.data.parts).join('\\n'));
      };`,
    resolveDir: here,
    loader: 'ts'
  },
  bundle: true,
  format: 'esm',
  write: false,
  logLevel: 'error'
});
const server = createServer((req, res) => {
  const [type, body] =
    req.url === '/w.js'
      ? ['text/javascript', bundle.outputFiles[0].text]
      : req.url === '/jobs.json'
        ? ['application/json', json]
        : ['text/html', '<p>replay</p>'];
  res.setHeader('content-type', type);
  res.end(body);
}).listen(0);
await new Promise((r) => server.once('listening', r));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    // Diagnosis only, e.g. FIT_REPLAY_JS_FLAGS='--no-maglev' to see which tier costs the cold round.
    ...(process.env.FIT_REPLAY_JS_FLAGS ? [`--js-flags=${process.env.FIT_REPLAY_JS_FLAGS}`] : [])
  ]
});
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${(server.address() as AddressInfo).port}/`);
  for (const parts of [1, 2]) {
    const cpu0 = chromiumCpuMs();
    const out = await page.evaluate(
      ([n, r]) =>
        Promise.all(
          Array.from({ length: n }, (_, part) => {
            const w = new Worker('/w.js', { type: 'module' });
            return new Promise<string>((resolve) => {
              w.onmessage = (e) => resolve(e.data as string);
              w.postMessage({ rounds: r, part, parts: n });
            });
          })
        ),
      [parts, rounds] as const
    );
    const cpu1 = chromiumCpuMs();
    out.forEach((o, i) => console.log(`chromium, ${parts} worker(s), worker ${i}:\n${o}`));
    console.log(`  chromium CPU over all rounds (ms): ${cpuDelta(cpu0, cpu1) ?? 'no /proc here'}`);
  }
} finally {
  await browser.close();
  server.close();
}
