/**
 * What fresh memory costs in a Chromium worker on this machine: a worker idles, spins, or
 * allocates (and fills) typed arrays of one size in a loop for 3 s, and the CPU time of all
 * Chromium processes (user and system, from /proc) is printed for each. On these VMs most of
 * an allocation loop's time is system time (page faults on fresh pages), which is why the
 * engine keeps its scratch memory between fits.
 * Usage: npx tsx bench/experiments/chromium-alloc.ts   (Linux, /usr/bin/chromium)
 */
import { chromium } from 'playwright-core';
import { chromiumCpuMs, cpuDelta } from '../proc-cpu.ts';

const loop = (body: string) =>
  `const t0 = performance.now(); let n = 0; while (performance.now() - t0 < 3000) { ${body} } postMessage(n);`;
const cases: Record<string, string> = {
  // The first seconds after a page opens, Chromium does work of its own: let it pass.
  settle: `setTimeout(() => postMessage(0), 3000)`,
  idle: `setTimeout(() => postMessage(0), 3000)`,
  spin: loop('n += Math.sqrt(n + 1);'),
  'alloc 64 KB': loop('const a = new Float64Array(8192); a.fill(1); n++;'),
  'alloc 1 MB': loop('const a = new Float64Array(131072); a.fill(1); n++;'),
  'alloc 4 MB': loop('const a = new Float64Array(524288); a.fill(1); n++;'),
  'reuse 4 MB': `const a = new Float64Array(524288); ${loop('a.fill(n); n++;')}`
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
});
try {
  const page = await browser.newPage();
  await page.goto('data:text/html,<p>alloc</p>');
  for (const [name, code] of Object.entries(cases)) {
    const c0 = chromiumCpuMs();
    const t0 = Date.now();
    const n = await page.evaluate(
      (src) =>
        new Promise((resolve) => {
          const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
          const w = new Worker(url);
          w.onmessage = (e) => (resolve(e.data), w.terminate());
        }),
      code
    );
    const c1 = chromiumCpuMs();
    console.log(
      `${name.padEnd(12)} wall ${Date.now() - t0} ms, CPU (ms) ${cpuDelta(c0, c1) ?? 'no /proc here'}, iterations ${Math.round(Number(n))}`
    );
  }
} finally {
  await browser.close();
}
