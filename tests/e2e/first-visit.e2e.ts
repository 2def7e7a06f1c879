/**
 * A first visit as an astronomer makes it: a sample in one click, results that open ranked and
 * in view, a period-radius chart whose axes hold every object, a plain word on missing
 * features, and the help page.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { collectErrors, csvRows, modelReady, root } from './support.ts';

const SAMPLE = path.join(root, 'static/samples/toi-sample.csv');

/** Smallest and largest period and radius of the sample's rows that have both (from the file). */
function sampleExtent() {
  const rows = csvRows(
    readFileSync(SAMPLE, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n')
  );
  const [head, ...body] = rows;
  const [ip, ir] = [head.indexOf('pl_orbper'), head.indexOf('pl_rade')];
  const pts = body
    .map((r) => [Number(r[ip]), Number(r[ir])])
    .filter(([p, r]) => r !== undefined && p > 0 && r > 0);
  return {
    rows: body.length,
    x: extent(pts.map((p) => p[0])),
    y: extent(pts.map((p) => p[1]))
  };
}

/** [min, max] of a list of any length. */
function extent(values: number[]): [number, number] {
  return values.reduce<[number, number]>(
    ([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)],
    [Infinity, -Infinity]
  );
}

async function drawnScales(page: Page): Promise<Record<string, [number, number]>> {
  const chart = page.getByRole('img', { name: /Orbital period against planet radius/ });
  await chart.scrollIntoViewIfNeeded();
  await expect(chart).toHaveAttribute('data-scales', /"x"/, { timeout: 20_000 });
  return JSON.parse((await chart.getAttribute('data-scales'))!);
}

test('"Try a sample" opens ranked results in view, with axes that hold every object', async ({
  page
}) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await modelReady(page);
  await page.getByTestId('try-sample').click();
  const extent = sampleExtent();
  await expect(page.getByTestId('row-count')).toContainText(`of ${extent.rows} rows`, {
    timeout: 30_000
  });
  // Ranked on load, the rank explained, the results scrolled to and the loader folded.
  await expect(page.getByRole('columnheader', { name: /Rank/ })).toHaveAttribute(
    'aria-sort',
    'ascending'
  );
  await expect(page.locator('[role="row"][aria-rowindex="2"] [role="cell"]').nth(3)).toHaveText(
    '1'
  );
  await expect(page.getByTestId('rank-note')).toContainText('1 = most likely a planet');
  await expect(page.getByRole('heading', { name: 'Results', level: 2 })).toBeInViewport();
  await expect(page.getByLabel('CSV text, including the header line')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'More ways to load' })).toBeVisible();

  const scales = await drawnScales(page);
  expect(scales.x[0]).toBeLessThanOrEqual(extent.x[0]);
  expect(scales.x[1]).toBeGreaterThanOrEqual(extent.x[1]);
  expect(scales.y[0]).toBeLessThanOrEqual(extent.y[0]);
  expect(scales.y[1]).toBeGreaterThanOrEqual(extent.y[1]);
  // The sample spans 0.15 to 1,838 days: the whole range, not a few days of it.
  expect(extent.x[1] / extent.x[0]).toBeGreaterThan(1000);

  // The same file again is flagged, not added twice.
  await page.getByRole('button', { name: 'More ways to load' }).click();
  await page.getByTestId('try-sample').click();
  await expect(page.getByText('is already in the results')).toBeVisible();
  await expect(page.getByTestId('parse-result')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a table without most model features says so on its summary', async ({ page }) => {
  await page.goto('/');
  await modelReady(page);
  const text = [
    'object_id,mission,period_days,planet_radius_re,depth_ppm',
    'X-1,toi,3.5,2.1,800',
    'X-2,toi,12.2,11.0,15000'
  ].join('\n');
  await page.getByLabel('CSV text, including the header line').fill(text);
  await page.getByRole('button', { name: 'Read table' }).click();
  const note = page.getByTestId('missing-features');
  await expect(note).toHaveAttribute('data-trust', 'low', { timeout: 20_000 });
  await expect(note).toContainText('Treat the probabilities as rough');
  // Which features lead the list depends on the shipped model's weights; the count does not.
  await expect(note).toContainText(/TESS rows: \d+ model features missing on every row/);
});

test('/help is its own page and links the archive tables', async ({ page }) => {
  await page.goto('/help');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help');
  await expect(page.getByRole('cell', { name: 'APC', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /TESS Objects of Interest/ })).toHaveAttribute(
    'href',
    /config=TOI/
  );
});
