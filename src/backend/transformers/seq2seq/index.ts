/**
 * The seq2seq family: encoder-decoder models (Marian, BART, T5) in transformers.js's layout
 * (`onnx/encoder_model*.onnx`, `onnx/decoder_model_merged*.onnx`). Every model that is not
 * decoder-only is one. Generation runs fr2en's lean loop (`lean.ts`) or, for graphs it does not
 * recognise, transformers.js's `generate()` (`library.ts`).
 */
import type { BackendGenerateOptions } from '../../spec.js';
import type { ModelFamily } from '../family.js';
import { countTokens, encodeBatch } from '../inputs.js';
import { generateLean } from '../lean.js';
import { generateLibrary } from './library.js';
import { loadSeq2seq, type LoadedModel } from './model.js';

export { loadModel, type LoadedModel } from './model.js';

/** Limits of every row: the call's, else the model's own minimum length. */
function rowLimits(loaded: LoadedModel, options: BackendGenerateOptions) {
  const rows = options.inputs.length;
  return {
    maxNew: [...options.maxNewTokens],
    minNew: options.minNewTokens ? [...options.minNewTokens] : new Array<number>(rows).fill(loaded.settings.generation.minNewTokens),
  };
}

/** Encoder-decoder models. */
export const seq2seqFamily: ModelFamily<LoadedModel> = {
  name: 'seq2seq',
  detect: () => true,
  load: loadSeq2seq,
  countTokens,
  generate(loaded, options) {
    const batch = encodeBatch(loaded, options.inputs);
    const limits = rowLimits(loaded, options);
    return loaded.lean ? generateLean({ ...loaded, lean: loaded.lean }, batch, limits, options) : generateLibrary(loaded, batch, limits, options);
  },
};
