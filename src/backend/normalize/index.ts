/**
 * Per-model-family input normalisation: what a model was trained on, applied only to the text
 * that goes to the model (the caller keeps the user's exact text for results and offsets).
 * Pure: no Node or browser API.
 */
import { normalizeOpusMt } from './opus-mt.js';

export { normalizeOpusMt, OPUS_MT_CHAR_MAP } from './opus-mt.js';

/** Model families whose training documents an input normalisation. */
export const NORMALIZED_FAMILIES = ['marian'] as const;

/**
 * The normaliser for a model family, by its `config.json` `model_type`: OPUS-MT's
 * `preprocess-spm.sh` mapping for `marian`, the identity for every other family (BART, T5…:
 * their training documents none).
 */
export function inputNormalizer(modelType: string | undefined): (text: string) => string {
  return modelType === 'marian' ? normalizeOpusMt : (text) => text;
}
