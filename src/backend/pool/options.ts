/**
 * The translator's pool options (`workers`, `threads`, `maxMemoryMb`) turned into a backend:
 * the plain transformers.js backend for one lane (no worker thread, no message passing), the
 * pooled backend for more. Sizes lanes with {@link sizePool} from the machine and the model.
 */
import { findModel, resolveModel } from '../../models/resolve.js';
import { platform } from '../../platform/index.js';
import type { BackendV1 } from '../spec.js';
import { createTransformersBackend } from '../transformers/backend.js';
import { familyOfFolder } from '../transformers/backend.js';
import { defaultThreads, type TransformersBackendSettings } from '../transformers/settings.js';
import { createPooledBackend } from './pool.js';
import { sizePool, type PoolSize } from './sizing.js';

export { checkWorkers, WORKERS_AUTO } from './sizing.js';

/**
 * Peak memory of a lane, from its model's weights on disk (MB), fitted to the opus-mt-shaped
 * bench model (107 MB int8; BENCHMARKS.md, "Every core": a worker thread adds 375–390 MB at peak):
 * ONNX Runtime's session (the weights once, plus its own buffers), the per-step outputs in
 * flight, and the thread's own JavaScript heap with transformers.js and the tokenizer.
 */
export const laneMemoryMb = (weightsMb: number) => Math.round(2 * weightsMb + 170);
/** The first lane (the calling thread's): the same plus Node, ONNX Runtime's libraries and fr2en (one lane peaked at ~690 MB). */
export const firstLaneMemoryMb = (weightsMb: number) => laneMemoryMb(weightsMb) + 310;
/** Weights assumed when the model is not on disk yet (opus-mt-fr-en int8: 107 MB). */
const DEFAULT_WEIGHTS_MB = 110;

/** Size in MB of the ONNX files `settings` will load, when the model is on disk. */
export function modelWeightsMb(settings: TransformersBackendSettings): number | undefined {
  try {
    const source = findModel(settings);
    if (source.kind !== 'local') return undefined;
    const { files } = resolveModel(settings, familyOfFolder(source.path), source);
    let bytes = 0;
    for (const file of files.filter((f) => /\.onnx(_data)?$/.test(f.name))) {
      const size = platform.fileSize(platform.path.join(source.path, file.name));
      if (size === undefined && file.required) return undefined;
      bytes += size ?? 0;
    }
    return bytes / 2 ** 20;
  } catch {
    return undefined;
  }
}

/**
 * Chooses the lanes for `settings` and makes the backend. Returns it with the size chosen:
 * the pipeline runs `size.workers` batches at once to keep every lane busy.
 */
export function pooledBackendFromOptions(
  settings: TransformersBackendSettings,
  pool: { workers?: number | 'auto'; maxMemoryMb?: number },
): { backend: BackendV1; size: PoolSize } {
  const weights = modelWeightsMb(settings) ?? DEFAULT_WEIGHTS_MB;
  const size = sizePool({
    cores: platform.cpuCount(),
    memory: platform.memory(),
    laneMb: laneMemoryMb(weights),
    firstLaneMb: firstLaneMemoryMb(weights),
    ...(pool.workers !== undefined ? { workers: pool.workers } : {}),
    ...(settings.threads !== undefined ? { threads: settings.threads } : {}),
    ...(pool.maxMemoryMb !== undefined ? { maxMemoryMb: pool.maxMemoryMb } : {}),
  });
  if (size.workers === 1) {
    // one lane: the backend fr2en always had, its thread default unchanged
    return { backend: createTransformersBackend({ ...settings, threads: settings.threads ?? defaultThreads() }), size: { ...size, threads: settings.threads ?? defaultThreads() } };
  }
  const { transformers: _injected, ...portable } = settings;
  return { backend: createPooledBackend({ settings: { ...portable, threads: size.threads }, workers: size.workers }), size };
}
