/**
 * Where a model comes from: a local folder, a models folder holding `<org>/<name>/`,
 * or the Hugging Face hub.
 */
import { ModelLoadError } from '../errors.js';
import { platform, type Fr2enEnv } from '../platform/index.js';
import { modelFiles, pickDtype, preferredDtype, type DtypePresence, type LoadDtype, type ModelFamilyName, type ModelFile } from './family.js';
import { isComplete, storeModelDir, storeRoot } from './store/index.js';

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
  /**
   * fr2en's model store, shared by every project: downloads land in `<cacheDir>/models/<org>/<name>/`.
   * @default `FR2EN_CACHE_DIR`, else `$XDG_CACHE_HOME/fr2en`, else `~/.cache/fr2en`
   */
  cacheDir?: string;
}

/** A model found in a folder of the user's, or one for fr2en's model store (complete or to be completed). */
export type ModelSource =
  | { kind: 'local'; id: string; path: string }
  | { kind: 'store'; id: string; path: string; searched: string[] };

/** A model served over HTTP (a page's `modelBaseUrl`, or the hub): `url` is its folder, ending in `/`. */
export type ModelUrl = { kind: 'url'; id: string; url: string };

/** What a model is asked for: the settings that decide where it comes from and which weights load. */
export interface ModelRequest extends ModelSourceOptions {
  /** Hugging Face model id or local folder. */
  model: string;
  /** Decides what `dtype: 'auto'` prefers for a seq2seq model. @default 'translation' */
  task?: 'translation' | 'summarization';
  /** `fp32`, `q8`, or `auto` (see `preferredDtype` and `pickDtype`). @default 'auto' */
  dtype?: string;
}

/** The one answer to "which model, from where, which weights, which files", for both families, Node and browser alike. */
export interface ResolvedModel<S extends ModelSource | ModelUrl = ModelSource | ModelUrl> {
  id: string;
  family: ModelFamilyName;
  /** A folder of the user's, fr2en's store folder (possibly still incomplete), or a URL. */
  source: S;
  dtype: LoadDtype;
  /** Every file the model needs for `dtype` (required and optional). */
  files: ModelFile[];
}

/**
 * Resolves a model found at `source`: the weight type (`request.dtype`, or `auto` by the family's
 * preference and what `presence` says the source holds) and its file list.
 */
export function resolveAt<S extends ModelSource | ModelUrl>(
  source: S,
  family: ModelFamilyName,
  request: Pick<ModelRequest, 'task' | 'dtype'>,
  presence: (dtype: LoadDtype) => DtypePresence | undefined,
): ResolvedModel<S> {
  const where = source.kind === 'local' ? 'folder' : source.kind;
  const dtype = pickDtype(request.dtype, preferredDtype(family, request.task ?? 'translation', where), presence);
  return { id: source.id, family, source, dtype, files: modelFiles(family, source.id, dtype) };
}

/** What a folder or the store holds of a weight type's required files. */
export function presenceOnDisk(source: ModelSource, family: ModelFamilyName, dtype: LoadDtype, cacheDir?: string): DtypePresence {
  const files = modelFiles(family, source.id, dtype);
  const needed = files.filter((f) => f.required);
  if (source.kind === 'store') {
    const complete = isComplete(source.id, dtype, cacheDir, files);
    return { complete, present: complete ? needed.length : 0 };
  }
  const present = needed.filter((f) => platform.exists(path.join(source.path, f.name))).length;
  return { complete: present === needed.length, present };
}

/**
 * Resolves `request.model` on this machine: a folder of the user's or fr2en's model store (see
 * {@link resolveModelSource}; `found` when already known), its weight type and files. The loaders and the pool's sizing use it.
 * @throws ModelLoadError for a folder path that does not exist.
 */
export function resolveModel(request: ModelRequest, family: ModelFamilyName, found?: ModelSource): ResolvedModel<ModelSource> {
  const root = storeRoot(request.cacheDir);
  const source = found ?? findModel(request);
  return resolveAt(source, family, request, (dtype) => presenceOnDisk(source, family, dtype, root));
}

/** Where `request.model` is on this machine, before its family is known (see {@link resolveModelSource}). */
export function findModel(request: ModelRequest): ModelSource {
  return resolveModelSource(request.model, { ...request, storeDir: storeModelDir(storeRoot(request.cacheDir), request.model) });
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

/** Folders of the user's searched for a hub id, in order (those that are set; existing or not). The store comes after them. */
export function searchFolders(options: ModelSourceOptions): string[] {
  const dirs = [options.modelsDir, platform.env().modelsDir, path.resolve('models')];
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
 * A Hugging Face hub cache's copy of `id` (`HF_HUB_CACHE`, `HF_HOME/hub` or `~/.cache/huggingface/hub`:
 * `models--<org>--<name>/snapshots/<refs/main>/`), when it has a config.json. Read, never written.
 */
export function hfHubSnapshot(id: string): string | undefined {
  const hubCache = platform.env().hfHubCache ?? path.join(platform.homeDir(), '.cache', 'huggingface', 'hub');
  const repo = path.join(path.resolve(hubCache), `models--${id.replace(/\//g, '--')}`);
  let ref: string;
  try {
    ref = platform.readText(path.join(repo, 'refs', 'main')).trim();
  } catch {
    return undefined;
  }
  const dir = path.join(repo, 'snapshots', ref);
  return platform.exists(path.join(dir, 'config.json')) ? dir : undefined;
}

/** The error for a model that is neither in the user's folders nor complete in the store, with downloads off. */
export function offlineError(model: string, dtype: string, searched: readonly string[], storeDir: string, missing: readonly string[]): ModelLoadError {
  const where = [...searched.map((d) => path.join(d, model)), storeDir];
  return new ModelLoadError(
    `Model \`${model}\` is not available offline (weight type ${dtype}). Looked in: ${where.join(', ')}` +
      (missing.length > 0 && platform.exists(storeDir) ? `; the model store lacks ${missing.join(', ')}` : '') +
      '. Fix: allow downloads (`allowRemote: true`; unset FR2EN_OFFLINE/HF_HUB_OFFLINE) and fr2en fetches it into its store; ' +
      `or run \`fr2en models pull --model ${model}\` where there is internet and copy the store (its folder: \`fr2en models path\`) here, pointing \`cacheDir\` (or FR2EN_CACHE_DIR) at it; ` +
      'or point `modelsDir` (or FR2EN_MODELS_DIR) at a folder holding it as <org>/<name>/.',
    { model, searched: [...searched, storeDir] },
  );
}

/**
 * Finds `model`: a folder path is used as it is; a hub id is looked for as `<dir>/<id>/` in the
 * user's folders, then in a Hugging Face hub cache; otherwise it is fr2en's model store's
 * (`ensureModel` completes it, or says why it cannot).
 * @throws ModelLoadError for a folder path that does not exist.
 */
export function resolveModelSource(model: string, options: ModelSourceOptions & { storeDir: string }): ModelSource {
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
  const searched = searchFolders(options);
  for (const dir of searched) {
    const candidate = path.join(dir, ...model.split('/'));
    if (platform.exists(path.join(candidate, 'config.json'))) return { kind: 'local', id: model, path: candidate };
  }
  const snapshot = hfHubSnapshot(model);
  if (snapshot) return { kind: 'local', id: model, path: snapshot };
  return { kind: 'store', id: model, path: options.storeDir, searched };
}
