/** What each model family needs on disk and which weights `dtype: 'auto'` loads: one table, pure. */
import { describe, expect, it } from 'vitest';
import { modelFiles, pickDtype, preferredDtype, type DtypePresence, type LoadDtype } from '../../src/models/family.js';

describe('modelFiles', () => {
  it('lists a default seq2seq model from the manifest, with the weights of the type asked', () => {
    const names = modelFiles('seq2seq', 'Xenova/opus-mt-fr-en', 'q8').map((f) => f.name);
    expect(names).toContain('source.spm');
    expect(names).toContain('onnx/encoder_model_quantized.onnx');
    expect(names).toContain('onnx/decoder_model_merged_quantized.onnx');
    expect(modelFiles('seq2seq', 'Xenova/opus-mt-fr-en', 'q8').every((f) => f.required)).toBe(true);
  });

  it('lists another seq2seq model with its optional tokenizer files', () => {
    const files = modelFiles('seq2seq', 'someone/bart', 'fp32');
    expect(files.filter((f) => f.required).map((f) => f.name)).toEqual([
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/encoder_model.onnx',
      'onnx/decoder_model_merged.onnx',
    ]);
    expect(files.find((f) => f.name === 'source.spm')?.required).toBe(false);
  });

  it('lists a decoder-only model with its one graph and its optional external data', () => {
    const files = modelFiles('causal', 'onnx-community/Qwen2.5-0.5B-Instruct', 'q8');
    expect(files.filter((f) => f.required).map((f) => f.name)).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
    expect(files.filter((f) => !f.required).map((f) => f.name)).toEqual(['generation_config.json', 'onnx/model_quantized.onnx_data']);
  });
});

describe('preferredDtype', () => {
  it.each([
    ['seq2seq', 'translation', 'folder', 'q8'],
    ['seq2seq', 'translation', 'url', 'q8'],
    ['seq2seq', 'summarization', 'store', 'fp32'],
    ['causal', 'summarization', 'folder', 'fp32'],
    ['causal', 'summarization', 'store', 'q8'],
    ['causal', 'translation', 'url', 'q8'],
  ] as const)('%s model, %s, from a %s: %s', (family, task, where, expected) => {
    expect(preferredDtype(family, task, where)).toBe(expected);
  });
});

describe('pickDtype', () => {
  const complete = { complete: true, present: 5 };
  const none = { complete: false, present: 0 };
  const some = (present: number) => ({ complete: false, present });
  const table = (q8: DtypePresence | undefined, fp32: DtypePresence | undefined) => (d: LoadDtype) => (d === 'q8' ? q8 : fp32);

  it.each([
    ['an explicit type, whatever is there', 'fp32', table(complete, none), 'fp32'],
    ['the preferred type when complete', 'auto', table(complete, complete), 'q8'],
    ['the preferred type when nothing can tell', 'auto', table(undefined, undefined), 'q8'],
    ['the other type when it alone is complete', 'auto', table(none, complete), 'fp32'],
    ['the other type when the preferred is known missing and the other unknown', 'auto', table(none, undefined), 'fp32'],
    ['the one closer to complete', 'auto', table(some(2), some(4)), 'fp32'],
    ['the preferred one when neither is closer (its missing file is named)', 'auto', table(none, none), 'q8'],
  ] as const)('takes %s', (_what, requested, presence, expected) => {
    expect(pickDtype(requested, 'q8', presence)).toBe(expected);
  });
});
