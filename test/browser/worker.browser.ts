/**
 * fr2en/worker in headless Chromium: the translator and summarizer run in a module Web Worker
 * (fr2en/worker-host); exact translations, streaming order, progress and abort cross the boundary,
 * and the page keeps running while the model works.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumService } from './chromium.js';
import { PAIRS, useBrowser } from './fixture.js';

const ctx = useBrowser();
let page: Page;
let closePage: () => Promise<void>;

beforeAll(async () => {
  const opened = await ctx.open();
  page = opened.page;
  closePage = opened.close;
  await page.evaluate(async () => {
    const { connectWorker } = await (window as any).importModule('/dist/worker.js');
    const client = connectWorker(new Worker('/dist/worker-host.js', { type: 'module' }));
    await client.ready;
    await client.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
    (window as any).client = client;
  });
});
afterAll(() => closePage?.());

describe.skipIf(!chromiumService.available)('fr2en/worker', () => {
  it('loads with progress events from the worker and translates the marian-memo pairs exactly while the page keeps running', async () => {
    const out = await page.evaluate(async (pairs) => {
      const client = (window as any).client;
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const translator = client.createTranslator({ model: 'marian-memo' });
      const events: { type: string; status?: string }[] = [];
      await translator.load({ onProgress: (e: { type: string; status?: string }) => events.push({ type: e.type, status: e.status }) });
      const result = await translator.translate(pairs.map((p: { fr: string }) => p.fr));
      clearInterval(timer);
      return { texts: result.sentences.map((s: { translation: string }) => s.translation), events, ticks };
    }, PAIRS);
    expect(out.texts).toEqual(PAIRS.map((p) => p.en));
    expect(out.events.some((e) => e.type === 'download')).toBe(true);
    expect(out.events.at(-1)).toEqual({ type: 'load', status: 'ready' });
    expect(out.ticks).toBeGreaterThan(0);
  });

  it('streams sentences in document order across the boundary', async () => {
    const text = PAIRS.slice(0, 4).map((p) => p.fr).join(' ');
    const out = await page.evaluate(async (t) => {
      const translator = (window as any).client.createTranslator({ model: 'marian-memo', batchSize: 1 });
      const seen: { index: number; translation: string }[] = [];
      for await (const s of translator.translateStream(t)) seen.push({ index: s.index, translation: s.translation });
      return seen;
    }, text);
    expect(out.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(out.map((s) => s.translation)).toEqual(PAIRS.slice(0, 4).map((p) => p.en));
  });

  it("rejects with fr2en's AbortError when the page aborts, and the worker stays usable", async () => {
    const out = await page.evaluate(async (sentences) => {
      const translator = (window as any).client.createTranslator({ model: 'marian-memo', batchSize: 1 });
      await translator.load();
      const controller = new AbortController();
      const pending = translator.translate(sentences, { signal: controller.signal });
      controller.abort();
      const error = await pending.then(() => 'resolved', (e: any) => `${e.name}:${e.code}`);
      const after = await translator.translate(['Bonjour.']);
      return { error, after: after.text };
    }, PAIRS.map((p) => p.fr));
    expect(out.error).toBe('AbortError:ABORTED');
    expect(out.after).toBe('Hello.');
  });

  it('summarises and digests in the worker, and rebuilds typed errors on the page', async () => {
    const out = await page.evaluate(async (text) => {
      const client = (window as any).client;
      const summary = await client.createSummarizer({ model: 'bart-tiny' }).summarize('The cat is sleeping. It is raining today.', { type: 'tldr', length: 'short' });
      const digest = await client.digest(text, { translator: { model: 'marian-memo' }, method: 'extractive' });
      const bad = await client.createTranslator({ model: 'marian-memo', batchSize: 0 }).translate('Bonjour.').then(() => 'resolved', (e: any) => `${e.name}:${e.code}:${e.option}`);
      const sentences = await client.segment(text);
      return { method: summary.method, translation: digest.translation, bad, sentences: sentences.length };
    }, PAIRS.slice(0, 3).map((p) => p.fr).join(' '));
    expect(out.method).toBe('abstractive');
    expect(out.translation).toBe(PAIRS.slice(0, 3).map((p) => p.en).join(' '));
    expect(out.bad).toBe('InputError:INPUT:batchSize');
    expect(out.sentences).toBe(3);
  });

  it("rebuilds a worker's error on the page with its cause chain", async () => {
    const out = await page.evaluate(async () => {
      const client = (window as any).client;
      const error = await client.createTranslator({ model: 'no-such-model' }).load().then(() => undefined, (e: any) => e);
      const chain: string[] = [];
      for (let e = error; e && chain.length < 10; e = e.cause) chain.push(`${e.name}:${e.code ?? ''}:${e instanceof Error}`);
      return { chain, model: error?.model, stack: typeof error?.stack };
    });
    expect(out.chain[0]).toBe('ModelLoadError:MODEL_LOAD:true');
    expect(out.model).toBe('no-such-model');
    expect(out.stack).toBe('string');
    // the worker's error had a cause (the failed fetch of the model's files): it crossed too
    expect(out.chain.length).toBeGreaterThan(1);
    expect(out.chain.slice(1).every((link) => link.endsWith(':true'))).toBe(true);
  });

  it('rejects `ready` and every call with a BackendError when the worker script fails to start', async () => {
    const out = await page.evaluate(async () => {
      const { connectWorker } = await (window as any).importModule('/dist/worker.js');
      const broken = connectWorker(new Worker('/dist/no-such-worker-host.js', { type: 'module' }));
      const before = broken.segment('Bonjour.').then(() => 'resolved', (e: any) => `${e.name}:${e.code}`);
      const ready = await broken.ready.then(() => 'resolved', (e: any) => `${e.name}:${e.code}`);
      const after = await broken.segment('Bonjour.').then(() => 'resolved', (e: any) => `${e.name}:${e.code}`);
      broken.terminate();
      return { ready, before: await before, after };
    });
    expect(out).toEqual({ ready: 'BackendError:BACKEND', before: 'BackendError:BACKEND', after: 'BackendError:BACKEND' });
  });
});
