/** Shared helpers of the end-to-end tests (Node side of Playwright). */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Download, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (...parts: string[]) => path.join(root, 'tests/fixtures', parts.join('/'));
export const dataDir = process.env.EXOFOREST_DATA ?? path.resolve(root, '../shared/data');
export const realFile = (name: string) => path.join(dataDir, name);
export const hasRealData = existsSync(realFile('TOI_2025.10.04_07.29.48.csv'));
export const SHOTS = '/tmp/exoforest-shots';

/** Console errors and uncaught page errors, collected for a final `toEqual([])`. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Runs the CLI (node bin/exoforest.js) and returns its standard output. */
export function cli(args: string[]): string {
  return execFileSync(process.execPath, [path.join(root, 'bin/exoforest.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe']
  });
}

export async function downloadedText(download: Download): Promise<string> {
  return readFileSync(await download.path(), 'utf8');
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
    );
  expect(bad, `axe violations on ${what}`).toEqual([]);
}

/** Waits until the classify page has loaded its model. */
export async function modelReady(page: Page): Promise<void> {
  await expect(page.getByTestId('model-in-use')).toContainText('Model:', { timeout: 20_000 });
}

/** Picks files on the classify page and waits for every one to be reported. */
export async function classifyFiles(page: Page, files: string[]): Promise<void> {
  await modelReady(page);
  await page.getByLabel('Choose CSV files').setInputFiles(files);
  await expect(page.getByTestId('parse-result')).toHaveCount(files.length, { timeout: 60_000 });
  await expect(page.getByTestId('job')).toHaveCount(0, { timeout: 60_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Parses CSV text into rows (RFC 4180 quotes), for row-by-row comparisons. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n') {
      endCell();
      rows.push(row);
      row = [];
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}
