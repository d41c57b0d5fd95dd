/**
 * What a model of each family needs on disk, and which weight type `dtype: 'auto'` loads: one
 * table for the loaders, the model store and the pool's sizing. Pure: no files, no network.
 */
import { MANIFEST, onnxSuffix } from './manifest.js';

/** The model families fr2en runs: encoder-decoder (Marian, BART, T5) and decoder-only chat models. */
export const MODEL_FAMILIES = ['seq2seq', 'causal'] as const;
/** One of {@link MODEL_FAMILIES}. */
export type ModelFamilyName = (typeof MODEL_FAMILIES)[number];

/** A weight type fr2en loads (`auto` resolved). */
export type LoadDtype = 'fp32' | 'q8';

/** A file a model may need. */
export interface ModelFile {
  name: string;
  /** False for files some models lack (Marian's `source.spm`…, `generation_config.json`): a 404 is recorded, not an error. */
  required: boolean;
}

const SEQ2SEQ_REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const SEQ2SEQ_OPTIONAL = ['generation_config.json', 'source.spm', 'target.spm', 'vocab.json'];
const SEQ2SEQ_ONNX = ['encoder_model', 'decoder_model_merged'];

const required = (names: readonly string[]): ModelFile[] => names.map((name) => ({ name, required: true }));
const optional = (names: readonly string[]): ModelFile[] => names.map((name) => ({ name, required: false }));

/** The ONNX file of a decoder-only model for `dtype`, under `onnx/` (its external data is `<file>_data`). */
export function causalOnnxFile(dtype: string): string {
  return `model${onnxSuffix(dtype)}.onnx`;
}

/**
 * The files of model `id` (family `family`) for weight type `dtype`: a default model's come from
 * the manifest; a seq2seq model needs its configs, tokenizer and the encoder and merged decoder;
 * a decoder-only model its configs, tokenizer and `onnx/model*.onnx` (with its external data when
 * it has some).
 */
export function modelFiles(family: ModelFamilyName, id: string, dtype: string): ModelFile[] {
  if (family === 'causal') {
    const file = causalOnnxFile(dtype);
    return [...required([...SEQ2SEQ_REQUIRED, `onnx/${file}`]), ...optional(['generation_config.json', `onnx/${file}_data`])];
  }
  const known = MANIFEST.models.find((m) => m.id === id);
  const base = known ? required(known.files) : [...required(SEQ2SEQ_REQUIRED), ...optional(SEQ2SEQ_OPTIONAL)];
  return [...base, ...required((known?.onnx ?? SEQ2SEQ_ONNX).map((name) => `onnx/${name}${onnxSuffix(dtype)}.onnx`))];
}

/**
 * The weight type `auto` prefers, before looking at what is there:
 * | family | task | where | preferred |
 * |---|---|---|---|
 * | seq2seq | translation | any | `q8` (int8 keeps translation quality, a quarter of the download) |
 * | seq2seq | summarization | any | `fp32` (int8 is known to hurt some summarisation models) |
 * | causal | any | a folder of the user's | `fp32` (what such a folder usually ships) |
 * | causal | any | the store or a URL | `q8` (the smaller download) |
 */
export function preferredDtype(family: ModelFamilyName, task: 'translation' | 'summarization', where: 'folder' | 'store' | 'url'): LoadDtype {
  if (family === 'causal') return where === 'folder' ? 'fp32' : 'q8';
  return task === 'translation' ? 'q8' : 'fp32';
}

/** What a source holds of one weight type's files: all of them, or how many of the required ones. */
export interface DtypePresence {
  complete: boolean;
  /** Required files present. */
  present: number;
}

/**
 * Resolves `auto` (any other value is kept): the preferred type when it is complete or its
 * presence is unknown; else the other when it is complete, unknown (worth trying) or closer to
 * complete; else the preferred one (so an error names the file really missing).
 */
export function pickDtype(requested: string | undefined, preferred: LoadDtype, presence: (dtype: LoadDtype) => DtypePresence | undefined): LoadDtype {
  if (requested === 'fp32' || requested === 'q8') return requested;
  const mine = presence(preferred);
  if (!mine || mine.complete) return preferred;
  const other: LoadDtype = preferred === 'q8' ? 'fp32' : 'q8';
  const theirs = presence(other);
  if (!theirs || theirs.complete || theirs.present > mine.present) return other;
  return preferred;
}
