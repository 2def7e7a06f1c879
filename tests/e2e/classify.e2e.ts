/**
 * Classify page: a real-format archive file classified in the browser gives the same results
 * file as `exoforest classify` (byte for byte), online and offline; bad files get a visible
 * message; a row can be explained; the page stays usable at 20,000 rows.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  classifyFiles,
  cli,
  collectErrors,
  csvRows,
  downloadedText,
  expectAccessible,
  fixture,
  hasRealData,
  modelReady,
  realFile,
  screenshot
} from './support.ts';

async function downloadResults(page: Page, name: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `Download results CSV for ${name}` }).click()
  ]);
  expect(download.suggestedFilename()).toBe(name.replace(/\.csv$/, '-classified.csv'));
  return downloadedText(download);
}

/**
 * Same columns, same cells, probabilities read back as the same doubles, and the same bytes.
 * (Plain loops, not one expect per cell: Playwright records every expect as a step.)
 */
function expectSameResults(app: string, fromCli: string): void {
  const a = csvRows(app);
  const b = csvRows(fromCli);
  expect(a[0]).toEqual(b[0]);
  expect(a.length).toBe(b.length);
  const probs = b[0].flatMap((h, j) => (h.startsWith('pred_prob_') ? [j] : []));
  expect(probs.length).toBeGreaterThan(1);
  const different: string[] = [];
  for (let i = 1; i < b.length; i++) {
    for (const j of probs) {
      if (Number(a[i][j]) !== Number(b[i][j]))
        different.push(`row ${i} ${b[0][j]}: ${a[i][j]} vs ${b[i][j]}`);
    }
    if (a[i].join('\u0000') !== b[i].join('\u0000')) different.push(`row ${i} differs`);
  }
  expect(different.slice(0, 10)).toEqual([]);
  expect(app === fromCli, 'byte-identical results file').toBe(true);
}

test('a KOI file classified in the browser matches `exoforest classify` byte for byte', async ({
  page
}) => {
  const errors = collectErrors(page);
  const file = fixture('cli', 'koi.csv');
  await page.goto('/');
  await classifyFiles(page, [file]);
  await expect(page.getByTestId('parse-result')).toContainText('koi');
  const app = await downloadResults(page, 'koi.csv');
  expectSameResults(app, cli(['classify', file]));
  // Spreadsheet formulas in text cells are neutralised in the download.
  expect(app).toContain("'=HYPERLINK(");

  // Why: the contributions of the selected row, with a chart.
  await page.getByRole('searchbox', { name: 'Object id contains' }).fill('K00001.01');
  await page.getByRole('button', { name: 'K00001.01' }).click();
  const why = page.getByTestId('why');
  await expect(why).toContainText('Why: K00001.01');
  await expect(why.getByRole('table')).toContainText('Orbital period');
  await expect(why.getByRole('img')).toHaveCount(1);
  await expectAccessible(page, 'the classify page with results and an explanation');
  expect(errors).toEqual([]);
});

test('offline after a reload served by the service worker, a TOI file still matches the CLI', async ({
  page,
  context
}) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15_000 });

  await context.setOffline(true);
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  const file = fixture('cli', 'toi.csv');
  await classifyFiles(page, [file]);
  const app = await downloadResults(page, 'toi.csv');
  await context.setOffline(false);
  expectSameResults(app, cli(['classify', file]));
  expect(errors).toEqual([]);
});

test('results can be filtered, sorted and ranked; charts are drawn', async ({ page }) => {
  await page.goto('/');
  await classifyFiles(page, [fixture('cli', 'koi.csv'), fixture('cli', 'toi.csv')]);
  const count = page.getByTestId('row-count');
  await expect(count).toContainText(/Showing [\d,]+ of [\d,]+ rows/);
  const total = Number((await count.textContent())!.match(/of ([\d,]+) rows/)![1].replace(',', ''));
  await page.getByRole('checkbox', { name: /^TESS/ }).uncheck();
  await expect(count).not.toContainText(`Showing ${total} of`);
  await page.getByRole('checkbox', { name: /^TESS/ }).check();
  // Ranked as it opens: the most likely planet among the unresolved candidates first.
  const ranked = page.getByRole('columnheader', { name: /Rank/ });
  await expect(ranked).toHaveAttribute('aria-sort', 'ascending');
  const firstRank = page.locator('[role="row"][aria-rowindex="2"] [role="cell"]').nth(3);
  await expect(firstRank).toHaveText('1');
  await page.getByRole('checkbox', { name: 'Only unresolved candidates' }).check();
  await expect(count).not.toContainText(`Showing ${total} of`);
  await expect(firstRank).toHaveText('1');
  await page.getByRole('button', { name: /^P\(PLANET\)/ }).click();
  await expect(page.getByRole('columnheader', { name: /P\(PLANET\)/ })).toHaveAttribute(
    'aria-sort',
    'descending'
  );
  await expect(page.locator('canvas')).toHaveCount(2);
  await screenshot(page, 'classify-results.png');
});

test('a PNG renamed .csv is refused with a visible message', async ({ page }) => {
  await page.goto('/');
  await modelReady(page);
  await page.getByLabel('Choose CSV files').setInputFiles({
    name: 'photo.csv',
    mimeType: 'text/csv',
    buffer: readFileSync(fixture('missions', 'bad', 'tiny.png'))
  });
  await expect(page.getByTestId('load-error')).toContainText(/photo\.csv.*PNG image/);
  await expect(page.getByTestId('results-table')).toHaveCount(0);
});

test('one object entered by hand is classified', async ({ page }) => {
  await page.goto('/');
  await modelReady(page);
  await page.getByText("Enter one object's values by hand").click();
  await page.getByLabel('Object id').fill('my candidate');
  await page.getByLabel(/^Orbital period/).fill('9.488');
  await page.getByLabel(/^Transit depth/).fill('615.8');
  await page.getByLabel(/^Planet radius/).fill('2.26');
  await page.getByLabel(/^Stellar effective temperature/).fill('5455');
  await page.getByRole('button', { name: 'Classify this object' }).click();
  await expect(page.getByTestId('parse-result')).toContainText('1 row');
  await expect(
    page.getByTestId('results-table').getByRole('button', { name: 'my candidate' })
  ).toBeVisible();
});

test('cancel stops a running job and the next job still runs', async ({ page }) => {
  test.skip(!hasRealData, 'needs the real archive downloads');
  await page.goto('/');
  await modelReady(page);
  await page
    .getByLabel('Choose CSV files')
    .setInputFiles(realFile('cumulative_2025.10.04_07.34.55.csv'));
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled.')).toBeVisible();
  await expect(page.getByTestId('parse-result')).toHaveCount(0);
  await classifyFiles(page, [fixture('cli', 'toi.csv')]);
});

test('real TOI table: end-to-end time, and identical to the CLI', async ({ page }) => {
  test.skip(!hasRealData, 'needs the real archive downloads');
  test.setTimeout(120_000);
  const file = realFile('TOI_2025.10.04_07.29.48.csv');
  await page.goto('/');
  await modelReady(page);
  const t0 = Date.now();
  await classifyFiles(page, [file]);
  const ms = Date.now() - t0;
  const job = (await page.getByTestId('row-count').textContent())!.match(
    /last job took ([^.]+\.\d s|\d+ ms)/
  )?.[1];
  console.log(`TOI (7,703 rows): ${ms} ms from pick to results shown; the worker job took ${job}`);
  const app = await downloadResults(page, 'TOI_2025.10.04_07.29.48.csv');
  expectSameResults(app, cli(['classify', file]));

  // The most likely planet among unresolved TOIs, and why.
  await expect(page.getByRole('columnheader', { name: /Rank/ })).toHaveAttribute(
    'aria-sort',
    'ascending'
  );
  await page.locator('[role="row"][aria-rowindex="2"] button').click();
  await expect(page.getByTestId('why').getByRole('table')).toContainText('pts');
  await page.getByTestId('results-table').scrollIntoViewIfNeeded();
  await screenshot(page, 'classify-toi-ranked-why.png');
});

test('20,000+ rows from three real tables: the table stays fast', async ({ page }) => {
  test.skip(!hasRealData, 'needs the real archive downloads');
  test.setTimeout(120_000);
  await page.goto('/');
  await modelReady(page);
  const t0 = Date.now();
  await classifyFiles(page, [
    realFile('cumulative_2025.10.04_07.34.55.csv'),
    realFile('k2.csv'),
    realFile('TOI_2025.10.04_07.29.48.csv')
  ]);
  const count = page.getByTestId('row-count');
  console.log(
    `KOI + K2 + TOI: ${Date.now() - t0} ms from pick to results; ${(await count.textContent())!.match(/last job took [^.]+\.\d s|last job took \d+ ms/)?.[0]}`
  );
  await expect(count).toContainText('of 21,271 rows');
  // Rendered rows stay few however many there are.
  expect(await page.locator('[role="row"]').count()).toBeLessThan(80);
  const t1 = Date.now();
  await page.getByRole('button', { name: /^P\(PLANET\)/ }).click();
  await expect(page.getByRole('columnheader', { name: /P\(PLANET\)/ })).toHaveAttribute(
    'aria-sort',
    'descending'
  );
  console.log(`sort 21,271 rows by P(PLANET): ${Date.now() - t1} ms`);
  const t2 = Date.now();
  await page.getByRole('searchbox', { name: 'Object id contains' }).fill('TOI-1');
  await expect(count).not.toContainText('Showing 21,271');
  console.log(`filter by object id: ${Date.now() - t2} ms`);
  const frame = await page.evaluate(async () => {
    const body = document.querySelector('.body') as HTMLElement;
    const t = performance.now();
    for (let i = 0; i < 20; i++) {
      body.scrollTop += 2000;
      await new Promise((r) => requestAnimationFrame(r));
    }
    return (performance.now() - t) / 20;
  });
  console.log(`scrolling: ${frame.toFixed(1)} ms per frame`);
  expect(frame).toBeLessThan(250);
});
