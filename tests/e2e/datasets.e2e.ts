/**
 * Datasets page: archive CSVs become stored datasets (mission, rows, labels, fingerprint,
 * download date from the header), survive a reload, can be inspected, renamed, exported as
 * canonical CSV (the missions layer's export, byte for byte), deleted and restored; a bad file
 * gets a message and stores nothing.
 */
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseCsvText, tableToCsv } from '../../src/lib/core/missions/index.ts';
import { collectErrors, downloadedText, expectAccessible, fixture, screenshot } from './support.ts';

const FILES = ['koi.csv', 'k2.csv', 'toi.csv'].map((f) => fixture('cli', f));

async function addFiles(page: Page, files: string[]): Promise<void> {
  await page.getByLabel('Choose CSV files').setInputFiles(files);
}

const rows = (page: Page) => page.getByTestId('dataset-row');

test('stores archive tables with their report, renames, exports, deletes with undo', async ({
  page
}) => {
  const errors = collectErrors(page);
  await page.goto('/datasets');
  await expect(page.getByTestId('no-datasets')).toBeVisible();
  await addFiles(page, FILES);
  await expect(rows(page)).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByTestId('dataset-messages')).toContainText('Added "toi.csv"');

  // Each row: mission, kept rows, labels, download date from the header, SHA-256 of the file.
  for (const file of FILES) {
    const name = file.split('/').pop()!;
    const { report } = parseCsvText(readFileSync(file, 'utf8'), { name });
    const row = rows(page).filter({ hasText: name });
    await expect(row).toContainText(String(report.rowsKept));
    await expect(row).toContainText(report.downloadDate!.replace('T', ' '));
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    await expect(row.locator('code')).toHaveAttribute('title', sha);
  }
  await expect(rows(page).filter({ hasText: 'koi.csv' })).toContainText('Kepler KOI');
  await expect(rows(page).filter({ hasText: 'toi.csv' })).toContainText('TESS TOI');

  // The same file again: stored, with a warning naming the earlier copy.
  await addFiles(page, [FILES[0]]);
  await expect(page.getByTestId('dataset-messages')).toContainText('same file as "koi.csv"', {
    timeout: 20_000
  });
  await expect(rows(page)).toHaveCount(4);

  // A file that is not an archive table: a message, nothing stored.
  await addFiles(page, [fixture('missions', 'bad', 'tiny.png')]);
  await expect(page.getByTestId('dataset-messages').getByRole('alert')).toContainText('tiny.png', {
    timeout: 20_000
  });
  await expect(rows(page)).toHaveCount(4);

  // Delete the duplicate (newest first), undo, delete again.
  await page.getByRole('button', { name: 'Delete koi.csv' }).first().click();
  await expect(rows(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows(page)).toHaveCount(4);
  await page.getByRole('button', { name: 'Delete koi.csv' }).first().click();
  await expect(rows(page)).toHaveCount(3);

  // Inspect: the load report.
  await page.getByRole('button', { name: 'Inspect toi.csv' }).click();
  await expect(page.getByRole('heading', { name: 'Load report: toi.csv' })).toBeVisible();
  await expect(page.locator('.report-row')).toContainText('Rows set aside');
  await screenshot(page, 'datasets-report.png');
  await expectAccessible(page, 'the Datasets page with a load report open');

  // Rename, and the name survives a reload.
  await page.getByRole('button', { name: 'Rename k2.csv' }).click();
  await page.getByLabel('New name for k2.csv').fill('K2 custom columns (2026)');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.reload();
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).filter({ hasText: 'K2 custom columns (2026)' })).toHaveCount(1);

  // Export: exactly the missions layer's canonical CSV (formula cells neutralised).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV of koi.csv' }).click()
  ]);
  expect(download.suggestedFilename()).toBe('koi-canonical.csv');
  const text = await downloadedText(download);
  const { table } = parseCsvText(readFileSync(FILES[0], 'utf8'), { name: 'koi.csv' });
  expect(text).toBe(tableToCsv(table));
  expect(text.split('\n')[0]).toMatch(/^object_id,host_id,mission,label,/);
  for (const line of text.split('\n')) expect(line).not.toMatch(/(^|,)[=@+]/);
  expect(errors).toEqual([]);
});
