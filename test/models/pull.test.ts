/**
 * `pullModels` and `fr2en models …` against the hub stand-in: the default models land in the
 * store and load from it offline; a first use downloads into the same store with progress.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator, pullModels, type ProgressEvent } from '../../src/index.js';
import { runCli } from '../helpers.js';
import { HUB_FOLDERS, startHub, type Hub } from './hub.js';

let hub: Hub;
const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-pull-'));
const none = path.join(scratch, 'no-models-here');

beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('models pull', () => {
  it('downloads the default models into the store (q8 translation, fp32 summaries), then has them', async () => {
    const store = path.join(scratch, 'pulled');
    const pulled = await pullModels({ cacheDir: store, hub: hub.url });
    expect(pulled.map((p) => [p.model, p.dtype])).toEqual([
      ['Xenova/opus-mt-fr-en', 'q8'],
      ['Xenova/distilbart-cnn-6-6', 'fp32'],
    ]);
    expect(pulled[0]!.fetched).toContain('onnx/decoder_model_merged_quantized.onnx');
    expect(pulled[1]!.fetched).toContain('onnx/encoder_model.onnx');
    const dir = path.join(store, 'models', 'Xenova', 'opus-mt-fr-en');
    expect(readFileSync(path.join(dir, 'source.spm'))).toEqual(readFileSync(path.join(HUB_FOLDERS['Xenova/opus-mt-fr-en']!, 'source.spm')));
    const again = await pullModels({ cacheDir: store, hub: hub.url });
    expect(again.every((p) => p.fetched.length === 0)).toBe(true);
    // offline, the store is found by id
    const q8 = createTranslator({ model: 'Xenova/opus-mt-fr-en', cacheDir: store, modelsDir: none, allowRemote: false });
    expect((await q8.translate('Le chat dort.')).sentences).toHaveLength(1);
    await q8.dispose();
  });

  it('fails with a ModelLoadError naming the model and the URL when the hub lacks it', async () => {
    await expect(pullModels({ cacheDir: path.join(scratch, 'x'), hub: hub.url, models: ['nobody/nothing'], retries: 0 })).rejects.toMatchObject({
      code: 'MODEL_LOAD',
      message: expect.stringMatching(/nobody\/nothing.*HTTP 404/),
    });
  });

  it('refuses a model list that is not hub ids', async () => {
    await expect(pullModels({ models: ['../etc'] })).rejects.toMatchObject({ code: 'INPUT', option: 'models' });
  });

  it('pull, list, path, verify and rm work from the CLI on one store', async () => {
    const store = path.join(scratch, 'cli');
    const env = { FR2EN_OFFLINE: '', FR2EN_CACHE_DIR: store };
    const pull = await runCli(['models', 'pull', '--hub', hub.url, '--dtype', 'fp32', '--model', 'Xenova/opus-mt-fr-en'], undefined, env);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toMatch(/^pulled Xenova\/opus-mt-fr-en fp32 /m);
    expect(pull.stderr).toMatch(/^downloaded Xenova\/opus-mt-fr-en: [\d.]+ MB$/m); // plain progress when stderr is not a terminal
    const list = await runCli(['models', 'list'], undefined, env);
    expect(list.stdout).toMatch(/^Xenova\/opus-mt-fr-en {2}fp32 {2}[\d.]+ MB$/m);
    const where = await runCli(['models', 'path', 'Xenova/opus-mt-fr-en'], undefined, env);
    expect(where.stdout.trim()).toBe(path.join(store, 'models', 'Xenova', 'opus-mt-fr-en'));
    const verify = await runCli(['models', 'verify'], undefined, env);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^ok {3}Xenova\/opus-mt-fr-en/m);
    const rm = await runCli(['models', 'rm', 'Xenova/opus-mt-fr-en'], undefined, env);
    expect(rm.code).toBe(0);
    expect(existsSync(where.stdout.trim())).toBe(false);
    const rmAgain = await runCli(['models', 'rm', 'Xenova/opus-mt-fr-en'], undefined, env);
    expect(rmAgain.code).toBe(2);
  });
});

describe('first use', () => {
  it('downloads a hub id into the store with download progress, then works from it offline', async () => {
    const store = path.join(scratch, 'first-use');
    const events: ProgressEvent[] = [];
    process.env.FR2EN_HUB_URL = hub.url;
    try {
      const translator = createTranslator({ model: 'Xenova/opus-mt-fr-en', allowRemote: true, cacheDir: store, modelsDir: none, dtype: 'fp32' });
      const result = await translator.translate('Le chat dort.', { onProgress: (e) => events.push(e) });
      expect(result.sentences).toHaveLength(1);
      await translator.dispose();
    } finally {
      delete process.env.FR2EN_HUB_URL;
    }
    const files = new Set(events.flatMap((e) => (e.type === 'download' ? [e.file] : [])));
    expect(files).toContain('onnx/encoder_model.onnx');
    expect(files).toContain('onnx/decoder_model_merged.onnx');
    // the bar ends before the model is opened
    const lastDownload = events.findLastIndex((e) => e.type === 'download');
    expect(events[lastDownload]).toMatchObject({ done: true });
    expect(events.findIndex((e) => e.type === 'load' && e.status === 'start')).toBeGreaterThan(lastDownload);
    const offline = createTranslator({ model: 'Xenova/opus-mt-fr-en', allowRemote: false, cacheDir: store, modelsDir: none, dtype: 'fp32' });
    expect((await offline.translate('Le chat dort.')).sentences).toHaveLength(1);
    await offline.dispose();
  });
});
