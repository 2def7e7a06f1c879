import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    sveltekit(),
    SvelteKitPWA({
      registerType: 'prompt',
      // Absolute: pages live in folders (/models/), where './sw.js' would be /models/sw.js.
      base: '/',
      scope: '/',
      strategies: 'generateSW',
      manifest: {
        name: 'Exoforest: exoplanet candidate classifier',
        short_name: 'Exoforest',
        description:
          'Train and run Random Forests on NASA Exoplanet Archive tables (Kepler, K2, TESS), entirely offline.',
        theme_color: '#0b1d3a',
        background_color: '#0b1d3a',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        // Installed, the app opens archive tables and model files from the file manager;
        // the pages read them through window.launchQueue (src/lib/client/files.ts).
        file_handlers: [
          {
            action: '/',
            accept: {
              'text/csv': ['.csv'],
              'text/tab-separated-values': ['.tsv']
            }
          },
          {
            action: '/models/',
            accept: { 'application/x-exoforest-model': ['.exoforest'] }
          }
        ],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable'
          }
        ]
      },
      workbox: {
        // Explicit globs: the defaults miss data files such as the shipped model (*.exoforest).
        globPatterns: [
          'client/**/*.{js,css,ico,png,svg,webp,woff,woff2,json,webmanifest,exoforest,csv}',
          'prerendered/**/*.{html,json}'
        ],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: '/',
        // Run first: privacy-sw.js refuses cross-origin requests from every client (workers
        // too) and gives worker scripts a CSP; sw-trailing-slash.js sends /x to the page /x/.
        importScripts: ['/privacy-sw.js', '/sw-trailing-slash.js'],
        cleanupOutdatedCaches: true
      },
      kit: { includeVersionFile: true, trailingSlash: 'always' }
    })
  ],
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
});
