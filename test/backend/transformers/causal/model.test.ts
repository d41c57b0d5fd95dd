/**
 * Decoder-only language models through the transformers backend, on the self-made Qwen2-shaped
 * fixture `qwen2-memo` (onnx/model.onnx + model.onnx_data, a chat template; it memorised the
 * answers of scripts/fixtures/causal-fixture-data.ts): the contract suite, exact outputs, streaming,
 * abort within one step, greedy-only beams.
 */
import * as transformers from '@huggingface/transformers';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AbortError, createTransformersBackend, ModelLoadError } from '../../../../src/index.js';
import { isDecoderOnly, readCausalSettings } from '../../../../src/backend/transformers/causal/config.js';
import { testBackend } from '../../../../src/testing/index.js';
import { ARTICLE_A, PAIRS } from '../../../../scripts/fixtures/causal-fixture-pairs.js';

export const QWEN2_MEMO = fileURLToPath(new URL('../../../fixtures/models/qwen2-memo', import.meta.url));

function failingOnce() {
  let failed = false;
  return {
    ...transformers,
    AutoModelForCausalLM: {
      from_pretrained(...args: Parameters<typeof transformers.AutoModelForCausalLM.from_pretrained>) {
        if (!failed) {
          failed = true;
          return Promise.reject(new Error('injected failure: the disk went away'));
        }
        return transformers.AutoModelForCausalLM.from_pretrained(...args);
      },
    },
  };
}

testBackend({
  name: 'transformers.js qwen2-memo (decoder-only)',
  create: ({ failFirstLoad }) => createTransformersBackend({ model: QWEN2_MEMO, allowRemote: false, ...(failFirstLoad ? { transformers: failingOnce() } : {}) }),
  inputs: PAIRS.slice(0, 3).map((p) => p.prompt),
  timeout: 120_000,
});

describe('decoder-only models in the transformers backend', () => {
  const backend = createTransformersBackend({ model: QWEN2_MEMO, allowRemote: false });

  it('reports a chat model with the context window of its config', async () => {
    const info = await backend.doLoad({});
    expect(info).toMatchObject({ chat: true, maxInputTokens: 384, maxOutputTokens: 384, dtype: 'fp32' });
  });

  it('answers each memorised prompt exactly (chat template applied, greedy, ends at <|im_end|>)', async () => {
    const result = await backend.doGenerate({ inputs: PAIRS.map((p) => p.prompt), maxNewTokens: PAIRS.map(() => 80) });
    expect(result.outputs.map((o) => o.text)).toEqual(PAIRS.map((p) => p.answer));
    expect(result.outputs.every((o) => o.finished && o.score! <= 0)).toBe(true);
  });

  it('streams the text as deltas in order, their concatenation being the output', async () => {
    const chunks: { row: number; text: string }[] = [];
    const result = await backend.doGenerate({ inputs: [PAIRS[0]!.prompt, PAIRS[3]!.prompt], maxNewTokens: [80, 80], onText: (c) => chunks.push(c) });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.map((c) => c.row)).toEqual([...chunks.map((c) => c.row)].sort());
    for (const row of [0, 1]) expect(chunks.filter((c) => c.row === row).map((c) => c.text).join('')).toBe(result.outputs[row]!.text);
  });

  it('stops within one step of an abort, with AbortError', async () => {
    const controller = new AbortController();
    let steps = 0;
    let stepsAtAbort = 0;
    const run = backend.doGenerate({
      inputs: [PAIRS[0]!.prompt],
      maxNewTokens: [80],
      signal: controller.signal,
      onStep: () => {
        steps++;
        if (steps === 3) {
          controller.abort();
          stepsAtAbort = steps;
        }
      },
    });
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(steps).toBe(stepsAtAbort);
  });

  it('decodes greedily and says so when asked for beams', async () => {
    const result = await backend.doGenerate({ inputs: [PAIRS[3]!.prompt], maxNewTokens: [40], beams: 4 });
    expect(result.outputs[0]!.text).toBe(PAIRS[3]!.answer);
    expect(result.warnings?.map((w) => w.code)).toEqual(['option-ignored']);
  });

  it('counts the tokens of the chat prompt, template included', async () => {
    const [bare, prompt] = await backend.doCountTokens([ARTICLE_A, PAIRS[0]!.prompt]);
    expect(prompt!).toBeGreaterThan(bare!);
    expect(bare!).toBeGreaterThan(20);
  });
});

describe('decoder-only configs', () => {
  it('tells decoder-only models from seq2seq ones', () => {
    expect(isDecoderOnly({ model_type: 'qwen2' })).toBe(true);
    expect(isDecoderOnly({ model_type: 'gemma3_text' })).toBe(true);
    expect(isDecoderOnly({ model_type: 'someday', architectures: ['SomedayForCausalLM'] })).toBe(true);
    expect(isDecoderOnly({ model_type: 'bart', is_encoder_decoder: true })).toBe(false);
    expect(isDecoderOnly({ model_type: 'marian' })).toBe(false);
  });

  it('reads the cache shape, the capped context and the end tokens', () => {
    const qwen = readCausalSettings({
      config: { model_type: 'qwen2', num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2, hidden_size: 896, max_position_embeddings: 32768, eos_token_id: 151643 },
      generationConfig: { eos_token_id: [151645, 151643] },
    });
    expect(qwen).toMatchObject({ layers: 24, kvHeads: 2, headDim: 64, context: 4096, eos: [151645, 151643] });
    expect(readCausalSettings({ config: { model_type: 'llama' }, generationConfig: {} })).toMatch(/num_hidden_layers/);
  });

  it('names the missing ONNX file of a decoder-only folder', async () => {
    const { mkdtempSync, cpSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'fr2en-causal-'));
    cpSync(QWEN2_MEMO, dir, { recursive: true });
    rmSync(join(dir, 'onnx', 'model.onnx'));
    const broken = createTransformersBackend({ model: dir, allowRemote: false, dtype: 'fp32' });
    await expect(broken.doLoad({})).rejects.toSatisfy((e: unknown) => e instanceof ModelLoadError && /onnx\/model\.onnx/.test((e as Error).message));
    rmSync(dir, { recursive: true });
  });
});
