import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (this machine has no route to browser downloads).
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

// E2E_PORT lets parallel checkouts run the suite side by side.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumFlags
    }
  },
  webServer: {
    command: `node scripts/serve.mjs build ${port}`,
    url: `http://localhost:${port}`,
    reuseExistingServer: false,
    timeout: 30_000
  }
});
