/**
 * fr2en's model store: one cache shared by every project on the machine, filled by fr2en's own
 * downloads (resumable, verified, locked) and read with `local_files_only`.
 */
import { AbortError, ModelLoadError } from '../../errors.js';
import { emit, type ProgressCallback } from '../../progress.js';
import { platform } from '../../platform/index.js';
import { MANIFEST } from '../manifest.js';
import { downloadFile, NotOnHub, probe, type Expected } from './download.js';
import { filesToFetch, metaFile, readMeta, storeFiles, storeLockFile, storeModelDir, storeRoot, type StoreFile, type StoreMeta } from './layout.js';
import { withLock } from './lock.js';
import { describeNetError, netDefaults, type NetOptions } from './net.js';

const { path } = platform;

/** Options of the store's operations. */
export interface StoreOptions extends NetOptions {
  /** The store's root. @default `FR2EN_CACHE_DIR`, else `~/.cache/fr2en` (`XDG_CACHE_HOME/fr2en`) */
  cacheDir?: string;
  /** Hub address. @default `FR2EN_HUB_URL`, else https://huggingface.co */
  hub?: string;
  signal?: AbortSignal;
  /** Receives `download` events. */
  onProgress?: ProgressCallback;
}

/** The hub to use: the option, `FR2EN_HUB_URL`, or the manifest's. */
export function hubUrl(hub?: string): string {
  return (hub ?? platform.env().hubUrl ?? MANIFEST.hub).replace(/\/+$/, '');
}

/** True when the store holds every file `id` needs for `dtype` (sizes as recorded): `files`, else the seq2seq set. */
export function isComplete(id: string, dtype: string, cacheDir?: string, files: readonly StoreFile[] = storeFiles(id, dtype)): boolean {
  return missingFiles(id, files, cacheDir).length === 0;
}

/** The files of `files` the store still has to fetch for `id` (missing, cut short or never recorded). */
export function missingFiles(id: string, files: readonly StoreFile[], cacheDir?: string): StoreFile[] {
  const dir = storeModelDir(storeRoot(cacheDir), id);
  return filesToFetch(dir, readMeta(dir, id, ''), files);
}

/** What {@link ensureModel} did. */
export interface EnsureResult {
  /** The model's folder, complete for the weight type. */
  dir: string;
  /** Files fetched (or resumed) by this call. */
  fetched: string[];
  /** Bytes of the model's files for this weight type. */
  bytes: number;
}

/** The hub folder of model `id` (the option, `FR2EN_HUB_URL`, else the manifest's hub), ending in `/`. */
export function hubModelUrl(id: string, hub?: string): string {
  return `${hubUrl(hub)}/${id}/resolve/main/`;
}

/** Options of {@link ensureModel}. */
export type EnsureOptions = StoreOptions & {
  allowRemote?: boolean;
  onWait?: (holder: string) => void;
  /** The files to hold. @default the seq2seq set (`storeFiles`); a decoder-only model passes its own (`modelFiles`) */
  files?: readonly StoreFile[];
};

/**
 * Makes the store hold every file `id` needs for `dtype`, fetching what is missing, cut short
 * or never recorded (a `.part` left by an interrupted run is resumed). Another process
 * downloading the same model is waited for.
 * @throws ModelLoadError when a file cannot be had (offline: which files and the fix); AbortError
 */
export async function ensureModel(id: string, dtype: string, options: EnsureOptions = {}): Promise<EnsureResult> {
  const root = storeRoot(options.cacheDir);
  const dir = storeModelDir(root, id);
  const hub = hubUrl(options.hub);
  const wanted = options.files ?? storeFiles(id, dtype);
  const size = (m: StoreMeta) => wanted.reduce((n, f) => n + (((m.files[f.name] as { size?: number }) ?? {}).size ?? 0), 0);
  let meta = readMeta(dir, id, hub);
  if (filesToFetch(dir, meta, wanted).length === 0) return { dir, fetched: [], bytes: size(meta) };
  if (options.allowRemote === false) throw incompleteOffline(id, dtype, dir, filesToFetch(dir, meta, wanted));
  const fetched: string[] = [];
  await withLock(
    storeLockFile(root, id),
    async () => {
      meta = readMeta(dir, id, hub); // another process may have filled it meanwhile
      fetched.push(...(await fetchInto({ id, dir, hub, meta, todo: filesToFetch(dir, meta, wanted), options })));
    },
    { ...(options.signal ? { signal: options.signal } : {}), ...(options.onWait ? { onWait: options.onWait } : {}) },
  );
  return { dir, fetched, bytes: size(meta) };
}

function incompleteOffline(id: string, dtype: string, dir: string, todo: readonly StoreFile[]): ModelLoadError {
  const missing = todo.filter((f) => f.required);
  return new ModelLoadError(
    `Model \`${id}\` (${dtype}) is not complete in the model store ${dir}: missing ${missing.map((f) => f.name).join(', ')}, and downloads are off. ` +
      'Fix: allow downloads (`allowRemote: true`; unset FR2EN_OFFLINE/HF_HUB_OFFLINE) to complete it, or point `modelsDir` at a folder holding the model.',
    { model: id, searched: [dir] },
  );
}

/** One locked fill of a model folder. */
interface Fill {
  id: string;
  dir: string;
  hub: string;
  /** The model's record, updated as files arrive. */
  meta: StoreMeta;
  todo: readonly StoreFile[];
  options: EnsureOptions;
}

/** Fetches `todo` into the model's folder, recording each file; returns the names fetched. Holds the model's lock. */
async function fetchInto(fill: Fill): Promise<string[]> {
  const { id, dir, meta, todo, options } = fill;
  const expected = await expectedSizes(fill);
  let modelTotal = 0;
  for (const e of expected.values()) if (e !== 'absent') modelTotal += e.size ?? 0;
  const done = new Map<string, number>();
  const fetched: string[] = [];
  const record = () => platform.writeTextAtomic(metaFile(dir), JSON.stringify(meta, null, 1));
  for (const f of todo) {
    const e = expected.get(f.name);
    const got = e === 'absent' ? 'absent' : await fetchFile(fill, f, e, (loaded, total) => {
      done.set(f.name, loaded);
      const modelLoaded = [...done.values()].reduce((a, b) => a + b, 0);
      emit(options.onProgress, { type: 'download', model: id, file: f.name, loaded, ...(total !== undefined ? { total } : {}), modelLoaded, modelTotal: Math.max(modelTotal, modelLoaded) });
    });
    meta.files[f.name] = got === 'absent' ? { absent: true } : { size: got.size, sha256: got.sha256, ...(got.etag ? { etag: got.etag } : {}) };
    record();
    if (got !== 'absent') fetched.push(f.name);
  }
  record();
  if (todo.length > 0) emit(options.onProgress, { type: 'download', model: id, file: '', loaded: modelTotal, total: modelTotal, modelLoaded: modelTotal, modelTotal, done: true });
  return fetched;
}

/** Asks the hub every file's size first, so one progress total covers the model; `absent` for an optional file it lacks. */
async function expectedSizes({ id, hub, todo, options }: Fill): Promise<Map<string, Expected | 'absent'>> {
  const net = netDefaults(options);
  const expected = new Map<string, Expected | 'absent'>();
  for (const f of todo) {
    const url = `${hubModelUrl(id, hub)}${f.name}`;
    try {
      expected.set(f.name, await probeWithRetry(url, net, options.signal));
    } catch (error) {
      if (!(error instanceof NotOnHub)) throw asLoadError(error, id, f.name, url, options.signal);
      if (f.required) throw notOnHub(id, f.name, url, hub);
      expected.set(f.name, 'absent');
    }
  }
  return expected;
}

/** Downloads one file of the model into its folder; `absent` when an optional file turns out not to be on the hub. */
async function fetchFile({ id, dir, hub, options }: Fill, f: StoreFile, expected: Expected | undefined, onBytes: (loaded: number, total: number | undefined) => void) {
  const url = `${hubModelUrl(id, hub)}${f.name}`;
  const target = path.join(dir, ...f.name.split('/'));
  platform.mkdirp(path.dirname(target));
  try {
    return await downloadFile({
      url,
      target,
      model: id,
      file: f.name,
      net: netDefaults(options),
      ...(expected ? { expected } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onBytes,
    });
  } catch (error) {
    if (!(error instanceof NotOnHub)) throw error;
    if (f.required) throw notOnHub(id, f.name, url, hub);
    return 'absent' as const;
  }
}

async function probeWithRetry(url: string, net: ReturnType<typeof netDefaults>, signal?: AbortSignal): Promise<Expected> {
  let last: unknown;
  for (let attempt = 0; attempt <= net.retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, net.retryDelayMs * 2 ** (attempt - 1)));
    if (signal?.aborted) throw signal.reason;
    try {
      return await probe(url, net, signal);
    } catch (error) {
      if (error instanceof NotOnHub || signal?.aborted) throw error;
      last = error;
    }
  }
  throw last;
}

function asLoadError(error: unknown, id: string, file: string, url: string, signal?: AbortSignal): Error {
  if (signal?.aborted) return new AbortError(undefined, { cause: signal.reason });
  if (ModelLoadError.isInstance(error)) return error;
  return new ModelLoadError(`Could not download ${url}: ${describeNetError(error)}.`, { model: id, file, cause: error });
}

function notOnHub(id: string, file: string, url: string, hub: string): ModelLoadError {
  return new ModelLoadError(`Model \`${id}\` has no file \`${file}\` on ${hub} (${url}: HTTP 404). Is the model id right, and is it an ONNX export for transformers.js?`, {
    model: id,
    file,
  });
}

/** One model in the store, as `fr2en models list` shows it. */
export interface StoredModel {
  id: string;
  dir: string;
  /** Bytes on disk (files recorded, partial downloads included). */
  bytes: number;
  /** Weight types whose files are all there. */
  dtypes: string[];
  /** Bytes of `.part` files waiting to be resumed. */
  partialBytes: number;
}

/** The models in the store. */
export function listStore(cacheDir?: string): StoredModel[] {
  const root = path.join(storeRoot(cacheDir), 'models');
  const out: StoredModel[] = [];
  for (const org of platform.listDir(root)) {
    for (const name of platform.listDir(path.join(root, org))) {
      const dir = path.join(root, org, name);
      if (!platform.isDirectory(dir)) continue;
      const id = `${org}/${name}`;
      const meta = readMeta(dir, id, '');
      let bytes = 0;
      let partialBytes = 0;
      const walk = (d: string) => {
        for (const e of platform.listDir(d)) {
          const p = path.join(d, e);
          if (platform.isDirectory(p)) walk(p);
          else {
            const s = platform.fileSize(p) ?? 0;
            bytes += s;
            if (e.endsWith('.part')) partialBytes += s;
          }
        }
      };
      walk(dir);
      const dtypes = ['q8', 'fp32'].filter((d) => filesToFetch(dir, meta, storeFiles(id, d)).length === 0);
      out.push({ id, dir, bytes, dtypes, partialBytes });
    }
  }
  return out;
}

/** One file's verdict from {@link verifyModel}. */
export interface VerifiedFile {
  file: string;
  ok: boolean;
  /** Why not ok: missing, size or sha256 mismatch. */
  problem?: string;
}

/** Re-reads every recorded file of `id` and checks its size and sha256; bad files are removed (the next use fetches them again). */
export async function verifyModel(id: string, options: { cacheDir?: string; signal?: AbortSignal } = {}): Promise<VerifiedFile[]> {
  const root = storeRoot(options.cacheDir);
  const dir = storeModelDir(root, id);
  return withLock(storeLockFile(root, id), async () => {
    const meta = readMeta(dir, id, '');
    const out: VerifiedFile[] = [];
    for (const [file, record] of Object.entries(meta.files)) {
      if ('absent' in record) continue;
      const full = path.join(dir, ...file.split('/'));
      const size = platform.fileSize(full);
      let problem: string | undefined;
      if (size === undefined) problem = 'missing';
      else if (size !== record.size) problem = `${size} bytes, recorded ${record.size}`;
      else if ((await platform.sha256File(full, options.signal)) !== record.sha256) problem = 'sha256 does not match';
      if (problem) {
        platform.remove(full);
        delete meta.files[file];
      }
      out.push({ file, ok: !problem, ...(problem ? { problem } : {}) });
    }
    if (out.some((f) => !f.ok)) platform.writeTextAtomic(metaFile(dir), JSON.stringify(meta, null, 1));
    return out;
  }, options.signal ? { signal: options.signal } : {});
}

/** Removes a model from the store. @returns false when it was not there */
export async function removeModel(id: string, options: { cacheDir?: string } = {}): Promise<boolean> {
  const root = storeRoot(options.cacheDir);
  const dir = storeModelDir(root, id);
  if (!platform.exists(dir)) return false;
  await withLock(storeLockFile(root, id), async () => platform.remove(dir));
  return true;
}
