/**
 * Node's file source: a folder of the user's, or fr2en's model store (resumed, verified, locked
 * downloads), opened by transformers.js with `local_files_only` on the CPU.
 */
import type { ModelFamilyName } from '../../../models/family.js';
import { findModel, offlineError, remoteAllowedByDefault, resolveModel } from '../../../models/resolve.js';
import { ensureModel, hubModelUrl, missingFiles, storeRoot, verifyModel } from '../../../models/store/index.js';
import { platform } from '../../../platform/index.js';
import { defaultThreads, type TransformersBackendSettings } from '../settings.js';
import { checkFolder, diagnoseLoadError } from './diagnose.js';
import type { FileSource, LoadEvents, LocatedModel, OpenOptions } from './types.js';

const { path } = platform;

async function readConfig(settings: TransformersBackendSettings): Promise<Record<string, unknown> | undefined> {
  const source = findModel(settings);
  const file = path.join(source.path, 'config.json');
  // a local folder, or the store when it has the file already
  if (platform.exists(file)) return JSON.parse(platform.readText(file)) as Record<string, unknown>;
  if (!(settings.allowRemote ?? remoteAllowedByDefault())) return undefined;
  // fetched, not stored: a store folder holding only config.json would pass for a complete model
  const response = await fetch(`${hubModelUrl(source.id)}config.json`);
  return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
}

async function locate(settings: TransformersBackendSettings, family: ModelFamilyName, events: LoadEvents): Promise<LocatedModel> {
  const resolved = resolveModel(settings, family);
  const { source } = resolved;
  let dir = source.path;
  if (source.kind === 'store') {
    const root = storeRoot(settings.cacheDir);
    const allowRemote = settings.allowRemote ?? remoteAllowedByDefault();
    const missing = missingFiles(source.id, resolved.files, root);
    if (!allowRemote && missing.length > 0) {
      throw offlineError(source.id, resolved.dtype, source.searched, source.path, missing.filter((f) => f.required).map((f) => f.name));
    }
    const { onProgress, signal } = events;
    dir = (await ensureModel(source.id, resolved.dtype, { cacheDir: root, allowRemote, files: resolved.files, ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) })).dir;
  }
  checkFolder(resolved, dir);
  return { ...resolved, target: dir, dir };
}

/** Folders and fr2en's model store. */
export const nodeSource: FileSource = {
  name: 'node',
  readConfig,
  locate,
  async open(_tf, located, settings, open, events) {
    const options: OpenOptions = {
      files: { local_files_only: true },
      model: {
        device: 'cpu',
        // no CPU memory arena: measured 40-70 MB lower peak RSS at the same speed (BENCHMARKS.md)
        session_options: { intraOpNumThreads: settings.threads ?? defaultThreads(), interOpNumThreads: 1, enableCpuMemArena: false },
      },
    };
    const { source } = located;
    try {
      return { opened: await open(located, options), located };
    } catch (error) {
      // a store file that does not open may be corrupt: re-check the hashes, fetch what was bad, try once more
      const allowRemote = settings.allowRemote ?? remoteAllowedByDefault();
      const healed = source.kind === 'store' && allowRemote && (await verifyModel(source.id, { cacheDir: storeRoot(settings.cacheDir) })).some((f) => !f.ok);
      if (!healed) throw diagnoseLoadError(located, source, error);
      try {
        const again = await locate(settings, located.family, events);
        return { opened: await open(again, options), located: again };
      } catch (second) {
        throw diagnoseLoadError(located, source, second);
      }
    }
  },
  extraFiles: async (located) => ({ dir: located.dir }),
};
