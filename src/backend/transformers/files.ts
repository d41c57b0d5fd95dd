/**
 * A model's files: which weight type to load, checks before loading, and the diagnosis of a
 * failed load as a {@link ModelLoadError} naming the file at fault and the fix.
 */
import { ModelLoadError } from '../../errors.js';
import { onnxSuffix } from '../../models/manifest.js';
import { requiredFiles, type ModelSource } from '../../models/resolve.js';
import { isComplete } from '../../models/store/index.js';
import { platform } from '../../platform/index.js';
import type { Dtype } from '../dtype.js';

const { path } = platform;

/**
 * `auto`: int8 for translation (where the model ships it), fp32 for summaries (int8 is known
 * to hurt some summarisation models); a local folder holding only the other type uses that.
 */
export function chooseDtype(dtype: Dtype, task: string, source: ModelSource & { cacheDir?: string }): 'fp32' | 'q8' {
  if (dtype !== 'auto') return dtype;
  const preferred = task === 'translation' ? 'q8' : 'fp32';
  const other = preferred === 'q8' ? 'fp32' : 'q8';
  if (source.kind === 'store') {
    // what the store already holds, rather than a download; the preferred type when neither is complete
    if (isComplete(source.id, preferred, source.cacheDir)) return preferred;
    return isComplete(source.id, other, source.cacheDir) ? other : preferred;
  }
  const present = (d: string) => requiredFiles(onnxSuffix(d)).filter((f) => platform.exists(path.join(source.path, f))).length;
  // the complete one, else the one closest to complete (so an error names the file really missing)
  return present(other) > present(preferred) ? other : preferred;
}

/**
 * Checks a local folder has every file transformers.js needs, naming the first one missing or empty.
 * @throws ModelLoadError
 */
export function checkLocalFiles(source: Extract<ModelSource, { kind: 'local' }>, dtype: string): void {
  for (const file of requiredFiles(onnxSuffix(dtype))) {
    const full = path.join(source.path, file);
    const size = platform.fileSize(full) ?? -1;
    if (size <= 0) {
      throw new ModelLoadError(
        `Model \`${source.id}\` is missing ${size === 0 ? 'a non-empty' : 'the file'} \`${file}\` (looked at ${full}). ` +
          `A model folder needs ${requiredFiles(onnxSuffix(dtype)).join(', ')}` +
          (dtype === 'q8' ? '; or ask for `dtype: "fp32"`.' : '.'),
        { model: source.id, searched: [source.path], file: full },
      );
    }
  }
}

/** Finds which file of a model an opaque loading error is about, when the message says. */
function fileFromError(source: ModelSource, dtype: string, error: unknown): string | undefined {
  const message = String((error as Error)?.message ?? error);
  for (const file of requiredFiles(onnxSuffix(dtype)).concat('generation_config.json')) {
    if (message.includes(file)) return source.kind === 'local' ? path.join(source.path, file) : file;
  }
  return undefined;
}

/** The first JSON file of a local model that does not parse, if any. */
function invalidJsonFile(dir: string): string | undefined {
  for (const name of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    const file = path.join(dir, name);
    if (!platform.exists(file)) continue;
    try {
      JSON.parse(platform.readText(file));
    } catch {
      return file;
    }
  }
  return undefined;
}

/** Turns an error of transformers.js's loading into a {@link ModelLoadError} that names the file at fault and the fix. */
export function diagnoseLoadError(source: ModelSource, dtype: string, error: unknown): ModelLoadError {
  const file = fileFromError(source, dtype, error) ?? (source.kind === 'local' ? invalidJsonFile(source.path) : undefined);
  const why = String((error as Error)?.message ?? error).split('\n')[0];
  if (source.kind === 'store') {
    return new ModelLoadError(
      `Could not load model \`${source.id}\` from fr2en's model store (${source.path})${file ? `: file \`${path.basename(file)}\` is unreadable or corrupt` : ''} (${why}). ` +
        `Fix: \`fr2en models verify ${source.id}\` re-checks its files and removes bad ones, which the next use fetches again.`,
      { model: source.id, searched: [...source.searched, source.path], ...(file ? { file } : {}), cause: error },
    );
  }
  return new ModelLoadError(
    `Could not load model \`${source.id}\` from ${source.path}${file ? `: file \`${path.basename(file)}\` is unreadable or corrupt` : ''} (${why}).`,
    { model: source.id, searched: [source.path], ...(file ? { file } : {}), cause: error },
  );
}
