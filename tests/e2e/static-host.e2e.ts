/**
 * The built site on a plain static host (python3 -m http.server: no rewrite rules, no extension
 * mapping), and the privacy promise for every context of the origin: after the first visit, the
 * page, the app's workers and a probe worker added to the built site try to reach a loopback
 * server on another port, which must log zero requests.
 */
import { expect, test, type Page, type Worker } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { root } from './support.ts';

const base = Number(process.env.E2E_PORT ?? 4173);
const SITE_PORT = base + 10;
const TRACKER_PORT = base + 11;
const SITE = `http://127.0.0.1:${SITE_PORT}`;
const TRACKER = `http://127.0.0.1:${TRACKER_PORT}`;
const PROBE = path.join(root, 'build', 'privacy-probe.js');

let site: ChildProcess;
let tracker: Server;
const tracked: string[] = [];

test.beforeAll(async () => {
  // The probe: a worker script the app does not know, added to the built site.
  writeFileSync(
    PROBE,
    `self.onmessage = async (e) => {
  const out = [];
  try { await fetch(e.data + '/probe-fetch'); out.push('fetch sent'); } catch { out.push('fetch blocked'); }
  try { importScripts(e.data + '/probe-import.js'); out.push('import sent'); } catch { out.push('import blocked'); }
  self.postMessage(out);
};`
  );
  tracker = createServer((req, res) => {
    tracked.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('tracked');
  });
  await new Promise<void>((resolve) => tracker.listen(TRACKER_PORT, '127.0.0.1', resolve));
  site = spawn(
    'python3',
    ['-m', 'http.server', String(SITE_PORT), '--bind', '127.0.0.1', '--directory', 'build'],
    { cwd: root, stdio: 'ignore' }
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${SITE}/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('python3 -m http.server did not start');
});

test.afterAll(async () => {
  site?.kill();
  await new Promise((resolve) => tracker?.close(resolve));
  rmSync(PROBE, { force: true });
});

async function controlled(page: Page): Promise<void> {
  await page.goto(`${SITE}/`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
}

test('every precached URL exists on a plain static host; offline, every page loads from the cache', async ({
  page,
  context
}) => {
  const sw = await (await fetch(`${SITE}/sw.js`)).text();
  const urls = [...sw.matchAll(/url:\s*"([^"]+)"/g)].map((m) => m[1]);
  expect(urls.length).toBeGreaterThan(10);
  for (const u of urls) {
    const r = await fetch(`${SITE}/${u.replace(/^\//, '')}`, { redirect: 'manual' });
    expect(r.status, u).toBe(200);
  }
  await controlled(page);
  await expect(page.getByTestId('offline-ready')).toHaveText('Ready to work offline', {
    timeout: 20_000
  });
  await context.setOffline(true);
  for (const p of ['/', '/models/', '/datasets/', '/train/', '/help/']) {
    const r = await page.goto(`${SITE}${p}`);
    expect(r?.fromServiceWorker(), p).toBe(true);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  await context.setOffline(false);
  // A deep link online is a real file, not a 404.
  const deep = await page.goto(`${SITE}/train/`);
  expect(deep?.status()).toBeLessThan(400);
});

/** Tries to reach the tracker from a worker; true when the request was refused. */
async function workerBlocked(w: Worker): Promise<boolean> {
  return w.evaluate(async (url) => {
    try {
      await fetch(`${url}/app-worker`, { mode: 'no-cors' });
      return false;
    } catch {
      return true;
    }
  }, TRACKER);
}

test('nothing leaves the device: the page, the app workers and a probe worker reach no other origin', async ({
  page
}) => {
  // Control: the tracker logs what reaches it.
  await fetch(`${TRACKER}/control`);
  expect(tracked).toEqual(['GET /control']);
  tracked.length = 0;

  await controlled(page);
  const pageBlocked = await page.evaluate(async (url) => {
    try {
      await fetch(`${url}/page`, { mode: 'no-cors' });
      return false;
    } catch {
      return true;
    }
  }, TRACKER);
  expect(pageBlocked).toBe(true);

  // The app's workers: those the classify page starts for a job, then the train page's.
  const tried = new Set<string>();
  await page
    .getByLabel('CSV text, including the header line')
    .fill(
      'toi,tid,tfopwg_disp,pl_orbper,pl_trandurh,pl_trandep,pl_rade\n101.01,1,PC,3.5,2.1,900,2.2\n'
    );
  await page.getByRole('button', { name: 'Read table' }).click();
  await expect(page.getByTestId('parse-result')).toBeVisible({ timeout: 20_000 });
  for (const w of page.workers()) {
    expect(await workerBlocked(w), w.url()).toBe(true);
    tried.add(w.url());
  }
  await page.goto(`${SITE}/train/`);
  await page.waitForTimeout(1500);
  for (const w of page.workers()) {
    expect(await workerBlocked(w), w.url()).toBe(true);
    tried.add(w.url());
  }
  expect(tried.size).toBeGreaterThanOrEqual(1);

  // The probe worker, a script the app does not know.
  const probe = await page.evaluate(
    (url) =>
      new Promise<string[]>((resolve) => {
        const w = new Worker('/privacy-probe.js');
        w.onmessage = (e) => resolve(e.data);
        w.postMessage(url);
      }),
    TRACKER
  );
  expect(probe).toEqual(['fetch blocked', 'import blocked']);
  await page.waitForTimeout(300);
  expect(tracked).toEqual([]);
});
