/**
 * Train page, Backtest view: an older and a newer download of the TOI fixture stored as
 * datasets; the view trains on the older one in workers and prints the same report, number for
 * number, as `exoforest backtest` on the same files, trees and seed.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { laterToiCsv } from '../fixtures/cli/later-toi.ts';
import { cli, collectErrors, expectAccessible, fixture, screenshot } from './support.ts';

test('the backtest view gives the CLI report for the same files, trees and seed', async ({
  page
}) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const dir = mkdtempSync(path.join(tmpdir(), 'exoforest-e2e-backtest-'));
  const later = path.join(dir, 'toi-later.csv');
  writeFileSync(later, laterToiCsv().csv);
  const older = fixture('cli', 'toi.csv');

  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/datasets');
  await page.getByLabel('Choose CSV files').setInputFiles([older, later]);
  await expect(page.getByTestId('dataset-row')).toHaveCount(2, { timeout: 30_000 });

  await page.goto('/train');
  const view = page.getByTestId('backtest');
  await expect(view.getByTestId('backtest-older-toi')).toBeVisible({ timeout: 20_000 });
  await expect(view.getByTestId('backtest-older-toi').locator('option:checked')).toHaveText(
    /^toi\.csv/
  );
  await expect(view.getByTestId('backtest-later-toi').locator('option:checked')).toHaveText(
    /^toi-later\.csv/
  );
  await view.getByLabel('Trees per stage').fill('6');
  await view.getByLabel('Seed').fill('7');
  await expect(view).toContainText(
    'npx exoforest backtest --data toi.csv --later toi-later.csv --trees 6 --seed 7'
  );
  await view.getByTestId('backtest-run').click();
  await expect(view.getByTestId('backtest-report')).toBeVisible({ timeout: 60_000 });

  const expected = cli([
    'backtest',
    '--data',
    older,
    '--later',
    later,
    '--trees',
    '6',
    '--seed',
    '7'
  ]).trimEnd();
  const shown = await view.getByTestId('backtest-text').textContent();
  expect(shown?.trimEnd()).toBe(expected);
  await expect(view.getByTestId('backtest-metrics')).toContainText('staged');
  await expect(view).toContainText('Which to trust');

  await view.locator('details summary').click();
  await screenshot(page, 'train-backtest-desktop.png');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'train-backtest-phone.png');
  await expectAccessible(page, 'train page with a backtest report');
  expect(errors).toEqual([]);
});
