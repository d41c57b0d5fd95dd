/**
 * Per-instance browser settings in headless Chromium: two translators in one page, one with its
 * own `web.modelBaseUrl`, one on the page's `configure()` default, loading at the same time,
 * each from its own place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumService } from './chromium.js';
import { PAIRS, useBrowser } from './fixture.js';

const ctx = useBrowser();
let shared: { page: Page; errors: string[]; close(): Promise<void> };
beforeAll(async () => {
  shared = await ctx.open();
});
afterAll(() => shared?.close());

describe.skipIf(!chromiumService.available)('per-instance browser settings', () => {
  it("loads two translators with different model URLs side by side, neither taking the other's", async () => {
    const out = await shared.page.evaluate(async (pair) => {
      const fr2en = await (window as any).importModule('/dist/browser.js');
      // the page's default points nowhere: only the instance with its own URL can load
      fr2en.configure({ modelBaseUrl: '/nowhere/', wasmPaths: '/ort/' });
      const own = fr2en.createTranslator({ model: 'marian-memo', beams: 1, web: { modelBaseUrl: '/models/' } });
      // another model id: transformers.js remembers a model id's tokenizer files per page, whatever the URL
      const pageDefault = fr2en.createTranslator({ model: 'marian-tiny', beams: 1 });
      const [a, b] = await Promise.allSettled([own.translate(pair.fr), pageDefault.translate(pair.fr)]);
      const again = await own.translate(pair.fr);
      return {
        own: a.status === 'fulfilled' ? a.value.text : `rejected: ${a.reason?.message}`,
        pageDefault: b.status === 'fulfilled' ? b.value.text : `rejected: ${b.reason?.code} ${b.reason?.message}`,
        again: again.text,
      };
    }, PAIRS[0]!);
    expect(out.own).toBe(PAIRS[0]!.en);
    expect(out.again).toBe(PAIRS[0]!.en);
    expect(out.pageDefault).toMatch(/^rejected: MODEL_LOAD .*marian-tiny/);
  });
});
