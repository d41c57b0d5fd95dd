/**
 * The default models, read from `models/manifest.json` (bundled at build time).
 */
import manifestJson from '../../models/manifest.json';

/** A task fr2en has a default model for. */
export type ModelTask = 'translation' | 'summarization';

/** One entry of the default-model manifest. */
export interface ManifestModel {
  task: ModelTask;
  /** Hugging Face model id. */
  id: string;
  description: string;
  /** Weight types the hub repository ships (`fp32`: `<name>.onnx`, `q8`: `<name>_quantized.onnx`). */
  dtypes: string[];
  /** Configuration and tokenizer files. */
  files: string[];
  /** ONNX graphs under `onnx/`, without suffix. */
  onnx: string[];
}

/** The default models: translation first, then summarisation. */
export const MANIFEST: { hub: string; models: ManifestModel[] } = manifestJson as {
  hub: string;
  models: ManifestModel[];
};

/** Default translation model id. */
export const DEFAULT_TRANSLATION_MODEL: string = MANIFEST.models.find((m) => m.task === 'translation')!.id;
/** Default summarisation model id. */
export const DEFAULT_SUMMARIZATION_MODEL: string = MANIFEST.models.find((m) => m.task === 'summarization')!.id;

/** File suffix of an ONNX weight type, as transformers.js names them. */
export function onnxSuffix(dtype: string): string {
  return dtype === 'fp32' ? '' : dtype === 'q8' ? '_quantized' : `_${dtype}`;
}

/** Every file of a manifest model for the given weight types, relative to the model folder. */
export function modelFiles(model: ManifestModel, dtypes: readonly string[]): string[] {
  const files = [...model.files];
  for (const dtype of dtypes) for (const name of model.onnx) files.push(`onnx/${name}${onnxSuffix(dtype)}.onnx`);
  return files;
}
