/**
 * The exp and log that calibration and tree-group weights use give the same bits in Chromium
 * as in Node (the CLI), where Math.exp and Math.log do not: a shared model's calibrated
 * probabilities must not depend on the engine that computes them.
 */
import { expect, test } from '@playwright/test';
import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exactExp, exactLog, exactLog1p } from '../../src/lib/core/exact-math.ts';
import { root } from './support.ts';

/** Inputs spread over the ranges calibration and group weights meet, from a fixed LCG. */
function inputs(n: number): number[] {
  const out: number[] = [];
  let s = 4242;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    out.push((s / 2147483647) * 60 - 30);
  }
  return out;
}

test('exact exp / log / log1p give the same bits in Chromium as in Node', async ({ page }) => {
  const source = readFileSync(path.join(root, 'src/lib/core/exact-math.ts'), 'utf8');
  const js = transformSync(source, { loader: 'ts', format: 'iife', globalName: 'exactMath' }).code;
  await page.goto('/');
  const xs = inputs(50_000);
  const inBrowser = await page.evaluate(
    ({ js, xs }) => {
      const m = new Function(`${js}; return exactMath;`)();
      const ours = xs.map((x: number) => [
        m.exactExp(x),
        m.exactLog(Math.abs(x)),
        m.exactLog1p(Math.abs(x) - 0.9)
      ]);
      return { ours, builtin: xs.map((x: number) => [Math.exp(x), Math.log(Math.abs(x))]) };
    },
    { js, xs }
  );
  const ours = xs.map((x) => [exactExp(x), exactLog(Math.abs(x)), exactLog1p(Math.abs(x) - 0.9)]);
  expect(inBrowser.ours).toEqual(ours);
  // Why this module exists: the engines' own functions disagree on some of these inputs.
  const builtinDiffer = xs.filter(
    (x, i) =>
      inBrowser.builtin[i][0] !== Math.exp(x) || inBrowser.builtin[i][1] !== Math.log(Math.abs(x))
  ).length;
  console.log(
    `Math.exp / Math.log differ between Chromium and Node on ${builtinDiffer} of ${xs.length} inputs`
  );
});
