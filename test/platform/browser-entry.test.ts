/** The browser entry keeps the Node entry's API, minus what needs a file system, plus its runtime settings. */
import { describe, expect, it } from 'vitest';
import * as browser from '../../src/browser.js';
import * as node from '../../src/index.js';

// Node-only: the model store (files on disk), the worker-thread pool (a page uses fr2en/worker instead)
// and the persistent translation cache (a SQLite file; a page uses `cache: true` or its own store)
const NODE_ONLY = [
  'pullModels', 'listModels', 'verifyModel', 'removeModel', 'modelStoreDir', 'modelFolder', 'createPooledBackend', 'sizePool',
  'openTranslationCache', 'translationCacheFile', 'PERSISTENT_CACHE_DEFAULTS',
  // the shortlist builder reads and writes files
  'buildShortlist', 'SHORTLIST_DEFAULTS', 'SHORTLIST_FILE',
];
const BROWSER_ONLY = ['configure', 'WEB_DEVICES', 'ORT_WASM_FILES', 'hasWebGpuAdapter'];

describe('browser entry', () => {
  it('exports what src/index.ts exports, minus the model store and the thread pool, plus configure and the web runtime values', () => {
    const expected = Object.keys(node).filter((k) => !NODE_ONLY.includes(k)).concat(BROWSER_ONLY).sort();
    expect(Object.keys(browser).sort()).toEqual(expected);
  });
});
