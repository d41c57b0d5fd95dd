/**
 * A model that cannot be had raises a typed ModelLoadError naming the model, the folders
 * searched and the fix; the instance can retry once the problem is fixed.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator, Fr2enError, ModelLoadError } from '../../src/index.js';
import { MARIAN_TINY } from '../helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-load-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('ModelLoadError', () => {
  it('names the model, the folders searched and the fix when a hub id is not available offline', async () => {
    const translator = createTranslator({ model: 'Xenova/opus-mt-fr-en', allowRemote: false, modelsDir: scratch });
    const error = await translator.translate('Bonjour.').catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    const e = error as ModelLoadError;
    expect(e.code).toBe('MODEL_LOAD');
    expect(e.model).toBe('Xenova/opus-mt-fr-en');
    expect(e.searched).toContain(scratch);
    expect(e.message).toContain('Xenova/opus-mt-fr-en');
    expect(e.message).toContain(path.join(scratch, 'Xenova/opus-mt-fr-en'));
    expect(e.message).toMatch(/FR2EN_MODELS_DIR/);
    expect(e.message).toMatch(/fr2en models pull/);
    expect(Fr2enError.isInstance(e)).toBe(true);
  });

  it('finds a hub id laid out as <modelsDir>/<org>/<name>/', async () => {
    const dir = path.join(scratch, 'models');
    cpSync(MARIAN_TINY, path.join(dir, 'acme', 'tiny-fr-en'), { recursive: true });
    const translator = createTranslator({ model: 'acme/tiny-fr-en', allowRemote: false, modelsDir: dir });
    const result = await translator.translate('Le chat dort.');
    expect(result.sentences).toHaveLength(1);
    expect(result.model).toBe('acme/tiny-fr-en');
    await translator.dispose();
  });

  it('says which file is missing from a local folder', async () => {
    const dir = path.join(scratch, 'missing-file');
    cpSync(MARIAN_TINY, dir, { recursive: true });
    rmSync(path.join(dir, 'onnx', 'decoder_model_merged.onnx'));
    const error = await createTranslator({ model: dir }).translate('Bonjour.').catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).file).toBe(path.join(dir, 'onnx', 'decoder_model_merged.onnx'));
    expect((error as Error).message).toContain('decoder_model_merged.onnx');
  });

  it('names a corrupt file, and the same instance works once the file is fixed', async () => {
    const dir = path.join(scratch, 'corrupt');
    cpSync(MARIAN_TINY, dir, { recursive: true });
    const file = path.join(dir, 'onnx', 'encoder_model.onnx');
    writeFileSync(file, Buffer.from('this is not an onnx model'));
    const translator = createTranslator({ model: dir });
    const error = await translator.translate('Bonjour.').catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).file).toBe(file);
    cpSync(path.join(MARIAN_TINY, 'onnx', 'encoder_model.onnx'), file);
    const result = await translator.translate('Bonjour.');
    expect(result.sentences).toHaveLength(1);
    await translator.dispose();
  });

  it('names a truncated decoder file', async () => {
    const dir = path.join(scratch, 'truncated');
    cpSync(MARIAN_TINY, dir, { recursive: true });
    const file = path.join(dir, 'onnx', 'decoder_model_merged.onnx');
    writeFileSync(file, readFileSync(file).subarray(0, 5000));
    const error = await createTranslator({ model: dir }).translate('Bonjour.').catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).file).toBe(file);
    expect((error as Error).message).toContain('decoder_model_merged.onnx');
  });

  it('names a config file that is not valid JSON', async () => {
    const dir = path.join(scratch, 'bad-config');
    cpSync(MARIAN_TINY, dir, { recursive: true });
    writeFileSync(path.join(dir, 'tokenizer.json'), '{ "model": ');
    const error = await createTranslator({ model: dir }).translate('Bonjour.').catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/tokenizer\.json/);
  });

  it('reports a folder path that does not exist', async () => {
    const error = await createTranslator({ model: path.join(scratch, 'nope') }).translate('Bonjour.').catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/does not exist/);
  });
});
