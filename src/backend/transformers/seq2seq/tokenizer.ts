/**
 * The tokenizer the transformers backend encodes and decodes with: Marian's own files when a
 * local Marian folder has them, else transformers.js's `tokenizer.json`.
 */
import type { Warning } from '../../../warnings.js';
import type { TransformersModule } from '../load.js';
import { cleanUpTokenization, hasMarianSpm, loadMarianSpm, type ModelFiles } from './marian-spm.js';
import { continuations, type ModelTokenizer } from '../model-tokenizer.js';

export type { ModelTokenizer } from '../model-tokenizer.js';


/** transformers.js's tokenizer (from `tokenizer.json`) behind {@link ModelTokenizer}. */
export function fromTransformersTokenizer(tokenizer: TransformersModule): ModelTokenizer {
  const cleanUp = tokenizer.config?.clean_up_tokenization_spaces !== false;
  let glued: ReadonlySet<number> | undefined;
  return {
    kind: 'tokenizer.json',
    encode: (text) => tokenizer.encode(text, { add_special_tokens: true }) as number[],
    // one vocabulary for both sides: the target form is the source tokenisation without `</s>`
    encodeTarget: (text) => tokenizer.encode(text, { add_special_tokens: false }) as number[],
    wordContinuations: () => {
      if (glued) return glued;
      const vocab: unknown = tokenizer._tokenizerJSON?.model?.vocab ?? tokenizer.model?.vocab;
      const pieces: [string, number][] = Array.isArray(vocab)
        ? vocab.map((entry: unknown, id: number) => [Array.isArray(entry) ? String(entry[0]) : String(entry), id])
        : vocab && typeof vocab === 'object' ? Object.entries(vocab as Record<string, number>) : [];
      return (glued = continuations(pieces));
    },
    decode(ids) {
      const text = (tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }) as string).trim();
      return cleanUp ? cleanUpTokenization(text) : text;
    },
  };
}

/**
 * The `tokenizer-unk-mismatch` warning when `tokenizer.json`'s unknown id is not the `<unk>`
 * token (transformers.js's Marian converter writes `unk_id: 2`, which is `,`: a character the
 * vocabulary lacks then reaches the model as a comma).
 */
export function unkMismatchWarning(tokenizer: TransformersModule): Warning | undefined {
  const model = tokenizer._tokenizerJSON?.model;
  const unkId: unknown = model?.unk_id;
  if (typeof unkId !== 'number' || !Array.isArray(model?.vocab)) return undefined;
  const entry: unknown = model.vocab[unkId];
  const piece = Array.isArray(entry) ? entry[0] : undefined;
  const unkToken: string = typeof tokenizer.unk_token === 'string' ? tokenizer.unk_token : '<unk>';
  if (piece === unkToken) return undefined;
  return {
    code: 'tokenizer-unk-mismatch',
    message:
      `The model's tokenizer.json maps unknown characters to id ${unkId} (${JSON.stringify(piece)}), not to \`${unkToken}\`: ` +
      'characters its vocabulary lacks reach the model as that token. Marian models that ship source.spm, target.spm and vocab.json are tokenized correctly.',
  };
}

/**
 * Picks the tokenizer: Marian's own (`source.spm` + `vocab.json` + `target.spm`) for a local
 * Marian folder that has them, else transformers.js's, with a warning when its unknown id is wrong.
 */
export async function loadModelTokenizer(options: {
  tokenizer: TransformersModule;
  modelType: string | undefined;
  dir: string | undefined;
  /** The folder's files in memory (a browser's fetched copy), read instead of the platform's files. */
  files?: ModelFiles;
}): Promise<{ tokenizer: ModelTokenizer; warnings: Warning[] }> {
  if (options.modelType === 'marian' && options.dir !== undefined && hasMarianSpm(options.dir, options.files)) {
    return { tokenizer: await loadMarianSpm(options.dir, options.files), warnings: [] };
  }
  const warning = unkMismatchWarning(options.tokenizer);
  return { tokenizer: fromTransformersTokenizer(options.tokenizer), warnings: warning ? [warning] : [] };
}
