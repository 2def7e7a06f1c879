/**
 * Retakes docs/screenshots/: every page of the built site at desktop (1366x900) and phone
 * (390x844) size, dark theme, plus the Classify results in the light theme. Pages are shown
 * with content (the shipped sample classified, the fixture tables stored, a fast training run
 * on them), as the viewport shows it after the app's own scrolling.
 *
 *   npm run build && npx tsx scripts/screenshots.ts [--port 4199] [--out docs/screenshots]
 */
import { chromium, type Page } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(opt('port', '4199'));
const out = path.resolve(root, opt('out', 'docs/screenshots'));
const base = `http://localhost:${port}`;
const fixtures = ['koi.csv', 'k2.csv', 'toi.csv'].map((f) =>
  path.join(root, 'tests/fixtures/cli', f)
);

const SIZES = {
  desktop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 }
} as const;

async function waitModel(page: Page) {
  await page.getByTestId('model-in-use').getByText('Model:').waitFor({ timeout: 30_000 });
}

async function shoot(page: Page, name: string, size: keyof typeof SIZES) {
  await page.waitForTimeout(600); // charts build a frame after the page
  const file = path.join(out, `${name}-${size}.png`);
  await page.screenshot({ path: file });
  console.log(path.relative(root, file));
}

const server = spawn(
  process.execPath,
  [path.join(root, 'scripts/serve.mjs'), 'build', String(port)],
  {
    cwd: root,
    stdio: 'ignore'
  }
);
try {
  await new Promise((r) => setTimeout(r, 800));
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu']
  });
  for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
    const context = await browser.newContext({
      viewport: SIZES[size],
      colorScheme: 'dark',
      deviceScaleFactor: 1
    });
    const page = await context.newPage();

    await page.goto(`${base}/`);
    await waitModel(page);
    await shoot(page, 'classify-first-visit', size);
    await page.getByTestId('try-sample').click();
    await page.getByTestId('rank-note').waitFor({ timeout: 30_000 });
    await shoot(page, 'classify-results', size);
    await page.getByTestId('parse-result').scrollIntoViewIfNeeded();
    await shoot(page, 'classify-load-report', size);
    await page.locator('[role="row"][aria-rowindex="2"] button').click();
    await page.getByTestId('why').getByRole('table').waitFor({ timeout: 20_000 });
    await page.getByTestId('why').scrollIntoViewIfNeeded();
    await shoot(page, 'classify-why', size);
    const chart = page.getByRole('img', { name: /Orbital period against planet radius/ });
    await chart.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-scales]');
    await shoot(page, 'classify-charts', size);

    await page.goto(`${base}/datasets`);
    await page.getByLabel('Choose CSV files').setInputFiles(fixtures);
    await page.getByTestId('dataset-row').nth(2).waitFor({ timeout: 30_000 });
    await page.getByTestId('dataset-table').scrollIntoViewIfNeeded();
    await shoot(page, 'datasets', size);

    await page.goto(`${base}/train`);
    await page.getByTestId('train-button').waitFor();
    await shoot(page, 'train-settings', size);
    await page.getByRole('button', { name: 'fast' }).click();
    await page.getByTestId('train-button').click();
    await page.getByTestId('results').waitFor({ timeout: 120_000 });
    await page.getByRole('heading', { name: 'Results', level: 2 }).scrollIntoViewIfNeeded();
    await page.evaluate(() =>
      document.getElementById('results-title')?.scrollIntoView({ block: 'start' })
    );
    await shoot(page, 'train-results', size);
    await page.getByTestId('verdicts').scrollIntoViewIfNeeded();
    await page.evaluate(() =>
      document.getElementById('res-metrics')?.scrollIntoView({ block: 'start' })
    );
    await shoot(page, 'train-verdicts', size);

    await page.goto(`${base}/models`);
    await page.getByTestId('model-row').first().waitFor({ timeout: 20_000 });
    await shoot(page, 'models', size);
    await page.getByRole('button', { name: /^Card/ }).first().click();
    await page.getByTestId('model-card').waitFor({ timeout: 20_000 });
    await page.getByTestId('tree-shares').scrollIntoViewIfNeeded();
    await shoot(page, 'model-card', size);

    await page.goto(`${base}/help`);
    await shoot(page, 'help', size);

    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${base}/`);
    await waitModel(page);
    await page.getByTestId('try-sample').click();
    await page.getByTestId('rank-note').waitFor({ timeout: 30_000 });
    await shoot(page, 'classify-results-light', size);
    await context.close();
  }
  await browser.close();
} finally {
  server.kill();
}
