/**
 * The cross-call batcher: the rows of every backend call waiting for the model (from many
 * translations at once, e.g. a server's concurrent requests) are gathered into shared batches.
 * Only calls with identical decoding settings share a batch; rows of similar length are put
 * together; each call gets its own outputs back, in its own order, and keeps its own `signal`.
 *
 * A call enters the instance's limiter as before; when the limiter lets it run, it takes the
 * oldest waiting call's rows and fills the batch (up to that call's `batchSize` rows and
 * `maxBatchTokens` padded tokens) with the closest-length rows of other waiting calls. While the
 * model is busy, calls pile up and run together; an idle model waits `windowMs` for company.
 */
import type { LimitFunction } from 'p-limit';
import type { Backend, BackendGenerateOptions, BackendGenerateResult, BackendOutput } from '../backend/spec.js';
import { sharedSettingsKey } from '../cache/index.js';
import { AbortError, throwIfAborted } from '../errors.js';
import type { Warning } from '../warnings.js';

/** Limits of one model call. */
export interface RowLimits {
  /** Most rows. */
  batchSize: number;
  /** Most padded tokens: rows × longest row. */
  maxBatchTokens: number;
}

/** One backend call handed to the batcher. */
export interface BatchedCall {
  /** The call as it would go to the backend (its `signal` is this call's only). */
  options: BackendGenerateOptions;
  /** Source tokens of each row (for length bucketing and `maxBatchTokens`). */
  tokens: readonly number[];
  /** Limits of a batch this call leads. */
  limits: RowLimits;
  /** True when the caller no longer wants the outputs: a call not started yet is dropped. */
  stopped?: () => boolean;
}

/** Gathers backend calls into shared batches. */
export interface Batcher {
  /** The call's result (its rows' outputs, in order), or undefined when it was dropped because `stopped()` said so. */
  generate(call: BatchedCall): Promise<BackendGenerateResult | undefined>;
}

interface Job {
  call: BatchedCall;
  key: string;
  /** Rows not given to a batch yet, in order. */
  left: number[];
  /** Rows without an output yet. */
  outstanding: number;
  outputs: BackendOutput[];
  steps: number;
  runtimeMs: number;
  warnings: Warning[];
  settled: boolean;
  /** Running batches holding rows of this job. */
  running: Set<AbortController>;
  resolve(result: BackendGenerateResult | undefined): void;
  reject(error: unknown): void;
}

const PER_CALL = new Set(['onStep', 'onText']);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates a batcher over `backend`; model calls run inside `lock` (the instance's limiter).
 * @param windowMs how long the first call of an idle model waits for others to join its batch (0: not at all).
 */
export function createBatcher(backend: Backend, lock: LimitFunction, windowMs: number): Batcher {
  const pending: Job[] = [];
  let solo = 0;

  const settle = (job: Job, outcome: { result?: BackendGenerateResult | undefined; error?: unknown }) => {
    if (job.settled) return;
    job.settled = true;
    const i = pending.indexOf(job);
    if (i >= 0) pending.splice(i, 1);
    if ('error' in outcome) job.reject(outcome.error);
    else job.resolve(outcome.result);
  };

  /** Drops finished jobs and jobs whose caller stopped before any of their rows ran. */
  const prune = () => {
    for (const job of [...pending]) {
      if (job.settled) continue;
      if (job.call.options.signal?.aborted) settle(job, { error: new AbortError(undefined, { cause: job.call.options.signal.reason }) });
      else if (job.outstanding === job.call.options.inputs.length && job.left.length === job.outstanding && job.call.stopped?.()) {
        settle(job, { result: undefined });
      }
    }
  };

  const waitingRows = (key: string) => pending.reduce((n, j) => n + (j.key === key ? j.left.length : 0), 0);

  /** The head job's rows, then the closest-length rows of jobs with the same settings, within the head's limits. */
  const select = (head: Job): Array<[Job, number]> => {
    const { batchSize, maxBatchTokens } = head.call.limits;
    const tokens = (job: Job, row: number) => Math.max(1, job.call.tokens[row] ?? 1);
    const chosen: Array<[Job, number]> = [];
    let longest = 0;
    const take = (job: Job, row: number) => {
      const t = tokens(job, row);
      const fits = chosen.length === 0 || (chosen.length < batchSize && (chosen.length + 1) * Math.max(longest, t) <= maxBatchTokens);
      if (!fits) return;
      chosen.push([job, row]);
      longest = Math.max(longest, t);
    };
    for (const row of head.left) take(head, row);
    const others = pending.filter((j) => j !== head && !j.settled && j.key === head.key);
    const candidates = others.flatMap((job, order) => job.left.map((row) => ({ job, row, order, distance: Math.abs(tokens(job, row) - longest) })));
    candidates.sort((a, b) => a.distance - b.distance || a.order - b.order || a.row - b.row);
    for (const c of candidates) {
      if (chosen.length >= batchSize) break;
      take(c.job, c.row);
    }
    for (const [job, row] of chosen) job.left.splice(job.left.indexOf(row), 1);
    return chosen;
  };

  const dispatch = async (): Promise<void> => {
    prune();
    let head = pending.find((j) => j.left.length > 0);
    if (!head) return;
    if (windowMs > 0 && waitingRows(head.key) < head.call.limits.batchSize) {
      await sleep(windowMs);
      prune();
      head = pending.find((j) => j.left.length > 0);
      if (!head) return;
    }
    const chosen = select(head);
    const jobs = [...new Set(chosen.map(([job]) => job))];
    const controller = new AbortController();
    for (const job of jobs) job.running.add(controller);
    const { signal: _signal, inputs: _inputs, maxNewTokens: _max, minNewTokens: _min, constraints: _constraints, ...shared } = head.call.options;
    const withConstraints = chosen.some(([job]) => job.call.options.constraints !== undefined);
    try {
      const result = await backend.doGenerate({
        ...shared,
        inputs: chosen.map(([job, row]) => job.call.options.inputs[row]!),
        maxNewTokens: chosen.map(([job, row]) => job.call.options.maxNewTokens[row]!),
        ...(chosen.some(([job]) => job.call.options.minNewTokens !== undefined)
          ? { minNewTokens: chosen.map(([job, row]) => job.call.options.minNewTokens?.[row] ?? 0) }
          : {}),
        ...(withConstraints ? { constraints: chosen.map(([job, row]) => job.call.options.constraints?.[row] ?? []) } : {}),
        signal: controller.signal,
      });
      for (const [k, [job, row]] of chosen.entries()) {
        job.outputs[row] = result.outputs[k]!;
        job.outstanding--;
      }
      for (const job of jobs) {
        job.running.delete(controller);
        job.steps += result.steps;
        job.runtimeMs += result.runtimeMs ?? 0;
        for (const w of result.warnings ?? []) if (!job.warnings.some((x) => x.code === w.code && x.message === w.message)) job.warnings.push(w);
        if (job.outstanding === 0) {
          const runtime = job.runtimeMs > 0 ? { runtimeMs: job.runtimeMs } : {};
          settle(job, { result: { outputs: job.outputs, steps: job.steps, ...runtime, ...(job.warnings.length > 0 ? { warnings: job.warnings } : {}) } });
        }
      }
    } catch (error) {
      for (const job of jobs) job.running.delete(controller);
      if (jobs.length > 1 && !controller.signal.aborted) {
        // one call's bad row must not fail the others: each call runs again on its own
        for (const [job, row] of chosen) job.left.push(row);
        for (const job of jobs) {
          job.left.sort((a, b) => a - b);
          job.key = `solo:${++solo}`;
          schedule();
        }
        return;
      }
      for (const job of jobs) settle(job, { error });
    }
  };

  // one abort listener per signal, however many calls (a long document's batches) share it
  const watched = new Map<AbortSignal, { jobs: Set<Job>; onAbort: () => void }>();
  const watch = (signal: AbortSignal | undefined, job: Job) => {
    if (!signal) return;
    let entry = watched.get(signal);
    if (!entry) {
      const jobs = new Set<Job>();
      const onAbort = () => {
        for (const j of [...jobs]) {
          settle(j, { error: new AbortError(undefined, { cause: signal.reason }) });
          // a batch whose every call was aborted stops; one shared with live calls goes on
          for (const controller of j.running) {
            if (pending.every((other) => !other.running.has(controller))) controller.abort(signal.reason);
          }
        }
      };
      entry = { jobs, onAbort };
      watched.set(signal, entry);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    entry.jobs.add(job);
  };
  const unwatch = (signal: AbortSignal | undefined, job: Job) => {
    const entry = signal && watched.get(signal);
    if (!entry) return;
    entry.jobs.delete(job);
    if (entry.jobs.size === 0) {
      signal.removeEventListener('abort', entry.onAbort);
      watched.delete(signal);
    }
  };

  /** One turn on the limiter per call: a turn with nothing left to run returns at once. */
  const schedule = () => {
    lock(dispatch).catch((error: unknown) => {
      // not a model failure (those settle their own calls): fail every waiting call rather than leave it hanging
      for (const job of [...pending]) settle(job, { error });
    });
  };

  return {
    generate(call) {
      const { options } = call;
      throwIfAborted(options.signal);
      const perCall = Object.keys(options).some((k) => PER_CALL.has(k) && (options as unknown as Record<string, unknown>)[k] !== undefined);
      if (options.inputs.length === 0 || perCall) {
        // progress callbacks belong to one call: such a call runs alone
        return lock(async () => {
          if (call.stopped?.()) return undefined;
          throwIfAborted(options.signal);
          return backend.doGenerate(options);
        });
      }
      return new Promise<BackendGenerateResult | undefined>((resolve, reject) => {
        const signal = options.signal;
        const job: Job = {
          call,
          key: `${sharedSettingsKey(options)}${options.constraints !== undefined ? '+constraints' : ''}`,
          left: options.inputs.map((_, i) => i),
          outstanding: options.inputs.length,
          outputs: [],
          steps: 0,
          runtimeMs: 0,
          warnings: [],
          settled: false,
          running: new Set(),
          resolve: (result) => {
            unwatch(signal, job);
            resolve(result);
          },
          reject: (error) => {
            unwatch(signal, job);
            reject(error);
          },
        };
        watch(signal, job);
        pending.push(job);
        schedule();
      });
    },
  };
}
