/**
 * The causal family: decoder-only instruction-tuned language models (Qwen2.5, Llama 3.2,
 * SmolLM2, … in the onnx-community layout), detected from config.json. Inputs are user
 * messages, which the model's chat template wraps (`chat.ts`); `BackendModelInfo.chat` is true.
 */
import type { ModelFamily } from '../family.js';
import { isDecoderOnly } from './config.js';
import { countCausalTokens, generateCausal } from './generate.js';
import { loadCausal, type LoadedCausal } from './model.js';

export type { LoadedCausal } from './model.js';

/** Decoder-only chat models. */
export const causalFamily: ModelFamily<LoadedCausal> = {
  name: 'causal',
  detect: isDecoderOnly,
  load: loadCausal,
  countTokens: countCausalTokens,
  generate(loaded, options) {
    const rows = options.inputs.length;
    return generateCausal(loaded, options, { maxNew: [...options.maxNewTokens], minNew: options.minNewTokens ? [...options.minNewTokens] : new Array<number>(rows).fill(0) });
  },
};
