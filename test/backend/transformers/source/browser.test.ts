/**
 * The browser file source, run in Node with `fetch` stubbed: models by URL (`modelBaseUrl`, else
 * the hub), weights chosen with HEAD requests, and each instance's runtime settings applied to
 * transformers.js's `env` around its own load only (loads with other settings wait).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserSource, modelUrl } from '../../../../src/backend/transformers/source/browser.js';

/** A served models folder holding `files` (paths under the base URL); records every request. */
function serve(files: Record<string, unknown>) {
  const requests: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: { method?: string }) => {
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    const body = files[url];
    return body === undefined ? new Response(null, { status: 404 }) : new Response(JSON.stringify(body), { status: 200 });
  });
  return requests;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A stand-in for transformers.js's module: only its `env`. */
const fakeTf = () => ({ env: { remoteHost: 'https://huggingface.co/', remotePathTemplate: '{model}/resolve/{revision}/', useBrowserCache: true, cacheKey: 'transformers-cache', backends: { onnx: { wasm: {} } } } });

describe('the browser file source', () => {
  it('finds a model under modelBaseUrl, else on the hub', () => {
    expect(modelUrl('org/m', { modelBaseUrl: 'https://cdn.example/models' })).toBe('https://cdn.example/models/org/m/');
    expect(modelUrl('org/m', {})).toMatch(/\/org\/m\/resolve\/main\/$/);
  });

  it('reads config.json from the model URL', async () => {
    serve({ 'https://cdn.example/m/org/m/config.json': { model_type: 'qwen2' } });
    const source = createBrowserSource({ modelBaseUrl: 'https://cdn.example/m/' });
    expect(await source.readConfig({ model: 'org/m' })).toEqual({ model_type: 'qwen2' });
  });

  it('asks for the int8 weights `auto` prefers, and takes fp32 when they are not served', async () => {
    const base = 'https://cdn.example/m/org/m/';
    const requests = serve({ [`${base}onnx/encoder_model.onnx`]: {} });
    const source = createBrowserSource({ modelBaseUrl: 'https://cdn.example/m/' });
    const located = await source.locate({ model: 'org/m', task: 'translation' }, 'seq2seq', {});
    expect(located).toMatchObject({ dtype: 'fp32', target: 'org/m', dir: undefined, source: { kind: 'url', url: base } });
    expect(requests).toEqual([`HEAD ${base}onnx/encoder_model_quantized.onnx`, `HEAD ${base}onnx/encoder_model.onnx`]);
  });

  it('asks nothing for an explicit weight type', async () => {
    const requests = serve({});
    const located = await createBrowserSource({ modelBaseUrl: '/m/' }).locate({ model: 'org/m', dtype: 'q8' }, 'seq2seq', {});
    expect(located.dtype).toBe('q8');
    expect(requests).toEqual([]);
  });

  it("applies each instance's own settings to transformers.js's env around its load, and the defaults back for one without", async () => {
    serve({});
    const tf = fakeTf();
    const a = createBrowserSource({ modelBaseUrl: 'https://a.example/models/', cacheKey: 'a-cache' });
    const b = createBrowserSource(undefined);
    const seen: unknown[] = [];
    const record = async () => seen.push({ host: tf.env.remoteHost, template: tf.env.remotePathTemplate, cacheKey: tf.env.cacheKey });
    const located = await a.locate({ model: 'org/m', dtype: 'q8' }, 'seq2seq', {});
    await a.open(tf, located, { model: 'org/m' }, record, {});
    await b.open(tf, located, { model: 'org/m' }, record, {});
    expect(seen).toEqual([
      { host: 'https://a.example/models/', template: '{model}/', cacheKey: 'a-cache' },
      { host: 'https://huggingface.co/', template: '{model}/resolve/{revision}/', cacheKey: 'transformers-cache' },
    ]);
  });

  it("makes a load with other settings wait, so a second instance's settings never change the env under the first one's load", async () => {
    serve({});
    const tf = fakeTf();
    const a = createBrowserSource({ modelBaseUrl: 'https://a.example/' });
    const b = createBrowserSource({ modelBaseUrl: 'https://b.example/' });
    const located = await a.locate({ model: 'org/m', dtype: 'q8' }, 'seq2seq', {});
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hostsSeen: string[] = [];
    const first = a.open(tf, located, { model: 'org/m' }, async () => {
      await held; // a slow download
      hostsSeen.push(tf.env.remoteHost);
    }, {});
    const second = b.open(tf, located, { model: 'org/m' }, async () => hostsSeen.push(tf.env.remoteHost), {});
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([first, second]);
    expect(hostsSeen).toEqual(['https://a.example/', 'https://b.example/']);
  });

  it('runs loads with the same settings together', async () => {
    serve({});
    const tf = fakeTf();
    const [a, b] = [createBrowserSource({ modelBaseUrl: '/same/' }), createBrowserSource({ modelBaseUrl: '/same/' })];
    const located = await a.locate({ model: 'org/m', dtype: 'q8' }, 'seq2seq', {});
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const first = a.open(tf, located, { model: 'org/m' }, async () => {
      await held;
      order.push('a');
    }, {});
    const second = b.open(tf, located, { model: 'org/m' }, async () => {
      order.push('b');
    }, {});
    await second;
    release();
    await first;
    expect(order).toEqual(['b', 'a']);
  });

  it('says which model failed to load in the browser and why', async () => {
    serve({});
    const source = createBrowserSource({});
    const located = await source.locate({ model: 'org/m', dtype: 'q8' }, 'seq2seq', {});
    const error = await source.open(fakeTf(), located, { model: 'org/m' }, async () => {
      throw new Error('404 Not Found\nat …');
    }, {}).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Could not load model `org\/m` in the browser \(404 Not Found\)/);
  });
});
