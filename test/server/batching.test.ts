/**
 * The server batches across requests: on the default settings a burst of 100 concurrent
 * one-sentence requests is all answered (200, each its own exact translation) in shared model
 * calls; a flood past the queued-sentence bound gets 503 with Retry-After; results never cross
 * between requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator, type BackendGenerateOptions } from '../../src/index.js';
import { serve, type RunningServer } from '../../src/server/index.js';
import { createFakeBackend } from '../../src/testing/index.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../helpers.js';

const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const j = (res: Response): Promise<any> => res.json(); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the default server, marian-memo, 127.0.0.1', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve({ host: '127.0.0.1', port: 0, model: MARIAN_MEMO, allowRemote: false, log: false });
    await server.server.warmup();
  });
  afterAll(() => server.shutdown());

  it('answers 100 concurrent one-sentence requests, all 200 and exact', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const pair = MEMO_PAIRS[i % MEMO_PAIRS.length]!;
        const res = await fetch(`${server.url}/translate`, json({ q: pair.fr, source: 'fr', target: 'en' }));
        return { status: res.status, exact: (await j(res)).translatedText === pair.en };
      }),
    );
    expect(results.filter((r) => r.status !== 200 || !r.exact)).toEqual([]);
  });
});

describe('batching across requests (fake backend)', () => {
  it('puts concurrent requests’ sentences in shared model calls, each request getting its own', async () => {
    const fake = createFakeBackend();
    const translator = createTranslator({ backend: fake, batchWindowMs: 5 });
    const server = await serve({ port: 0, translator, log: false });
    try {
      const sentences = Array.from({ length: 100 }, (_, i) => `La phrase numéro ${i} est courte.`);
      const results = await Promise.all(
        sentences.map(async (q) => {
          const res = await fetch(`${server.url}/translate`, json({ q, source: 'fr', target: 'en' }));
          return [res.status, (await j(res)).translatedText];
        }),
      );
      expect(results).toEqual(sentences.map((q) => [200, q.toUpperCase()]));
      // every sentence was sent once, and model calls held several requests' sentences
      expect(fake.calls.flatMap((c) => c.inputs).sort()).toEqual([...sentences].sort());
      expect(fake.calls.length).toBeLessThan(sentences.length);
      expect(Math.max(...fake.calls.map((c) => c.inputs.length))).toBeGreaterThan(1);
    } finally {
      await server.shutdown();
      await translator.dispose();
    }
  });

  it('refuses a flood past maxQueuedSentences with 503 and Retry-After, and serves what it admitted', async () => {
    const fake = createFakeBackend();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const backend = { ...fake, doGenerate: async (o: BackendGenerateOptions) => (await gate, fake.doGenerate(o)) };
    const translator = createTranslator({ backend });
    const server = await serve({ port: 0, translator, log: false, maxQueuedSentences: 30, retryAfter: 3 });
    try {
      // 30 admitted (one sentence each) wait behind the gate; the 20 after them are refused
      const admitted = Array.from({ length: 30 }, (_, i) => fetch(`${server.url}/v1/translate`, json({ text: `Phrase ${i}.` })));
      for (let i = 0; i < 200 && !/^fr2en_queued_sentences 30$/m.test(await (await fetch(`${server.url}/metrics`)).text()); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const flood = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${server.url}/translate`, json({ q: `Encore ${i}.`, source: 'fr', target: 'en' }))));
      expect(flood.map((r) => r.status)).toEqual(new Array(20).fill(503));
      expect(flood.map((r) => r.headers.get('retry-after'))).toEqual(new Array(20).fill('3'));
      open();
      const done = await Promise.all(admitted);
      expect(done.map((r) => r.status)).toEqual(new Array(30).fill(200));
      expect(await j(done[7]!)).toMatchObject({ text: 'PHRASE 7.' });
      // once they are done, the bound is free again
      const after = await fetch(`${server.url}/translate`, json({ q: 'Enfin.', source: 'fr', target: 'en' }));
      expect([after.status, (await j(after)).translatedText]).toEqual([200, 'ENFIN.']);
    } finally {
      open();
      await server.shutdown();
      await translator.dispose();
    }
  });

  it('admits a document larger than the bound when nothing else is in progress', async () => {
    const translator = createTranslator({ backend: createFakeBackend() });
    const server = await serve({ port: 0, translator, log: false, maxQueuedSentences: 2 });
    try {
      const res = await fetch(`${server.url}/v1/translate`, json({ text: 'Un. Deux. Trois. Quatre.' }));
      expect([res.status, (await j(res)).text]).toEqual([200, 'UN. DEUX. TROIS. QUATRE.']);
    } finally {
      await server.shutdown();
      await translator.dispose();
    }
  });

  it('marks cached sentences in /v1/translate', async () => {
    const translator = createTranslator({ backend: createFakeBackend(), cache: true });
    const server = await serve({ port: 0, translator, log: false });
    try {
      await fetch(`${server.url}/v1/translate`, json({ text: 'Le chat dort.' }));
      const res = await j(await fetch(`${server.url}/v1/translate`, json({ text: 'Le chat dort. Il pleut.' })));
      expect(res.sentences.map((s: { cached?: boolean }) => s.cached ?? false)).toEqual([true, false]);
      expect(res.usage.cacheHits).toBe(1);
    } finally {
      await server.shutdown();
      await translator.dispose();
    }
  });
});
