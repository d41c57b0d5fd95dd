/**
 * A browser's file source: no folders and no store, so a model comes by URL (`modelBaseUrl`, else
 * the hub), fetched and cached by transformers.js (Cache API) and run on onnxruntime-web. Each
 * instance's runtime settings (its `web` option over the page's `configure()`) are applied to
 * transformers.js's global `env` around its own load; loads with other settings wait for it.
 */
import { ModelLoadError } from '../../../errors.js';
import { modelFiles, preferredDtype, type LoadDtype, type DtypePresence, type ModelFamilyName } from '../../../models/family.js';
import { resolveAt, type ModelUrl } from '../../../models/resolve.js';
import { hubModelUrl } from '../../../models/store/index.js';
import { emit } from '../../../progress.js';
import type { TransformersBackendSettings } from '../settings.js';
import { absoluteFolder, applyWebRuntime, pickWebDevice, webRuntime, type WebRuntimeOptions } from '../web.js';
import type { FileSource, LocatedModel, OpenOptions } from './types.js';

/** The folder URL of model `id`, ending in `/`: under `modelBaseUrl`, else on the hub (`FR2EN_HUB_URL`, else huggingface.co). */
export function modelUrl(id: string, options: WebRuntimeOptions): string {
  return options.modelBaseUrl ? `${absoluteFolder(options.modelBaseUrl)}${id}/` : hubModelUrl(id);
}

/**
 * What a served folder holds of a weight type, asked with a HEAD request for its first ONNX file;
 * undefined when it cannot say (no `modelBaseUrl`: the hub's redirects make HEAD unreliable).
 */
async function remotePresence(url: ModelUrl, family: ModelFamilyName, dtype: LoadDtype, options: WebRuntimeOptions): Promise<DtypePresence | undefined> {
  if (!options.modelBaseUrl || typeof fetch !== 'function') return undefined;
  const needed = modelFiles(family, url.id, dtype).filter((f) => f.required);
  const onnx = needed.find((f) => f.name.endsWith('.onnx'));
  if (!onnx) return undefined;
  try {
    const ok = (await fetch(`${url.url}${onnx.name}`, { method: 'HEAD' })).ok;
    return { complete: ok, present: ok ? needed.length : 0 };
  } catch {
    return undefined;
  }
}

/** Loads running now, all with the same `env` settings (`key`); `done` resolves when the last one ends. */
let running: { key: string; count: number; done: Promise<void>; end: () => void } | undefined;

/**
 * Runs a load with `env` set for it: transformers.js reads its global `env` while it fetches, so
 * loads with other settings wait for the running ones to end; loads with the same settings run together.
 */
async function withEnv<T>(key: string, apply: () => void, run: () => Promise<T>): Promise<T> {
  while (running && running.key !== key) await running.done;
  if (!running) {
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    running = { key, count: 0, done, end };
    apply();
  }
  const group = running;
  group.count++;
  try {
    return await run();
  } finally {
    if (--group.count === 0) {
      running = undefined;
      group.end();
    }
  }
}

/** What of the runtime settings transformers.js reads from its `env` during a load. */
const envKey = (o: WebRuntimeOptions) => JSON.stringify([o.modelBaseUrl ?? null, o.useBrowserCache ?? null, o.cacheKey ?? null, o.wasmPaths ?? null, o.numThreads ?? null]);

/** A file source fetching by URL with the runtime settings `own` over the page's defaults (read at each load). */
export function createBrowserSource(own: WebRuntimeOptions | undefined): FileSource {
  const options = () => webRuntime(own);
  return {
    name: 'browser',
    async readConfig(settings) {
      const response = await fetch(`${modelUrl(settings.model, options())}config.json`);
      return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
    },
    async locate(settings: TransformersBackendSettings, family) {
      const opts = options();
      const url: ModelUrl = { kind: 'url', id: settings.model, url: modelUrl(settings.model, opts) };
      // a browser cannot list a remote folder: ask about the weights `auto` prefers, then the other
      const known = new Map<LoadDtype, DtypePresence | undefined>();
      const presence = (dtype: LoadDtype) => known.get(dtype);
      if (settings.dtype === undefined || settings.dtype === 'auto') {
        const preferred = preferredDtype(family, settings.task ?? 'translation', 'url');
        for (const dtype of [preferred, preferred === 'q8' ? 'fp32' : 'q8'] as const) {
          known.set(dtype, await remotePresence(url, family, dtype, opts));
          if (known.get(dtype)?.complete !== false) break;
        }
      }
      return { ...resolveAt(url, family, settings, presence), target: settings.model, dir: undefined };
    },
    open(tf, located, _settings, open, events) {
      const opts = options();
      const key = envKey(opts);
      return withEnv(key, () => applyWebRuntime(tf, opts), async () => {
        const { id } = located;
        const files: OpenOptions['files'] = {
          local_files_only: false,
          cache_dir: `fr2en-web:${key}`,
          progress_callback: (p) => {
            if (p.status === 'progress' && p.file) emit(events.onProgress, { type: 'download', model: id, file: p.file, loaded: p.loaded ?? 0, ...(p.total ? { total: p.total } : {}) });
          },
        };
        try {
          const device = await pickWebDevice(opts.device);
          // WebGPU that fails to build the sessions (an op it lacks, a lost device) falls back to WASM
          const opened =
            device === 'webgpu' ? await open(located, { files, model: { device } }).catch(() => open(located, { files, model: { device: 'wasm' } })) : await open(located, { files, model: { device } });
          return { opened, located };
        } catch (error) {
          throw browserLoadError(id, error);
        }
      });
    },
    async extraFiles(located, names) {
      if (names.length === 0) return { dir: undefined };
      const dir = `/${located.id}`;
      return { dir, files: await fetchFiles(modelUrl(located.id, options()), dir, names) };
    },
  };
}

function browserLoadError(id: string, error: unknown): ModelLoadError {
  if (ModelLoadError.isInstance(error)) return error;
  const why = String((error as Error)?.message ?? error).split('\n')[0];
  return new ModelLoadError(`Could not load model \`${id}\` in the browser (${why}). Check \`modelBaseUrl\` (or the hub) serves it and the ONNX Runtime WASM files load.`, {
    model: id,
    searched: [],
    cause: error,
  });
}

/**
 * Fetches some files of a served model into memory, keyed `<dir>/<name>`; files that are missing
 * or fail are left out (Marian's own tokenizer files, which transformers.js does not load; the
 * tokenizer falls back to tokenizer.json without them).
 */
async function fetchFiles(url: string, dir: string, names: readonly string[]): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  await Promise.all(
    names.map(async (name) => {
      try {
        const res = await fetch(`${url}${name}`);
        if (res.ok) files.set(`${dir}/${name}`, new Uint8Array(await res.arrayBuffer()));
      } catch {
        // missing: see above
      }
    }),
  );
  return files;
}
