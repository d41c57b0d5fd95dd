/** The backend picks a model's family once, from its config.json. */
import { describe, expect, it } from 'vitest';
import { familyOf, pickFamily } from '../../../src/backend/transformers/backend.js';
import type { FileSource } from '../../../src/backend/transformers/source/index.js';

const sourceReading = (readConfig: FileSource['readConfig']) => ({ readConfig }) as FileSource;

describe('model families', () => {
  it.each([
    ['a Marian config', { model_type: 'marian', is_encoder_decoder: true }, 'seq2seq'],
    ['a Qwen2 config', { model_type: 'qwen2' }, 'causal'],
    ['an unknown …ForCausalLM', { model_type: 'newlm', architectures: ['NewLMForCausalLM'] }, 'causal'],
    ['no config', undefined, 'seq2seq'],
  ])('%s is %s', (_what, config, family) => {
    expect(familyOf(config).name).toBe(family);
  });

  it("reads the config through the platform's file source, and takes seq2seq when it cannot be read (its loader then says why)", async () => {
    expect((await pickFamily({ model: 'x' }, sourceReading(async () => ({ model_type: 'llama' })))).name).toBe('causal');
    expect((await pickFamily({ model: 'x' }, sourceReading(async () => { throw new Error('offline'); }))).name).toBe('seq2seq');
  });
});
