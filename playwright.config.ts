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

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://localhost:4173',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumFlags
    }
  },
  webServer: {
    command: 'node scripts/serve.mjs build 4173',
    url: 'http://localhost:4173',
    reuseExistingServer: false,
    timeout: 30_000
  }
});
