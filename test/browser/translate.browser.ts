/**
 * fr2en's browser build on the main thread, in headless Chromium: onnxruntime-web (WASM, files
 * served locally), models from a base URL, exact marian-memo translations, streaming, abort,
 * summaries and the digest.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumService } from './chromium.js';
import path from 'node:path';
import { createTranslator } from '../../src/index.js';
import { FIXTURES } from '../helpers.js';
import { PAIRS, useBrowser } from './fixture.js';

const ctx = useBrowser();
let shared: { page: Page; errors: string[]; close(): Promise<void> };
beforeAll(async () => {
  shared = await ctx.open();
});
afterAll(() => shared?.close());

describe.skipIf(!chromiumService.available)('fr2en in Chromium (main thread, WASM)', () => {
  it('translates every marian-memo pair exactly, with models and ORT files from 127.0.0.1 only', async () => {
    const { page, errors, close } = await openPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const out = await page.evaluate(async (pairs) => {
      const fr2en = await (window as any).importModule('/dist/browser.js');
      fr2en.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
      const translator = fr2en.createTranslator({ model: 'marian-memo', beams: 1 });
      const result = await translator.translate(pairs.map((p: { fr: string }) => p.fr));
      return { texts: result.sentences.map((s: { translation: string }) => s.translation), platform: typeof process };
    }, PAIRS);
    expect(out.texts).toEqual(PAIRS.map((p) => p.en));
    // blob: and data: URLs are in-page (transformers.js imports ORT's cached .mjs from a blob: URL); no other origin is asked
    expect(requests.filter((u) => !u.startsWith(ctx.origin) && !/^(blob|data):/.test(u))).toEqual([]);
    expect(requests.some((u) => u.endsWith('/ort/ort-wasm-simd-threaded.asyncify.wasm'))).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  it('streams sentences of a text in document order', async () => {
    const { page, close } = await openPage();
    const text = PAIRS.slice(0, 4).map((p) => p.fr).join(' ');
    const streamed = await page.evaluate(async (t) => {
      const fr2en = await (window as any).importModule('/dist/browser.js');
      fr2en.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
      const translator = fr2en.createTranslator({ model: 'marian-memo', batchSize: 1 });
      const seen: { index: number; translation: string }[] = [];
      for await (const s of translator.translateStream(t)) seen.push({ index: s.index, translation: s.translation });
      return seen;
    }, text);
    expect(streamed.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(streamed.map((s) => s.translation)).toEqual(PAIRS.slice(0, 4).map((p) => p.en));
    await close();
  });

  it('rejects with AbortError when the signal aborts mid-translation', async () => {
    const { page, close } = await openPage();
    const outcome = await page.evaluate(async (sentences) => {
      const fr2en = await (window as any).importModule('/dist/browser.js');
      fr2en.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
      const translator = fr2en.createTranslator({ model: 'marian-memo', batchSize: 1 });
      await translator.load();
      const controller = new AbortController();
      const got: string[] = [];
      try {
        for await (const s of translator.translateStream(sentences, { signal: controller.signal })) {
          got.push(s.translation);
          controller.abort();
        }
        return { got, error: 'none' };
      } catch (e) {
        return { got, error: (e as { code?: string }).code ?? String(e) };
      }
    }, PAIRS.map((p) => p.fr));
    expect(outcome.error).toBe('ABORTED');
    expect(outcome.got.length).toBeLessThan(PAIRS.length);
    await close();
  });

  it('summarises (extractive and abstractive on bart-tiny), segments and digests without a file system', async () => {
    const { page, close } = await openPage();
    const out = await page.evaluate(async (text) => {
      const fr2en = await (window as any).importModule('/dist/browser.js');
      fr2en.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
      const sentences = fr2en.segment(text).map((s: { text: string }) => s.text);
      const extractive = await fr2en.createSummarizer({ translationModel: 'marian-memo' }).summarize(text, { method: 'extractive', type: 'key-points', length: 'short', language: 'fr' });
      const abstractive = await fr2en.createSummarizer({ model: 'bart-tiny' }).summarize('The cat is sleeping. It is raining today.', { type: 'tldr', length: 'short' });
      const digest = await fr2en.digest(text, { translator: { model: 'marian-memo' }, method: 'extractive' });
      return { sentences, extractive, abstractive, digest };
    }, PAIRS.slice(0, 3).map((p) => p.fr).join(' '));
    expect(out.sentences).toEqual(PAIRS.slice(0, 3).map((p) => p.fr));
    expect(out.extractive.method).toBe('extractive'); // French picked, then translated (as in Node)
    expect(PAIRS.slice(0, 3).map((p) => p.en).some((en) => out.extractive.summary.includes(en))).toBe(true);
    expect(out.extractive.summary.length).toBeGreaterThan(0);
    expect(out.abstractive.method).toBe('abstractive');
    expect(out.abstractive.model).toBe('bart-tiny');
    expect(out.digest.translation).toBe(PAIRS.slice(0, 3).map((p) => p.en).join(' '));
    await close();
  });

  it('falls back to WASM when WebGPU is asked for and the browser has no adapter (headless Chromium has `navigator.gpu` but no adapter)', async () => {
    const { page, close } = await openPage();
    const out = await page.evaluate(async () => {
      const fr2en = await (window as any).importModule('/dist/browser.js');
      fr2en.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/', device: 'webgpu' });
      try {
        const translator = fr2en.createTranslator({ model: 'marian-memo' });
        const { text } = await translator.translate('Le chat dort.');
        return { text, gpuProperty: 'gpu' in navigator, adapter: await fr2en.hasWebGpuAdapter() };
      } finally {
        fr2en.configure({ device: 'wasm' });
      }
    });
    expect(out).toEqual({ text: 'The cat is sleeping.', gpuProperty: true, adapter: false });
    await close();
  });

  it("tokenizes a Marian model with its own source.spm/target.spm fetched from the model URL, as Node does from the folder", async () => {
    const input = ['Le prix ✓ est de 5 € — vraiment ?', 'Bonjour le monde.'];
    const node = await createTranslator({ model: path.join(FIXTURES, 'marian-spm'), beams: 1 }).translate(input);
    const { page, close } = await openPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const out = await page.evaluate(async (sentences) => {
      const fr2en = await (window as any).importModule('/dist/browser.js');
      fr2en.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
      const result = await fr2en.createTranslator({ model: 'marian-spm', beams: 1 }).translate(sentences);
      return { text: result.text, warnings: result.warnings.map((w: { code: string }) => w.code) };
    }, input);
    expect(requests).toContain('/models/marian-spm/source.spm');
    expect(requests).toContain('/models/marian-spm/target.spm');
    expect(out.text).toBe(node.text);
    expect(out.warnings).toEqual(node.warnings.map((w) => w.code));
    expect(out.warnings).not.toContain('tokenizer-unk-mismatch');
    await close();
  });
});

/** The file's page (one context: the WASM compiles and the models load once). */
async function openPage() {
  return { ...shared, close: async () => undefined };
}
