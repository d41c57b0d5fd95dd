/** One server and one Chromium per test file, and the helpers the browser tests share. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer } from '../../examples/browser/server.js';
import { FIXTURES } from '../helpers.js';
import { launchChromium, openPage } from './chromium.js';

/** marian-memo's pairs: the translations it gives exactly. */
export const PAIRS = JSON.parse(readFileSync(path.join(FIXTURES, 'marian-memo', 'pairs.json'), 'utf8')) as { fr: string; en: string }[];

/** Starts the server and Chromium for the file's tests. */
export function useBrowser(options: { isolated?: boolean } = {}) {
  const state = {} as { origin: string; browser: Browser; close(): Promise<void> };
  beforeAll(async () => {
    const server = await startServer(options);
    state.origin = server.origin;
    state.close = server.close;
    state.browser = await launchChromium();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.close?.();
  });
  return {
    get origin() {
      return state.origin;
    },
    /** A fresh page on the blank test page. */
    open: (page = '/test/blank.html') => openPage(state.browser, `${state.origin}${page}`),
  };
}
