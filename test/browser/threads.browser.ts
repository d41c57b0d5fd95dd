/**
 * A cross-origin isolated page (COOP/COEP served): SharedArrayBuffer exists, so onnxruntime-web
 * may run 2 WASM threads (its pthread workers load from /ort/); translations are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { chromiumService } from './chromium.js';
import { PAIRS, useBrowser } from './fixture.js';

const ctx = useBrowser({ isolated: true });

describe.skipIf(!chromiumService.available)('fr2en in a cross-origin isolated page', () => {
  it('translates exactly with 2 WASM threads', async () => {
    const { page, errors, close } = await ctx.open();
    const out = await page.evaluate(async (pairs) => {
      const fr2en = await (window as any).importModule('/dist/browser.js');
      fr2en.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/', numThreads: 2 });
      const { sentences } = await fr2en.createTranslator({ model: 'marian-memo' }).translate(pairs.slice(0, 6).map((p: { fr: string }) => p.fr));
      return { isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer, texts: sentences.map((s: { translation: string }) => s.translation) };
    }, PAIRS);
    expect(out.isolated).toBe(true);
    expect(out.sab).toBe('function');
    expect(out.texts).toEqual(PAIRS.slice(0, 6).map((p) => p.en));
    expect(errors).toEqual([]);
    await close();
  });
});
