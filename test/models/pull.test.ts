/**
 * Downloads, exercised against a hub stand-in on 127.0.0.1 that serves the fixture models
 * under the default model ids: `fr2en models pull` and first-use downloads with progress.
 */
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator, pullModels, type ProgressEvent } from '../../src/index.js';
import { BART_TINY, FIXTURES, runCli } from '../helpers.js';

// marian-spm has the real opus-mt-fr-en layout, Marian's source.spm/target.spm/vocab.json included
const FOLDERS: Record<string, string> = { 'Xenova/opus-mt-fr-en': path.join(FIXTURES, 'marian-spm'), 'Xenova/distilbart-cnn-6-6': BART_TINY };
let server: Server;
let hub = '';
const requests: string[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-pull-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const match = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(decodeURIComponent(req.url ?? ''));
    const folder = match ? FOLDERS[match[1]!] : undefined;
    // the fixtures ship fp32 only: serve it for the int8 names too (this tests transport, not weights)
    const file = match && folder ? path.join(folder, match[2]!.replace('_quantized.onnx', '.onnx')) : undefined;
    if (!file || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  hub = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // read once, when fr2en first loads transformers.js (its global `env` is configured once)
  process.env.FR2EN_HUB_URL = hub;
});
afterAll(() => {
  delete process.env.FR2EN_HUB_URL;
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('models pull', () => {
  it('downloads the manifest models into <dir>/<org>/<name>/ with progress, then skips what it has', async () => {
    const dir = path.join(scratch, 'pulled');
    const events: ProgressEvent[] = [];
    const files = await pullModels({ dir, hub, onProgress: (e) => events.push(e) });
    expect(files.map((f) => f.file)).toContain('onnx/decoder_model_merged_quantized.onnx'); // translation: q8
    expect(files.map((f) => f.file)).toContain('onnx/encoder_model.onnx'); // summaries: fp32
    for (const f of files) {
      expect(f.skipped).toBe(false);
      expect(statSync(f.path).size).toBe(f.bytes);
    }
    expect(readFileSync(path.join(dir, 'Xenova/opus-mt-fr-en/config.json'), 'utf8')).toBe(readFileSync(path.join(FOLDERS['Xenova/opus-mt-fr-en']!, 'config.json'), 'utf8'));
    expect(readFileSync(path.join(dir, 'Xenova/opus-mt-fr-en/source.spm'))).toEqual(readFileSync(path.join(FOLDERS['Xenova/opus-mt-fr-en']!, 'source.spm')));
    const downloads = events.filter((e) => e.type === 'download');
    expect(downloads.length).toBeGreaterThanOrEqual(files.length);
    expect(downloads.every((e) => e.type === 'download' && e.total !== undefined && e.loaded <= e.total)).toBe(true);
    const again = await pullModels({ dir, hub });
    expect(again.every((f) => f.skipped)).toBe(true);
    // the pulled folder is found by id, offline
    const translator = createTranslator({ model: 'Xenova/opus-mt-fr-en', modelsDir: dir, allowRemote: false, dtype: 'fp32' });
    await expect(translator.translate('Le chat dort.')).rejects.toThrow(/encoder_model\.onnx/); // only q8 was pulled
    const q8 = createTranslator({ model: 'Xenova/opus-mt-fr-en', modelsDir: dir, allowRemote: false });
    expect((await q8.translate('Le chat dort.')).sentences).toHaveLength(1);
    await q8.dispose();
  });

  it('fails with a ModelLoadError naming the URL when the hub answers 404', async () => {
    await expect(pullModels({ dir: path.join(scratch, 'x'), hub: `${hub}/nothing-here` })).rejects.toMatchObject({
      code: 'MODEL_LOAD',
      message: expect.stringContaining('HTTP 404'),
    });
  });

  it('works from the CLI', async () => {
    const dir = path.join(scratch, 'cli');
    const { code, stdout } = await runCli(['models', 'pull', '--dir', dir, '--hub', hub, '--dtype', 'fp32']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/got {2}Xenova\/opus-mt-fr-en\/onnx\/encoder_model\.onnx/);
    expect(existsSync(path.join(dir, 'Xenova/distilbart-cnn-6-6/tokenizer.json'))).toBe(true);
  });
});

describe('first-use download through transformers.js', () => {
  it('downloads a hub id into the cache with download progress, then works from the cache', async () => {
    const cacheDir = path.join(scratch, 'cache');
    const empty = path.join(scratch, 'empty');
    const events: ProgressEvent[] = [];
    const translator = createTranslator({ model: 'Xenova/opus-mt-fr-en', allowRemote: true, cacheDir, modelsDir: empty, dtype: 'fp32' });
    const result = await translator.translate('Le chat dort.', { onProgress: (e) => events.push(e) });
    expect(result.sentences).toHaveLength(1);
    const files = new Set(events.flatMap((e) => (e.type === 'download' ? [e.file] : [])));
    expect(files).toContain('onnx/encoder_model.onnx');
    expect(files).toContain('onnx/decoder_model_merged.onnx');
    expect(existsSync(path.join(cacheDir, 'Xenova/opus-mt-fr-en/onnx/encoder_model.onnx'))).toBe(true);
    await translator.dispose();
    // offline now: the cache folder is searched like any models folder
    const offline = createTranslator({ model: 'Xenova/opus-mt-fr-en', allowRemote: false, cacheDir, dtype: 'fp32' });
    expect((await offline.translate('Le chat dort.')).sentences).toHaveLength(1);
    await offline.dispose();
  });
});
