/**
 * Where a model comes from: a local folder, a models folder holding `<org>/<name>/`,
 * or the Hugging Face hub.
 */
import { ModelLoadError } from '../errors.js';
import { platform, type Fr2enEnv } from '../platform/index.js';

const { path } = platform;

/** Options that decide where models are looked for. */
export interface ModelSourceOptions {
  /**
   * Folder holding models as `<org>/<name>/` (the layout `fr2en models pull` writes).
   * Searched before `FR2EN_MODELS_DIR` and `./models`.
   */
  modelsDir?: string;
  /**
   * Download from the Hugging Face hub when the model is not found locally.
   * @default true, unless the environment sets `FR2EN_OFFLINE=1` or `HF_HUB_OFFLINE=1`
   */
  allowRemote?: boolean;
  /** Folder where downloaded models are cached. @default transformers.js's cache folder */
  cacheDir?: string;
}

/** A model found on disk, or to fetch from the hub. */
export type ModelSource =
  | { kind: 'local'; id: string; path: string }
  | { kind: 'remote'; id: string; searched: string[] };

/** The files transformers.js needs for a seq2seq model, with the ONNX weights of `dtype`. */
export function requiredFiles(suffix: string): string[] {
  return [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/encoder_model${suffix}.onnx`,
    `onnx/decoder_model_merged${suffix}.onnx`,
  ];
}

/** True when remote loading is allowed by default (no offline variable set). */
export function remoteAllowedByDefault(env: Pick<Fr2enEnv, 'offline'> = platform.env()): boolean {
  return !env.offline;
}

/** True when `model` is written as a file-system path rather than a hub id. */
export function looksLikePath(model: string): boolean {
  return (
    path.isAbsolute(model) ||
    model.startsWith('./') ||
    model.startsWith('../') ||
    model.startsWith('~') ||
    model === '.' ||
    model.includes('\\') ||
    model.split('/').length > 2
  );
}

/** Folders searched for a hub id, in order (those that are set; existing or not). */
export function searchFolders(options: ModelSourceOptions, cacheDir: string | undefined): string[] {
  const dirs = [options.modelsDir, platform.env().modelsDir, path.resolve('models'), options.cacheDir ?? cacheDir];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of dirs) {
    if (!d) continue;
    const abs = path.resolve(d);
    if (!seen.has(abs)) {
      seen.add(abs);
      out.push(abs);
    }
  }
  return out;
}

/**
 * Finds `model`: a folder path is used as it is; a hub id is looked for as `<dir>/<id>/`
 * in each search folder, then left to the hub when remote loading is allowed.
 * @throws ModelLoadError when the model is nowhere to be had.
 */
export function resolveModelSource(
  model: string,
  options: ModelSourceOptions & { defaultCacheDir?: string },
): ModelSource {
  const asPath = path.resolve(model);
  if (looksLikePath(model) || (platform.isDirectory(asPath) && platform.exists(path.join(asPath, 'config.json')))) {
    if (!platform.isDirectory(asPath)) {
      throw new ModelLoadError(
        `Model folder \`${model}\` does not exist (resolved to ${asPath}). Give a folder holding config.json, tokenizer.json and onnx/, or a Hugging Face model id.`,
        { model, searched: [asPath] },
      );
    }
    return { kind: 'local', id: model, path: asPath };
  }
  const searched = searchFolders(options, options.defaultCacheDir);
  for (const dir of searched) {
    const candidate = path.join(dir, ...model.split('/'));
    if (platform.exists(path.join(candidate, 'config.json'))) return { kind: 'local', id: model, path: candidate };
  }
  const allowRemote = options.allowRemote ?? remoteAllowedByDefault();
  if (!allowRemote) {
    throw new ModelLoadError(
      `Model \`${model}\` is not available offline: no folder ${searched.map((d) => path.join(d, model)).join(', ')} holds it, and remote download is off. ` +
        `Fix: run \`fr2en models pull\` on a machine with internet and copy the models/ folder here, then point \`modelsDir\` (or FR2EN_MODELS_DIR) at it; ` +
        `or allow downloads (\`allowRemote: true\`, unset FR2EN_OFFLINE/HF_HUB_OFFLINE).`,
      { model, searched },
    );
  }
  return { kind: 'remote', id: model, searched };
}
