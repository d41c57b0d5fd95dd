/** resolveModel: the one answer to which model, from where, which weights and which files, for both families. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveModel } from '../../src/models/resolve.js';
import { FIXTURES } from '../helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-resolve-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('resolveModel', () => {
  it('takes the weights a seq2seq folder ships when it lacks the preferred ones', () => {
    const folder = path.join(FIXTURES, 'marian-tiny');
    const resolved = resolveModel({ model: folder, task: 'translation' }, 'seq2seq');
    expect(resolved.source).toMatchObject({ kind: 'local', path: folder });
    expect(resolved.dtype).toBe('fp32');
    expect(resolved.files.map((f) => f.name)).toContain('onnx/encoder_model.onnx');
  });

  it('takes fp32 for a decoder-only folder that ships onnx/model.onnx, its external data listed', () => {
    const resolved = resolveModel({ model: path.join(FIXTURES, 'qwen2-memo') }, 'causal');
    expect(resolved.dtype).toBe('fp32');
    expect(resolved.files.map((f) => f.name)).toEqual(expect.arrayContaining(['onnx/model.onnx', 'onnx/model.onnx_data']));
  });

  it("sends a hub id that is nowhere local to fr2en's store, with the family's preferred weights", () => {
    const request = { model: 'someone/not-here', cacheDir: scratch, modelsDir: scratch };
    const seq2seq = resolveModel({ ...request, task: 'summarization' }, 'seq2seq');
    expect(seq2seq.source).toMatchObject({ kind: 'store', path: path.join(scratch, 'models', 'someone', 'not-here') });
    expect(seq2seq.dtype).toBe('fp32');
    const causal = resolveModel(request, 'causal');
    expect(causal.dtype).toBe('q8');
    expect(causal.files.filter((f) => f.required).map((f) => f.name)).toContain('onnx/model_quantized.onnx');
  });

  it('keeps an explicit weight type', () => {
    expect(resolveModel({ model: path.join(FIXTURES, 'marian-tiny'), dtype: 'q8' }, 'seq2seq').dtype).toBe('q8');
  });
});
