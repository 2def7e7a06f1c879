/** Every page: no serious or critical axe violations, every control labelled and reachable. */
import { expect, test } from '@playwright/test';
import { collectErrors, expectAccessible, modelReady } from './support.ts';

for (const colorScheme of ['dark', 'light'] as const) {
  test(`no serious or critical axe violations on any page (${colorScheme} theme)`, async ({
    page
  }) => {
    const errors = collectErrors(page);
    await page.emulateMedia({ colorScheme });
    for (const path of ['/', '/models', '/datasets', '/train', '/help']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      if (path === '/') {
        await modelReady(page);
        // With results, a load report and the rank note on screen.
        await page.getByTestId('try-sample').click();
        await expect(page.getByTestId('rank-note')).toBeVisible({ timeout: 30_000 });
      }
      if (path === '/models') await expect(page.getByTestId('model-row').first()).toBeVisible();
      await expectAccessible(page, `${path} (${colorScheme})`);
    }
    // The theme really follows the system setting.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await page.evaluate(
      () => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() === '#f4f6fa'
    );
    expect(light, `background ${bg}`).toBe(colorScheme === 'light');
    expect(errors).toEqual([]);
  });
}

test('the classify page works from the keyboard alone', async ({ page }) => {
  await page.goto('/');
  await modelReady(page);
  const text = [
    'kepid,kepoi_name,koi_disposition,koi_period,koi_duration,koi_depth,koi_prad,koi_teq,koi_insol,koi_steff,koi_slogg,koi_srad',
    '10797460,K00752.01,CANDIDATE,9.488,2.957,615.8,2.26,793,93.59,5455,4.467,0.927'
  ].join('\n');
  await page.getByLabel('CSV text, including the header line').focus();
  await page.keyboard.insertText(text);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Read table' })).toBeFocused();
  await page.keyboard.press('Enter');
  const object = page.getByTestId('results-table').getByRole('button', { name: 'K00752.01' });
  await expect(object).toBeVisible({ timeout: 20_000 });
  await object.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('why')).toContainText('Orbital period', { timeout: 20_000 });
});
