/**
 * Reading a model's configs into typed settings: pure, no ONNX.
 */
import { describe, expect, it } from 'vitest';
import { modelGeneration, readModelSettings } from '../../../../src/backend/transformers/seq2seq/config.js';

const OPUS_CONFIG = {
  model_type: 'marian',
  max_position_embeddings: 512,
  eos_token_id: 0,
  pad_token_id: 59513,
  decoder_start_token_id: 59513,
  bad_words_ids: [[59513]],
  num_beams: 4,
};

describe('readModelSettings', () => {
  it('reads an opus-mt config: limits, end and pad tokens, banned start token, 4 beams', () => {
    const s = readModelSettings({ config: OPUS_CONFIG, generationConfig: {}, tokenizerMaxLength: 512, task: 'translation' });
    expect(s).toMatchObject({
      modelType: 'marian',
      maxInputTokens: 512,
      maxOutputTokens: 512,
      eos: [0],
      padId: 59513,
      prefix: '',
      decoderStart: 59513,
      forcedBos: undefined,
      banned: [59513],
      noRepeatNgram: 0,
      generation: { beams: 4, lengthPenalty: 1, earlyStopping: false, minNewTokens: 0, renormalize: false },
    });
  });

  it('prefers generation_config.json over config.json, as transformers does', () => {
    const s = readModelSettings({
      config: { ...OPUS_CONFIG, eos_token_id: 5 },
      generationConfig: { eos_token_id: [2, 3], num_beams: 1, forced_bos_token_id: 0, no_repeat_ngram_size: 3, min_length: 56, length_penalty: 2, early_stopping: true },
      task: 'summarization',
    });
    expect(s).toMatchObject({ eos: [2, 3], forcedBos: 0, noRepeatNgram: 3, generation: { beams: 1, lengthPenalty: 2, earlyStopping: true, minNewTokens: 55 } });
  });

  it('caps the input limit by the tokenizer, ignoring its "unset" huge value', () => {
    const base = { config: { eos_token_id: 2, max_position_embeddings: 1024 }, generationConfig: {}, task: 'translation' as const };
    expect(readModelSettings({ ...base, tokenizerMaxLength: 256 })).toMatchObject({ maxInputTokens: 256, maxOutputTokens: 1024 });
    expect(readModelSettings({ ...base, tokenizerMaxLength: 1e30 })).toMatchObject({ maxInputTokens: 1024 });
    expect(readModelSettings({ ...base, config: { eos_token_id: 2 } })).toMatchObject({ maxInputTokens: 512, maxOutputTokens: 512 });
  });

  it('takes the prefix from config, else from the task’s parameters', () => {
    const t5 = { eos_token_id: 1, task_specific_params: { summarization: { prefix: 'summarize: ' } } };
    expect(readModelSettings({ config: t5, generationConfig: {}, task: 'summarization' })).toMatchObject({ prefix: 'summarize: ' });
    expect(readModelSettings({ config: t5, generationConfig: {}, task: 'translation' })).toMatchObject({ prefix: '' });
    expect(readModelSettings({ config: { ...t5, prefix: ' ' }, generationConfig: {}, task: 'summarization' })).toMatchObject({ prefix: ' ' });
  });

  it('pads with the tokenizer’s pad id, else the end token', () => {
    expect(readModelSettings({ config: { eos_token_id: 2 }, generationConfig: {}, tokenizerPadId: 1, task: 'translation' })).toMatchObject({ padId: 1 });
    expect(readModelSettings({ config: { eos_token_id: 2 }, generationConfig: {}, task: 'translation' })).toMatchObject({ padId: 2 });
  });

  it('says what is missing when there is no end token', () => {
    expect(readModelSettings({ config: {}, generationConfig: {}, task: 'translation' })).toMatch(/eos_token_id/);
  });
});

describe('modelGeneration', () => {
  it('defaults to greedy, no penalty, no minimum', () => {
    expect(modelGeneration({}, {})).toEqual({ beams: 1, lengthPenalty: 1, earlyStopping: false, minNewTokens: 0, renormalize: false, repetitionPenalty: 1 });
  });
  it('reads `repetition_penalty` from the generation config, ignoring a value that is not a positive number', () => {
    expect(modelGeneration({ repetition_penalty: 1.3 }, {}).repetitionPenalty).toBe(1.3);
    expect(modelGeneration({}, { repetition_penalty: 1.2 }).repetitionPenalty).toBe(1.2);
    expect(modelGeneration({ repetition_penalty: 0 }, {}).repetitionPenalty).toBe(1);
  });
  it('keeps `early_stopping: "never"` and a zero length penalty', () => {
    expect(modelGeneration({ early_stopping: 'never', length_penalty: 0 }, {})).toMatchObject({ earlyStopping: 'never', lengthPenalty: 0 });
  });
});
