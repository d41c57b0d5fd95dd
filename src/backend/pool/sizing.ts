/**
 * How many lanes (sessions decoding at once) and ONNX Runtime threads per lane to use, from the
 * cores and a memory budget. Pure: the platform supplies the machine's figures.
 *
 * The rule, from measurements on a 2-core machine (BENCHMARKS.md, "Every core"): a lane keeps
 * more than one core busy: its ONNX Runtime thread, plus the JavaScript loop between steps and
 * V8's collector threads freeing the megabytes of fresh output buffers onnxruntime-node returns
 * every step (1.24–1.35 cores measured for one lane with one thread). So a lane takes its
 * threads' cores plus one ({@link CORES_PER_LANE_EXTRA}). On 2 cores that is one lane, as before
 * the pool: two lanes there gave 1.05–1.41× the warm throughput but no gain on the first
 * document after load (0.93–1.00×, the second lane loading meanwhile), a first sentence 13–30 %
 * later and +364–397 MB. On 4 cores it is 2 lanes, on 8 cores 4; beyond that lanes stop at
 * {@link MAX_AUTO_WORKERS} (an article is a handful of batches) and the cores left over become
 * threads of those lanes. Each lane holds a copy of the model, so the memory budget caps the lanes too.
 */

import { InputError } from '../../errors.js';

/** Values `workers` accepts besides a number. */
export const WORKERS_AUTO = 'auto';
/** Most lanes a pool may be given. */
export const MAX_WORKERS = 64;

/**
 * Checks `workers`, the one place it is validated: an integer from 1 to {@link MAX_WORKERS},
 * or `'auto'` (and `undefined`) unless `allowAuto` is false.
 */
export function checkWorkers(value: unknown, allowAuto?: true): number | 'auto' | undefined;
export function checkWorkers(value: unknown, allowAuto: false): number;
export function checkWorkers(value: unknown, allowAuto = true): number | 'auto' | undefined {
  if (allowAuto && (value === undefined || value === WORKERS_AUTO)) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_WORKERS) return value;
  const expected = `${allowAuto ? "'auto' or " : ''}an integer from 1 to ${MAX_WORKERS}`;
  throw new InputError(`Expected \`workers\` to be ${expected}, got ${JSON.stringify(value)}.`, { option: 'workers' });
}

/** Most lanes `'auto'` picks: a news article is ~5 batches of 8 sentences. */
export const MAX_AUTO_WORKERS = 4;
/** Most threads per lane `'auto'` gives: beyond that a batch's matmuls stop getting faster. */
export const MAX_AUTO_THREADS = 4;
/** Cores a lane needs beyond its ONNX Runtime threads: its JavaScript loop and the garbage collection of its outputs. */
export const CORES_PER_LANE_EXTRA = 1;

/** What {@link sizePool} decides from. */
export interface PoolSizingInput {
  /** Cores available to the process. */
  cores: number;
  /** The machine's memory, in MB: total and available now. */
  memory: { totalMb: number; availableMb: number };
  /** Memory one lane adds (its model session and buffers), MB. */
  laneMb: number;
  /** Memory of the process with its first lane, MB (what fr2en takes without a pool). */
  firstLaneMb: number;
  /** Lanes asked for. @default 'auto' */
  workers?: number | 'auto';
  /** Threads per lane asked for. @default half the cores of each lane (cores / lanes / 2), at least 1, at most {@link MAX_AUTO_THREADS} */
  threads?: number;
  /** Memory budget, MB. @default {@link defaultMemoryBudgetMb} */
  maxMemoryMb?: number;
}

/** The chosen size. */
export interface PoolSize {
  workers: number;
  threads: number;
  /** The budget the choice respected. */
  maxMemoryMb: number;
}

/** Half the machine's memory, and no more than three quarters of what is available now. */
export function defaultMemoryBudgetMb(memory: { totalMb: number; availableMb: number }): number {
  return Math.floor(Math.min(memory.totalMb / 2, memory.availableMb * 0.75));
}

/**
 * Picks lanes and threads. `'auto'` lanes: one per `threads` + {@link CORES_PER_LANE_EXTRA} cores
 * (one per 2 cores by default), at most {@link MAX_AUTO_WORKERS}, and no more than the budget
 * holds (at least one lane whatever the budget). Threads: half of each lane's share of the cores
 * (the calling thread's runtime threads leave a core to the garbage collector), at least 1.
 */
export function sizePool(input: PoolSizingInput): PoolSize {
  const cores = Math.max(1, Math.floor(input.cores));
  const maxMemoryMb = input.maxMemoryMb ?? defaultMemoryBudgetMb(input.memory);
  let workers: number;
  if (input.workers === undefined || input.workers === 'auto') {
    const byCores = Math.floor(cores / ((input.threads ?? 1) + CORES_PER_LANE_EXTRA));
    const byMemory = 1 + Math.floor((maxMemoryMb - input.firstLaneMb) / input.laneMb);
    workers = Math.max(1, Math.min(byCores, byMemory, MAX_AUTO_WORKERS));
  } else {
    workers = input.workers;
  }
  const threads = input.threads ?? Math.max(1, Math.min(MAX_AUTO_THREADS, Math.floor(cores / (2 * workers))));
  return { workers, threads, maxMemoryMb };
}
