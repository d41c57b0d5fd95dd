/**
 * The server on 127.0.0.1 (random port) with marian-memo: LibreTranslate compatibility through the
 * npm `libretranslate` client and raw fetch, every error status, the /v1 API, concurrency.
 */
import lt from 'libretranslate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/index.js';
import { serve, type RunningServer } from '../../src/server/index.js';
import { BART_TINY, MARIAN_MEMO, MEMO_PAIRS } from '../helpers.js';

let server: RunningServer;
let url: string;
beforeAll(async () => {
  server = await serve({ host: '127.0.0.1', port: 0, model: MARIAN_MEMO, summaryModel: BART_TINY, allowRemote: false, log: false, maxQueue: 256 });
  url = server.url;
  await server.server.warmup();
});
afterAll(() => server.shutdown());

const j = (res: Response): Promise<any> => res.json(); // eslint-disable-line @typescript-eslint/no-explicit-any
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const form = (path: string, fields: Record<string, string>) => fetch(`${url}${path}`, { method: 'POST', body: new URLSearchParams(fields) });

describe('the npm libretranslate client works unchanged', () => {
  it.each(MEMO_PAIRS.map((p) => [p.fr, p.en]))('translates %s exactly', async (fr, en) => {
    expect(await lt.translate({ query: fr, source: 'fr', target: 'en', apiurl: url })).toBe(en);
  });

  it('with source auto', async () => {
    const { fr, en } = MEMO_PAIRS[1]!;
    expect(await lt.translate({ query: fr, source: 'auto', target: 'en', apiurl: url })).toBe(en);
  });

  it('passes an array query through and gets an array back', async () => {
    const q = MEMO_PAIRS.slice(0, 5).map((p) => p.fr);
    expect(await lt.translate({ query: q as unknown as string, source: 'fr', target: 'en', apiurl: url })).toEqual(MEMO_PAIRS.slice(0, 5).map((p) => p.en));
  });
});

describe('POST /translate', () => {
  it('reads form bodies, normalising line ends like LibreTranslate', async () => {
    const res = await form('/translate', { q: `${MEMO_PAIRS[0]!.fr}\r\n`, source: 'fr', target: 'en' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await j(res)).toEqual({ translatedText: MEMO_PAIRS[0]!.en });
  });

  it('translates a JSON array item by item, with one detection per item for auto', async () => {
    const res = await post('/translate', { q: [MEMO_PAIRS[2]!.fr, '   ', `${MEMO_PAIRS[3]!.fr} ${MEMO_PAIRS[1]!.fr}`], source: 'auto', target: 'en' });
    const body = await j(res);
    expect(body.translatedText).toEqual([MEMO_PAIRS[2]!.en, '   ', `${MEMO_PAIRS[3]!.en} ${MEMO_PAIRS[1]!.en}`]);
    expect(body.detectedLanguage).toHaveLength(3);
    expect(body.detectedLanguage[0]).toEqual({ confidence: expect.any(Number), language: 'fr' });
  });

  it('translates HTML in place with format html', async () => {
    const res = await post('/translate', { q: `<p>${MEMO_PAIRS[0]!.fr}</p><p><b>${MEMO_PAIRS[1]!.fr}</b></p>`, source: 'fr', target: 'en', format: 'html' });
    expect((await j(res)).translatedText).toBe(`<p>${MEMO_PAIRS[0]!.en}</p><p><b>${MEMO_PAIRS[1]!.en}</b></p>`);
  });

  it('answers `alternatives: n` with up to n other translations from the beam, as the library gives them (strings; per item for an array; none for html)', async () => {
    const { fr, en } = MEMO_PAIRS[0]!;
    const body = await j(await post('/translate', { q: fr, source: 'fr', target: 'en', alternatives: 3 }));
    expect(body.translatedText).toBe(en);
    const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
    const library = await translator.translate(fr, { alternatives: 3 });
    await translator.dispose();
    const expected = [...new Set(library.sentences[0]!.alternatives!.map((a) => a.translation))].filter((t) => t !== en);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.alternatives).toEqual(expected);
    const batch = await j(await post('/translate', { q: [fr, '   '], source: 'fr', target: 'en', alternatives: 3 }));
    expect(batch.alternatives).toEqual([expected, []]);
    const html = await j(await post('/translate', { q: `<p>${fr}</p>`, source: 'fr', target: 'en', format: 'html', alternatives: 3 }));
    expect(html.alternatives).toEqual([]);
    const none = await j(await post('/translate', { q: fr, source: 'fr', target: 'en' }));
    expect(none).toEqual({ translatedText: en });
  });

  it.each([
    [{ source: 'fr', target: 'en' }, 'Invalid request: missing q parameter'],
    [{ q: '', source: 'fr', target: 'en' }, 'Invalid request: missing q parameter'],
    [{ q: [], source: 'fr', target: 'en' }, 'Invalid request: missing q parameter'],
    [{ q: 'Bonjour.', target: 'en' }, 'Invalid request: missing source parameter'],
    [{ q: 'Bonjour.', source: 'fr' }, 'Invalid request: missing target parameter'],
    [{ q: 'Bonjour.', source: 'fr', target: 'en', alternatives: 'x' }, 'Invalid request: alternatives parameter is not a number'],
    [{ q: 'Bonjour.', source: 'de', target: 'en' }, 'de is not supported'],
    [{ q: 'Bonjour.', source: 'fr', target: 'zz' }, 'zz is not supported'],
    [{ q: 'Hello.', source: 'en', target: 'fr' }, 'French (fr) is not available as a target language from English (en)'],
    [{ q: 'Bonjour.', source: 'fr', target: 'en', format: 'pdf' }, 'pdf format is not supported'],
  ])('400 for %j: %s', async (body, error) => {
    const res = await post('/translate', body);
    expect(res.status).toBe(400);
    expect(await j(res)).toEqual({ error });
  });

  it('400 Invalid JSON format for a JSON body that is not an object, and for broken JSON', async () => {
    let res = await post('/translate', ['Bonjour.']);
    expect([res.status, await j(res)]).toEqual([400, { error: 'Invalid JSON format' }]);
    res = await fetch(`${url}/translate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"q":' });
    expect(res.status).toBe(400);
    expect((await j(res)).error).toMatch(/^Failed to decode JSON object/);
  });
});

describe('other LibreTranslate routes', () => {
  it('POST /detect gives a 0–100 confidence', async () => {
    const res = await form('/detect', { q: 'Le gouvernement a annoncé mardi que les élections auront lieu dans le pays au mois de mars.' });
    const [guess] = await j(res);
    expect(guess.language).toBe('fr');
    expect(guess.confidence).toBeGreaterThan(1);
    expect(guess.confidence).toBeLessThanOrEqual(100);
    expect((await post('/detect', {})).status).toBe(400);
  });

  it('GET /languages, /frontend/settings, /health', async () => {
    expect(await j(await fetch(`${url}/languages`))).toContainEqual({ code: 'fr', name: 'French', targets: ['en'] });
    const settings = await j(await fetch(`${url}/frontend/settings`));
    expect(settings).toMatchObject({ charLimit: -1, apiKeys: false, keyRequired: false, language: { source: { code: 'auto' }, target: { code: 'en' } } });
    expect(await j(await fetch(`${url}/health`))).toEqual({ status: 'ok' });
  });

  it('404 as JSON for an unknown route', async () => {
    const res = await fetch(`${url}/nope`);
    expect([res.status, await j(res)]).toEqual([404, { error: 'Not Found' }]);
  });
});

describe('/v1 API', () => {
  it('translates with sentence alignment, scores and warnings', async () => {
    const text = `${MEMO_PAIRS[0]!.fr} ${MEMO_PAIRS[1]!.fr}`;
    const body = await j(await post('/v1/translate', { text }));
    expect(body.text).toBe(`${MEMO_PAIRS[0]!.en} ${MEMO_PAIRS[1]!.en}`);
    expect(body.sentences.map((s: { source: string; translation: string }) => [s.source, s.translation])).toEqual([
      [MEMO_PAIRS[0]!.fr, MEMO_PAIRS[0]!.en],
      [MEMO_PAIRS[1]!.fr, MEMO_PAIRS[1]!.en],
    ]);
    expect(body.sentences[1].start).toBe(MEMO_PAIRS[0]!.fr.length + 1);
    expect(body.sentences[0].score).toBeLessThanOrEqual(0);
    expect(body.warnings).toEqual([]);
  });

  it('streams sentences as NDJSON, then a done line', async () => {
    const text = MEMO_PAIRS.slice(0, 4).map((p) => p.fr).join(' ');
    const res = await post('/v1/translate', { text }, { Accept: 'application/x-ndjson' });
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(0, 4).map((l) => l.translation)).toEqual(MEMO_PAIRS.slice(0, 4).map((p) => p.en));
    expect(lines[4]).toMatchObject({ done: true });
  });

  it('streams sentences as Server-Sent Events', async () => {
    const res = await post('/v1/translate', { text: `${MEMO_PAIRS[0]!.fr} ${MEMO_PAIRS[1]!.fr}`, stream: 'sse' });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatch(/^event: sentence/);
    expect(JSON.parse(/^data: (.*)$/m.exec(events[1]!)![1]!).translation).toBe(MEMO_PAIRS[1]!.en);
    expect(events[2]).toMatch(/^event: done/);
  });

  it('summarises and digests', async () => {
    const summary = await j(await post('/v1/summarize', { text: 'The cat is sleeping. It is raining today. Thank you very much.', method: 'extractive' }));
    expect(summary.method).toBe('extractive');
    expect(summary.summary.length).toBeGreaterThan(0);
    const digest = await j(await post('/v1/digest', { text: MEMO_PAIRS.slice(0, 3).map((p) => p.fr).join(' '), method: 'extractive' }));
    expect(digest.translation).toBe(MEMO_PAIRS.slice(0, 3).map((p) => p.en).join(' '));
    expect(digest.summary.length).toBeGreaterThan(0);
  });

  it('translate takes a glossary, terms kept verbatim (besides the defaults) and alternatives', async () => {
    const pair = MEMO_PAIRS.find((p) => p.fr.includes('Loukachenko'))!;
    const body = await j(await post('/v1/translate', { text: pair.fr, glossary: { Loukachenko: 'Lukashenka' }, alternatives: 2 }));
    expect(body.text).toMatch(/\bLukashenka\b/);
    expect(body.sentences[0].alternatives).toHaveLength(2);
    const kept = await j(await post('/v1/translate', { text: `${pair.fr.slice(0, -1)} XKZ-7, voir https://example.com/kz.`, doNotTranslate: ['XKZ-7'] }));
    expect(kept.text).toContain('XKZ-7');
    expect(kept.text).toContain('https://example.com/kz');
    const streamed = await (await post('/v1/translate', { text: pair.fr, alternatives: 1, stream: 'ndjson' })).text();
    expect(JSON.parse(streamed.split('\n')[0]!).alternatives).toHaveLength(1);
    for (const bad of [{ glossary: { chat: '' } }, { glossary: ['chat'] }, { doNotTranslate: 'x' }, { doNotTranslate: [3] }, { alternatives: -1 }]) {
      const res = await post('/v1/translate', { text: 'Le chat dort.', ...bad });
      expect([res.status, (await j(res)).code], JSON.stringify(bad)).toEqual([400, 'INPUT']);
    }
  });

  it('errors carry a code; jobs are 501 without Redis; the OpenAPI document lists the routes', async () => {
    const res = await post('/v1/translate', { text: 42 });
    expect([res.status, (await j(res)).code]).toEqual([400, 'INPUT']);
    expect((await post('/v1/jobs', { text: 'Bonjour.' })).status).toBe(501);
    const doc = await j(await fetch(`${url}/v1/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/translate', '/v1/summarize', '/v1/digest', '/v1/jobs', '/v1/jobs/{id}', '/translate']));
  });
});

describe('operations', () => {
  it('/healthz, /readyz and Prometheus /metrics', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^fr2en_http_requests_total\{route="\/translate",status="200"\} \d+$/m);
    expect(text).toMatch(/^fr2en_http_request_duration_seconds_bucket\{le="\+Inf",route="\/translate"\} \d+$/m);
    expect(text).toMatch(/^fr2en_queue_depth 0$/m);
    expect(text).toMatch(/^fr2en_generated_tokens_total [1-9]\d*$/m);
  });

  it('200 concurrent requests all succeed, exactly, with flat memory', async () => {
    const before = process.memoryUsage().heapUsed;
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const pair = MEMO_PAIRS[i % MEMO_PAIRS.length]!;
        const res = await post('/translate', { q: pair.fr, source: 'fr', target: 'en' });
        return [res.status, (await j(res)).translatedText === pair.en] as const;
      }),
    );
    const after = process.memoryUsage().heapUsed;
    console.log(`200 concurrent /translate: heap ${(before / 2 ** 20).toFixed(1)} MB before, ${(after / 2 ** 20).toFixed(1)} MB after`);
    expect(results.filter(([status, exact]) => status !== 200 || !exact)).toEqual([]);
    expect(after - before).toBeLessThan(64 * 2 ** 20);
  });
});
