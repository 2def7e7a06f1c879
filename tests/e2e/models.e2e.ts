/**
 * Models page: a model trained with the CLI imports and gives the CLI's exact predictions; a
 * corrupt file is refused with the model reader's message and nothing changes; stored models
 * survive a reload; delete can be undone; export gives back the same bytes; the model card.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  classifyFiles,
  cli,
  collectErrors,
  downloadedText,
  expectAccessible,
  fixture,
  root,
  screenshot
} from './support.ts';

let dir: string;
let tiny: string;

test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'exoforest-e2e-'));
  tiny = path.join(dir, 'tiny-model.exoforest');
  cli([
    'train',
    '--data',
    fixture('cli', 'koi.csv'),
    '--data',
    fixture('cli', 'toi.csv'),
    '--trees',
    '5',
    '--name',
    'Tiny CLI model',
    '--out',
    tiny
  ]);
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = (page: Page) => page.getByTestId('model-row');

async function importFile(page: Page, file: string | Parameters<Page['setInputFiles']>[1]) {
  await page.getByLabel('Choose model files').setInputFiles(file);
}

async function openModels(page: Page) {
  await page.goto('/models');
  await expect(rows(page).first()).toBeVisible({ timeout: 20_000 });
}

test('a model trained with the CLI, imported, gives the same predictions as the CLI', async ({
  page
}) => {
  const errors = collectErrors(page);
  const file = fixture('cli', 'koi.csv');
  // Results already on the Classify page are scored again when the active model changes.
  await page.goto('/');
  await classifyFiles(page, [file]);
  await expect(page.getByTestId('classify-counts')).toContainText('Exoforest vetting');

  await page.getByRole('link', { name: 'Models' }).click();
  await expect(rows(page).first()).toBeVisible({ timeout: 20_000 });
  await importFile(page, tiny);
  await expect(page.getByTestId('models-status')).toContainText('Imported "Tiny CLI model"');
  await page.getByRole('button', { name: 'Use Tiny CLI model' }).click();
  await expect(page.getByTestId('models-status')).toContainText('is now the active model');

  await page.getByRole('link', { name: 'Classify' }).click();
  await expect(page.getByTestId('model-in-use')).toContainText('Tiny CLI model', {
    timeout: 20_000
  });
  await expect(page.getByTestId('classify-counts')).toContainText('Tiny CLI model', {
    timeout: 20_000
  });
  await expect(page.getByTestId('job')).toHaveCount(0, { timeout: 20_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download results CSV for koi.csv' }).click()
  ]);
  expect(await downloadedText(download)).toBe(cli(['classify', file, '--model', tiny]));
  expect(errors).toEqual([]);
});

test("a corrupt model file is refused with the reader's message and nothing stored changes", async ({
  page
}) => {
  await openModels(page);
  await importFile(page, tiny);
  await expect(rows(page)).toHaveCount(2);
  const corrupt = readFileSync(tiny).subarray(0, 1000);
  const corruptPath = path.join(dir, 'broken.exoforest');
  writeFileSync(corruptPath, corrupt);
  // The CLI prints the model reader's message: the app must show the same one.
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'bin/exoforest.js'), 'inspect', corruptPath],
    {
      encoding: 'utf8'
    }
  );
  const readerMessage = r.stderr.match(/cannot use model "[^"]+": (.*) Give a model/)![1];
  expect(readerMessage).toMatch(/^Truncated (or damaged )?model file/);
  await importFile(page, corruptPath);
  await expect(page.getByTestId('models-error')).toHaveText(
    `"broken.exoforest" was not imported: ${readerMessage}`
  );
  await importFile(page, {
    name: 'notes.exoforest',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello')
  });
  await expect(page.getByTestId('models-error')).toContainText(
    'Not an Exoforest model file: it is a text file'
  );
  await expect(rows(page)).toHaveCount(2);
});

test('a stored model survives a reload; rename; delete then undo', async ({ page }) => {
  await openModels(page);
  // Imported by drag and drop this time.
  const dropped = await page.evaluateHandle((b64) => {
    const dt = new DataTransfer();
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    dt.items.add(new File([bytes], 'dropped.exoforest'));
    return dt;
  }, readFileSync(tiny).toString('base64'));
  await page.locator('.drop').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(rows(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Use Tiny CLI model' }).click();
  await expect(page.getByTestId('models-status')).toContainText('is now the active model');

  await page.reload();
  await expect(rows(page)).toHaveCount(2, { timeout: 20_000 });
  await expect(rows(page).nth(1)).toContainText('Tiny CLI model');
  await expect(rows(page).nth(1)).toContainText('active');

  await page.getByRole('button', { name: 'Rename Tiny CLI model' }).click();
  await page.getByLabel('New name for Tiny CLI model').fill('Renamed model');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(rows(page).nth(1)).toContainText('Renamed model');

  await page.getByRole('button', { name: 'Delete Renamed model' }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('active'); // the shipped model takes over
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('models-status')).toContainText('Restored "Renamed model"');
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).nth(1)).toContainText('active'); // it was active, so it is again

  await page.reload();
  await expect(rows(page)).toHaveCount(2, { timeout: 20_000 });
});

test('export gives back the same file; the model card shows what the file holds', async ({
  page
}) => {
  const errors = collectErrors(page);
  await openModels(page);
  const shipped = await rows(page).first().locator('th .name').textContent();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `Export ${shipped}` }).click()
  ]);
  expect(download.suggestedFilename()).toMatch(/\.exoforest$/);
  const exported = readFileSync(await download.path());
  expect(Buffer.compare(exported, readFileSync(path.join(root, 'models/default.exoforest')))).toBe(
    0
  );
  // Importing it again is refused: the same fingerprint is already here.
  await importFile(page, await download.path());
  await expect(page.getByTestId('models-error')).toContainText('same model fingerprint');
  await expect(rows(page)).toHaveCount(1);

  await page.getByRole('button', { name: `Card of ${shipped}` }).click();
  const card = page.getByTestId('model-card');
  await expect(card).toContainText('Validation on held-out host stars', { timeout: 20_000 });
  await expect(card).toContainText('this model (staged)');
  await expect(card).toContainText('Orbital period');
  await expect(card).toContainText('Features per split: square root of the count');
  await expect(card.getByTestId('tree-shares')).toContainText('TESS trees');
  await expect(card).toContainText('Feature importance');
  await expect(card.getByTestId('card-overview')).toContainText(
    cli(['inspect', 'models/default.exoforest']).split('\n')[0]
  );
  await expectAccessible(page, 'the Models page with a model card');
  await screenshot(page, 'model-card.png');
  expect(errors).toEqual([]);
});
