/**
 * fr2en's model store against a misbehaving hub stand-in: resumed downloads, corrupt and
 * wrong-sized files fetched again, retries, timeouts with their cause, proxies, locking
 * between processes, and weight types fetched when asked.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator, listModels, pullModels, verifyModel, type ProgressEvent } from '../../src/index.js';
import { ensureModel } from '../../src/models/store/index.js';
import { runCli } from '../helpers.js';
import { startHub, startProxy, type Hub } from './hub.js';

const MARIAN = 'Xenova/opus-mt-fr-en';
const ENC_Q8 = 'onnx/encoder_model_quantized.onnx';
let hub: Hub;
const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-store-'));
let n = 0;
const freshStore = () => path.join(scratch, `store-${++n}`);
const fast = { retries: 3, retryDelayMs: 10, timeoutMs: 2000 };
const stored = (store: string, file: string) => path.join(store, 'models', ...MARIAN.split('/'), ...file.split('/'));
const gets = (file: string) => hub.requests.filter((r) => r.method === 'GET' && r.status !== 302 && r.url.endsWith(`/${file}`));

beforeAll(async () => {
  hub = await startHub();
});
afterEach(() => {
  hub.plan.clear();
  hub.requests.length = 0;
});
afterAll(async () => {
  await hub.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('model store downloads', () => {
  it('fills an empty store with every file of the weight type, verified, and fetches nothing the second time', async () => {
    const store = freshStore();
    const events: ProgressEvent[] = [];
    const [pulled] = await pullModels({ cacheDir: store, hub: hub.url, models: [MARIAN], onProgress: (e) => events.push(e), ...fast });
    expect(pulled!.fetched).toEqual(expect.arrayContaining(['source.spm', 'target.spm', 'vocab.json', ENC_Q8, 'onnx/decoder_model_merged_quantized.onnx']));
    expect(readFileSync(stored(store, ENC_Q8))).toEqual(hub.bytes(MARIAN, ENC_Q8));
    const downloads = events.filter((e): e is Extract<ProgressEvent, { type: 'download' }> => e.type === 'download');
    expect(downloads.at(-1)).toMatchObject({ done: true, modelLoaded: pulled!.bytes, modelTotal: pulled!.bytes });
    expect(downloads.every((e) => (e.modelLoaded ?? 0) <= (e.modelTotal ?? 0))).toBe(true);
    hub.requests.length = 0;
    const [again] = await pullModels({ cacheDir: store, hub: hub.url, models: [MARIAN], ...fast });
    expect(again!.fetched).toEqual([]);
    expect(hub.requests).toEqual([]);
    expect(listModels(store)).toEqual([expect.objectContaining({ id: MARIAN, dtypes: ['q8'], partialBytes: 0 })]);
  });

  it('resumes a body cut midway with a Range request, in the same run', async () => {
    const store = freshStore();
    hub.plan.set(ENC_Q8, { cutAt: 100_000 });
    await ensureModel(MARIAN, 'q8', { cacheDir: store, hub: hub.url, ...fast });
    const tries = gets(ENC_Q8);
    expect(tries.length).toBe(2);
    expect(tries[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(tries[1]!.status).toBe(206);
    expect(readFileSync(stored(store, ENC_Q8))).toEqual(hub.bytes(MARIAN, ENC_Q8));
  });

  it('resumes the .part an interrupted run left behind, and the cache works without deleting anything', async () => {
    const store = freshStore();
    const full = hub.bytes(MARIAN, ENC_Q8);
    mkdirSync(path.dirname(stored(store, ENC_Q8)), { recursive: true });
    writeFileSync(`${stored(store, ENC_Q8)}.part`, full.subarray(0, 50_000));
    expect(listModels(store)[0]).toMatchObject({ dtypes: [], partialBytes: 50_000 });
    await ensureModel(MARIAN, 'q8', { cacheDir: store, hub: hub.url, ...fast });
    expect(gets(ENC_Q8).map((r) => r.range)).toEqual(['bytes=50000-']);
    expect(readFileSync(stored(store, ENC_Q8))).toEqual(full);
    expect(existsSync(`${stored(store, ENC_Q8)}.part`)).toBe(false);
  });

  it('fetches again a file the hub served corrupt (sha256 mismatch) or too long (size mismatch)', async () => {
    const store = freshStore();
    hub.plan.set(ENC_Q8, { corrupt: 1 });
    hub.plan.set('onnx/decoder_model_merged_quantized.onnx', { extra: 10 });
    await ensureModel(MARIAN, 'q8', { cacheDir: store, hub: hub.url, ...fast });
    expect(gets(ENC_Q8).length).toBe(2);
    expect(gets('onnx/decoder_model_merged_quantized.onnx').length).toBe(2);
    expect(readFileSync(stored(store, ENC_Q8))).toEqual(hub.bytes(MARIAN, ENC_Q8));
  });

  it('gives up on a file that stays corrupt with a ModelLoadError saying so', async () => {
    hub.plan.set(ENC_Q8, { corrupt: 99 });
    await expect(ensureModel(MARIAN, 'q8', { cacheDir: freshStore(), hub: hub.url, ...fast, retries: 1 })).rejects.toMatchObject({
      code: 'MODEL_LOAD',
      message: expect.stringMatching(/sha256 .* does not match/),
    });
  });

  it('detects a cached file cut short or damaged and fetches it again', async () => {
    const store = freshStore();
    await ensureModel(MARIAN, 'q8', { cacheDir: store, hub: hub.url, ...fast });
    const file = stored(store, ENC_Q8);
    // cut short: seen on the next use from the size alone
    writeFileSync(file, readFileSync(file).subarray(0, 1000));
    hub.requests.length = 0;
    await ensureModel(MARIAN, 'q8', { cacheDir: store, hub: hub.url, ...fast });
    expect(gets(ENC_Q8).length).toBe(1);
    // same size, other bytes: `verify` finds it and removes it; the next use fetches it
    const bytes = readFileSync(file);
    bytes[500] = bytes[500]! ^ 0xff;
    writeFileSync(file, bytes);
    const verdicts = await verifyModel(MARIAN, { cacheDir: store });
    expect(verdicts.find((v) => v.file === ENC_Q8)).toMatchObject({ ok: false, problem: 'sha256 does not match' });
    expect(verdicts.filter((v) => !v.ok)).toHaveLength(1);
    await ensureModel(MARIAN, 'q8', { cacheDir: store, hub: hub.url, ...fast });
    expect(readFileSync(file)).toEqual(hub.bytes(MARIAN, ENC_Q8));
  });

  it('retries 500s with backoff and succeeds', async () => {
    hub.plan.set(ENC_Q8, { fail500: 2 });
    await ensureModel(MARIAN, 'q8', { cacheDir: freshStore(), hub: hub.url, ...fast });
    expect(gets(ENC_Q8).map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('fails a hub that never answers within the timeout, naming the cause', async () => {
    hub.plan.set(ENC_Q8, { hang: true });
    const error = await ensureModel(MARIAN, 'q8', { cacheDir: freshStore(), hub: hub.url, timeoutMs: 300, retries: 1, retryDelayMs: 10 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEL_LOAD', message: expect.stringContaining('no answer within the timeout') });
    expect((error as Error).message).toContain(ENC_Q8);
    expect((error as Error).cause).toBeDefined();
  });

  it('says "connection refused" when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const error = await ensureModel(MARIAN, 'q8', { cacheDir: freshStore(), hub: `http://127.0.0.1:${port}`, retries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEL_LOAD', message: expect.stringMatching(/ECONNREFUSED.*connection refused/) });
  });

  it('goes through HTTP_PROXY, and not for hosts in NO_PROXY', async () => {
    const proxy = await startProxy();
    try {
      process.env.HTTP_PROXY = proxy.url;
      await ensureModel(MARIAN, 'q8', { cacheDir: freshStore(), hub: hub.url, ...fast });
      expect(proxy.seen.some((s) => s.includes('encoder_model_quantized.onnx') || s.startsWith('CONNECT 127.0.0.1'))).toBe(true);
      proxy.seen.length = 0;
      process.env.NO_PROXY = '127.0.0.1';
      await ensureModel(MARIAN, 'q8', { cacheDir: freshStore(), hub: hub.url, ...fast });
      expect(proxy.seen).toEqual([]);
    } finally {
      delete process.env.HTTP_PROXY;
      delete process.env.NO_PROXY;
      await proxy.close();
    }
  });

  it('fetches the fp32 files when a store holding q8 is asked for fp32, and loads it', async () => {
    const store = freshStore();
    await ensureModel(MARIAN, 'q8', { cacheDir: store, hub: hub.url, ...fast });
    hub.requests.length = 0;
    process.env.FR2EN_HUB_URL = hub.url;
    try {
      const translator = createTranslator({ model: MARIAN, cacheDir: store, allowRemote: true, dtype: 'fp32', modelsDir: path.join(scratch, 'none') });
      expect((await translator.load()).dtype).toBe('fp32');
      expect((await translator.translate('Le chat dort.')).sentences).toHaveLength(1);
      await translator.dispose();
    } finally {
      delete process.env.FR2EN_HUB_URL;
    }
    expect(hub.requests.filter((r) => r.method === 'GET').map((r) => r.url.split('/').pop())).toEqual(
      expect.arrayContaining(['encoder_model.onnx', 'decoder_model_merged.onnx']),
    );
    expect(gets('config.json')).toEqual([]);
    expect(listModels(store)[0]!.dtypes.sort()).toEqual(['fp32', 'q8']);
  });

  it('offline, names the files the store lacks and the fix, without touching the network', async () => {
    const store = freshStore();
    await ensureModel(MARIAN, 'q8', { cacheDir: store, hub: hub.url, ...fast });
    hub.requests.length = 0;
    const translator = createTranslator({ model: MARIAN, cacheDir: store, allowRemote: false, dtype: 'fp32', modelsDir: path.join(scratch, 'none') });
    await expect(translator.translate('Le chat dort.')).rejects.toMatchObject({
      code: 'MODEL_LOAD',
      message: expect.stringMatching(/not available offline.*lacks onnx\/encoder_model\.onnx.*allowRemote: true/),
    });
    expect(hub.requests).toEqual([]);
    // auto picks what the store holds
    const auto = createTranslator({ model: MARIAN, cacheDir: store, allowRemote: false, modelsDir: path.join(scratch, 'none') });
    expect((await auto.load()).dtype).toBe('q8');
    await auto.dispose();
  });

  it('lets two processes fill one empty store at once without corrupting it (each file fetched once)', async () => {
    const store = freshStore();
    hub.plan.set(ENC_Q8, { slowMs: 5 });
    const args = ['models', 'pull', '--model', MARIAN, '--cache-dir', store, '--hub', hub.url, '--progress', 'plain'];
    const [a, b] = await Promise.all([runCli(args, undefined, { FR2EN_OFFLINE: '' }), runCli(args, undefined, { FR2EN_OFFLINE: '' })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(gets(ENC_Q8).length).toBe(1);
    expect(readFileSync(stored(store, ENC_Q8))).toEqual(hub.bytes(MARIAN, ENC_Q8));
    expect(statSync(path.join(store, 'locks')).isDirectory()).toBe(true);
    expect(existsSync(path.join(store, 'locks', 'Xenova--opus-mt-fr-en.lock'))).toBe(false);
    expect(`${a.stdout}${b.stdout}`).toMatch(/had +Xenova\/opus-mt-fr-en q8/);
  });
});
