import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: headless Chromium against pages served on 127.0.0.1 (see test/browser/). */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
