/**
 * Where the model store lives and which files a model needs for a weight type.
 *
 * Layout: `<root>/models/<org>/<name>/` holds a model's files as the hub names them, plus
 * `.fr2en.json` (size and sha256 of each file fetched, or `absent` for an optional file the hub
 * lacks); downloads in progress are `<file>.part`; `<root>/locks/<org>--<name>.lock` is held
 * while a process downloads into the model.
 */
import { platform } from '../../platform/index.js';
import { modelFiles, type ModelFile } from '../family.js';

const { path } = platform;

/** The store's root: `cacheDir`, else `FR2EN_CACHE_DIR`, else `<user cache>/fr2en` (`XDG_CACHE_HOME` or `~/.cache`). */
export function storeRoot(cacheDir?: string): string {
  return path.resolve(cacheDir ?? platform.env().cacheDir ?? path.join(platform.cacheHome(), 'fr2en'));
}

/** A model's folder in the store. */
export function storeModelDir(root: string, id: string): string {
  return path.join(root, 'models', ...id.split('/'));
}

/** The lock file of a model. */
export function storeLockFile(root: string, id: string): string {
  return path.join(root, 'locks', `${id.replace(/\//g, '--')}.lock`);
}

/** A file a model may need (see `modelFiles`). */
export type StoreFile = ModelFile;

/** The files of seq2seq model `id` for weight type `dtype` (the store's default set; a decoder-only model's come from `modelFiles`). */
export function storeFiles(id: string, dtype: string): StoreFile[] {
  return modelFiles('seq2seq', id, dtype);
}

/** What `.fr2en.json` records of one file. */
export type FileRecord = { size: number; sha256: string; etag?: string } | { absent: true };

/** `.fr2en.json`: the store's record of a model's files. */
export interface StoreMeta {
  id: string;
  hub: string;
  files: Record<string, FileRecord>;
}

/** The record file of a model folder. */
export function metaFile(dir: string): string {
  return path.join(dir, '.fr2en.json');
}

/** Reads a model's record (empty when missing or unreadable). */
export function readMeta(dir: string, id: string, hub: string): StoreMeta {
  try {
    const meta = JSON.parse(platform.readText(metaFile(dir))) as StoreMeta;
    if (meta && typeof meta.files === 'object') return meta;
  } catch {
    // none yet, or damaged: files are checked again
  }
  return { id, hub, files: {} };
}

/**
 * The files of `id`/`dtype` still to fetch: missing, of another size than recorded (cut short,
 * overwritten), or never recorded. Cheap (sizes only); `verifyModel` checks hashes.
 */
export function filesToFetch(dir: string, meta: StoreMeta, files: readonly StoreFile[]): StoreFile[] {
  return files.filter((f) => {
    const record = meta.files[f.name];
    if (record && 'absent' in record) return f.required;
    const size = platform.fileSize(path.join(dir, ...f.name.split('/')));
    return !record || size !== record.size;
  });
}
