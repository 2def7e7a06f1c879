import { expect, test, type Page } from '@playwright/test';

const SAMPLE = [
  '# This file was produced by the NASA Exoplanet Archive',
  'kepid,kepoi_name,koi_disposition,koi_period,koi_duration,koi_depth,koi_prad,koi_teq,koi_insol,koi_steff,koi_slogg,koi_srad',
  '10797460,K00752.01,CONFIRMED,9.488,2.957,615.8,2.26,793,93.59,5455,4.467,0.927',
  '10811496,K00753.01,FALSE POSITIVE,19.899,1.7822,10829,14.6,638,39.3,5853,4.544,0.868',
  '10854555,K00755.01,CANDIDATE,2.525,1.6545,603.3,2.75,1406,926.16,6031,4.438,1.046'
].join('\n');

function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

async function runParseJob(page: Page) {
  await page.getByLabel('CSV text, including the header line').fill(SAMPLE);
  await page.getByRole('button', { name: 'Read table' }).click();
  await expect(page.getByTestId('parse-result')).toContainText('3 rows', { timeout: 15_000 });
}

test('the home page loads without console errors and the worker job completes', async ({
  page
}) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Classify');
  await runParseJob(page);
  await expect(page.getByTestId('parse-result')).toContainText('koi');
  expect(errors).toEqual([]);
});

test('every page loads without console errors', async ({ page }) => {
  const errors = collectErrors(page);
  for (const path of ['/models', '/datasets', '/train']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('the manifest is linked and describes an installable app', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(href!)).json();
  expect(manifest.display).toBe('standalone');
  expect(manifest.short_name).toBe('Exoforest');
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
});

test('offline: after the service worker takes control, a reload and the worker job still work', async ({
  page,
  context
}) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The first load is not controlled; reload once so the active worker claims the page.
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
  }
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15_000 });
  await expect(page.getByTestId('offline-ready')).toHaveText('Ready to work offline');

  await context.setOffline(true);
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  await runParseJob(page);
  for (const path of ['/models', '/train']) {
    const r = await page.goto(path);
    expect(r?.fromServiceWorker()).toBe(true);
  }
  await context.setOffline(false);
  // Offline reloads must not log errors (failed fetches would show up here).
  expect(errors).toEqual([]);
});
