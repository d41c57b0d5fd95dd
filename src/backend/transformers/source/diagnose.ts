/**
 * A model's files on disk: the check before loading, and the diagnosis of a failed load as a
 * {@link ModelLoadError} naming the file at fault and the fix.
 */
import { ModelLoadError } from '../../../errors.js';
import type { ModelSource, ModelUrl, ResolvedModel } from '../../../models/resolve.js';
import { platform } from '../../../platform/index.js';

const { path } = platform;

/**
 * Checks the model's folder `dir` has every required file, naming the first one missing or empty.
 * @throws ModelLoadError
 */
export function checkFolder(model: ResolvedModel, dir: string): void {
  const needed = model.files.filter((f) => f.required).map((f) => f.name);
  for (const file of needed) {
    const full = path.join(dir, file);
    const size = platform.fileSize(full) ?? -1;
    if (size <= 0) {
      const what = model.family === 'causal' ? 'A decoder-only model folder' : 'A model folder';
      throw new ModelLoadError(
        `Model \`${model.id}\` is missing ${size === 0 ? 'a non-empty' : 'the file'} \`${file}\` (looked at ${full}). ` +
          `${what} needs ${needed.join(', ')}${model.family === 'causal' ? ' (tokenizer_config.json with a chat_template)' : ''}` +
          (model.dtype === 'q8' ? '; or ask for `dtype: "fp32"`.' : '.'),
        { model: model.id, searched: [dir], file: full },
      );
    }
  }
}

/** Finds which file of a model an opaque loading error is about, when the message says. */
function fileFromError(model: ResolvedModel, source: ModelSource | ModelUrl, error: unknown): string | undefined {
  const message = String((error as Error)?.message ?? error);
  for (const { name } of model.files) {
    if (message.includes(name)) return source.kind === 'local' ? path.join(source.path, name) : name;
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

/** Turns an error of transformers.js's loading from disk into a {@link ModelLoadError} that names the file at fault and the fix. */
export function diagnoseLoadError(model: ResolvedModel, source: ModelSource | ModelUrl, error: unknown): ModelLoadError {
  const file = fileFromError(model, source, error) ?? (source.kind === 'local' ? invalidJsonFile(source.path) : undefined);
  const why = String((error as Error)?.message ?? error).split('\n')[0];
  const unreadable = file ? `: file \`${path.basename(file)}\` is unreadable or corrupt` : '';
  if (source.kind === 'store') {
    return new ModelLoadError(
      `Could not load model \`${source.id}\` from fr2en's model store (${source.path})${unreadable} (${why}). ` +
        `Fix: \`fr2en models verify ${source.id}\` re-checks its files and removes bad ones, which the next use fetches again.`,
      { model: source.id, searched: [...source.searched, source.path], ...(file ? { file } : {}), cause: error },
    );
  }
  const where = source.kind === 'url' ? source.url : source.path;
  return new ModelLoadError(`Could not load model \`${source.id}\` from ${where}${unreadable} (${why}).`, {
    model: source.id,
    searched: [where],
    ...(file ? { file } : {}),
    cause: error,
  });
}
