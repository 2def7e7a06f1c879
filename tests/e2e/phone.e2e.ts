/**
 * Phones: no page is wider than the screen from 360 px up (with results, a load report, stored
 * datasets, a model card and training results on screen), and the classify results show the
 * object, P(PLANET) and the prediction without sideways scrolling.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, fixture, modelReady } from './support.ts';

const WIDTHS = [360, 390];

async function expectNoOverflow(page: Page, what: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth
  }));
  expect(scroll, `${what} is ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(
    client
  );
}

/** The first result row's object, probability and prediction lie inside the window. */
async function expectKeyColumnsVisible(page: Page, width: number): Promise<void> {
  const cells = page.locator('[role="row"][aria-rowindex="2"] [role="cell"]');
  for (let i = 0; i < 3; i++) {
    const box = (await cells.nth(i).boundingBox())!;
    expect(box.width, `cell ${i} is shown`).toBeGreaterThan(20);
    expect(box.x + box.width, `cell ${i} ends inside ${width} px`).toBeLessThanOrEqual(width);
  }
  await expect(cells.nth(1)).toContainText('%');
}

test('every page fits a phone screen at 360 and 390 px', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: WIDTHS[0], height: 800 });
  await page.goto('/datasets');
  await page
    .getByLabel('Choose CSV files')
    .setInputFiles(['koi.csv', 'k2.csv', 'toi.csv'].map((f) => fixture('cli', f)));
  await expect(page.getByTestId('dataset-row')).toHaveCount(3, { timeout: 30_000 });

  await page.goto('/train');
  await page.getByRole('button', { name: 'fast' }).click();
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('results')).toBeVisible({ timeout: 60_000 });

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await expectNoOverflow(page, `/train with results at ${width}`);
    for (const path of ['/datasets', '/models', '/help']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      if (path === '/datasets') {
        await expect(page.getByTestId('dataset-row')).toHaveCount(3, { timeout: 20_000 });
      }
      if (path === '/models') {
        await page.getByRole('button', { name: /^Card/ }).first().click();
        await expect(page.getByTestId('model-card')).toBeVisible({ timeout: 20_000 });
      }
      await expectNoOverflow(page, `${path} at ${width}`);
    }
    await page.goto('/');
    await modelReady(page);
    await expectNoOverflow(page, `/ at ${width}`);
    await page.getByTestId('try-sample').click();
    await expect(page.getByTestId('rank-note')).toBeVisible({ timeout: 30_000 });
    await expectKeyColumnsVisible(page, width);
    await page.locator('[role="row"][aria-rowindex="2"] button').click();
    await expect(page.getByTestId('why').getByRole('table')).toBeVisible({ timeout: 20_000 });
    await expectNoOverflow(page, `/ with results and an explanation at ${width}`);
  }
  expect(errors).toEqual([]);
});
