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
 * A waiting row identical to one in the batch (same settings, text, budgets and constraints:
 * the same output) is not decoded twice: it takes the batch row's output.
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
  /** Each row's {@link rowIdentity}, computed when first asked. */
  identities: string[];
  resolve(result: BackendGenerateResult | undefined): void;
  reject(error: unknown): void;
}

/** A row of a job. */
type Row = [job: Job, row: number];

/** One model call: the rows decoded, the identical rows that take their outputs, the jobs involved. */
interface Batch {
  chosen: Row[];
  /** [row, index into `chosen` whose output it takes]. */
  followers: Array<[Row, number]>;
  jobs: Job[];
  controller: AbortController;
}

type Outcome = { result: BackendGenerateResult | undefined } | { error: unknown };

const PER_CALL = new Set(['onStep', 'onText']);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const rowTokens = ([job, row]: Row) => Math.max(1, job.call.tokens[row] ?? 1);

/** What decides a row's output besides the shared settings: rows with equal identities have equal outputs. */
function rowIdentity([job, row]: Row): string {
  const o = job.call.options;
  return (job.identities[row] ??= JSON.stringify([o.inputs[row], o.maxNewTokens[row], o.minNewTokens?.[row] ?? 0, o.constraints?.[row] ?? null]));
}

/**
 * The rows of the next batch: the head job's rows, then the closest-length rows of `others`
 * (same settings), within the head's limits; taken out of their jobs' `left`. A row identical to
 * a chosen one is a follower (it takes that row's output) and costs no room in the batch.
 */
function selectRows(head: Job, others: readonly Job[]): { chosen: Row[]; followers: Array<[Row, number]> } {
  const { batchSize, maxBatchTokens } = head.call.limits;
  const chosen: Row[] = [];
  const followers: Array<[Row, number]> = [];
  const index = new Map<string, number>();
  let longest = 0;
  const take = (r: Row) => {
    const id = rowIdentity(r);
    const at = index.get(id);
    const t = rowTokens(r);
    if (at !== undefined) followers.push([r, at]);
    else if (chosen.length === 0 || (chosen.length < batchSize && (chosen.length + 1) * Math.max(longest, t) <= maxBatchTokens)) {
      index.set(id, chosen.push(r) - 1);
      longest = Math.max(longest, t);
    } else return;
    r[0].left.splice(r[0].left.indexOf(r[1]), 1);
  };
  for (const row of [...head.left]) take([head, row]);
  const candidates = others.flatMap((job, order) => job.left.map((row) => ({ r: [job, row] as Row, order, distance: Math.abs(rowTokens([job, row]) - longest) })));
  candidates.sort((a, b) => a.distance - b.distance || a.order - b.order || a.r[1] - b.r[1]);
  for (const c of candidates) if (chosen.length < batchSize || index.has(rowIdentity(c.r))) take(c.r);
  return { chosen, followers };
}

/** The backend call of a batch: the head's shared settings, every chosen row's input, budgets and constraints. */
function batchOptions(head: Job, chosen: readonly Row[], signal: AbortSignal): BackendGenerateOptions {
  const { signal: _signal, inputs: _inputs, maxNewTokens: _max, minNewTokens: _min, constraints: _constraints, ...shared } = head.call.options;
  const per = <T>(pick: (o: BackendGenerateOptions, row: number) => T) => chosen.map(([job, row]) => pick(job.call.options, row));
  return {
    ...shared,
    inputs: per((o, row) => o.inputs[row]!),
    maxNewTokens: per((o, row) => o.maxNewTokens[row]!),
    ...(chosen.some(([job]) => job.call.options.minNewTokens !== undefined) ? { minNewTokens: per((o, row) => o.minNewTokens?.[row] ?? 0) } : {}),
    ...(chosen.some(([job]) => job.call.options.constraints !== undefined) ? { constraints: per((o, row) => o.constraints?.[row] ?? []) } : {}),
    signal,
  };
}

/** The result of a job whose every row has its output. */
function jobResult(job: Job): BackendGenerateResult {
  return {
    outputs: job.outputs,
    steps: job.steps,
    ...(job.runtimeMs > 0 ? { runtimeMs: job.runtimeMs } : {}),
    ...(job.warnings.length > 0 ? { warnings: job.warnings } : {}),
  };
}

/** Gives each row of `batch` its output and adds the call's counts and warnings to every job in it. */
function deliver(batch: Batch, result: BackendGenerateResult): void {
  const give = ([job, row]: Row, k: number) => {
    job.outputs[row] = result.outputs[k]!;
    job.outstanding--;
  };
  batch.chosen.forEach(give);
  for (const [r, k] of batch.followers) give(r, k);
  for (const job of batch.jobs) {
    job.running.delete(batch.controller);
    job.steps += result.steps;
    job.runtimeMs += result.runtimeMs ?? 0;
    for (const w of result.warnings ?? []) if (!job.warnings.some((x) => x.code === w.code && x.message === w.message)) job.warnings.push(w);
  }
}

/** The batcher's state and steps; `createBatcher` exposes `generate` only. */
class CrossCallBatcher implements Batcher {
  private readonly pending: Job[] = [];
  private solo = 0;
  /** One abort listener per signal, however many calls (a long document's batches) share it. */
  private readonly watched = new Map<AbortSignal, { jobs: Set<Job>; onAbort: () => void }>();

  constructor(
    private readonly backend: Backend,
    private readonly lock: LimitFunction,
    private readonly windowMs: number,
  ) {}

  generate(call: BatchedCall): Promise<BackendGenerateResult | undefined> {
    const { options } = call;
    throwIfAborted(options.signal);
    const perCall = Object.keys(options).some((k) => PER_CALL.has(k) && (options as unknown as Record<string, unknown>)[k] !== undefined);
    if (options.inputs.length === 0 || perCall) {
      // progress callbacks belong to one call: such a call runs alone
      return this.lock(async () => {
        if (call.stopped?.()) return undefined;
        throwIfAborted(options.signal);
        return this.backend.doGenerate(options);
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
        identities: [],
        resolve: (result) => {
          this.unwatch(signal, job);
          resolve(result);
        },
        reject: (error) => {
          this.unwatch(signal, job);
          reject(error);
        },
      };
      this.watch(signal, job);
      this.pending.push(job);
      this.schedule();
    });
  }

  private settle(job: Job, outcome: Outcome): void {
    if (job.settled) return;
    job.settled = true;
    const i = this.pending.indexOf(job);
    if (i >= 0) this.pending.splice(i, 1);
    if ('error' in outcome) job.reject(outcome.error);
    else job.resolve(outcome.result);
  }

  /** Drops finished jobs and jobs whose caller stopped before any of their rows ran. */
  private prune(): void {
    for (const job of [...this.pending]) {
      if (job.settled) continue;
      const { signal, inputs } = job.call.options;
      if (signal?.aborted) this.settle(job, { error: new AbortError(undefined, { cause: signal.reason }) });
      else if (job.outstanding === inputs.length && job.left.length === job.outstanding && job.call.stopped?.()) this.settle(job, { result: undefined });
    }
  }

  private waitingRows(key: string): number {
    return this.pending.reduce((n, j) => n + (j.key === key ? j.left.length : 0), 0);
  }

  /** The oldest job with rows to run, after the collection window when the model was idle and the batch not full. */
  private async head(): Promise<Job | undefined> {
    this.prune();
    const head = this.pending.find((j) => j.left.length > 0);
    if (!head || this.windowMs <= 0 || this.waitingRows(head.key) >= head.call.limits.batchSize) return head;
    await sleep(this.windowMs);
    this.prune();
    return this.pending.find((j) => j.left.length > 0);
  }

  /** One turn of the model: the next batch, run and delivered. */
  private readonly dispatch = async (): Promise<void> => {
    const head = await this.head();
    if (!head) return;
    const same = this.pending.filter((j) => !j.settled && j.key === head.key);
    const { chosen, followers } = selectRows(head, same.filter((j) => j !== head));
    const jobs = [...new Set([...chosen, ...followers.map(([r]) => r)].map(([job]) => job))];
    const batch: Batch = { chosen, followers, jobs, controller: new AbortController() };
    for (const job of jobs) job.running.add(batch.controller);
    try {
      const result = await this.backend.doGenerate(batchOptions(head, chosen, batch.controller.signal));
      deliver(batch, result);
      for (const job of jobs) if (job.outstanding === 0) this.settle(job, { result: jobResult(job) });
    } catch (error) {
      for (const job of jobs) job.running.delete(batch.controller);
      if (jobs.length > 1 && !batch.controller.signal.aborted) this.retryAlone(batch);
      else for (const job of jobs) this.settle(job, { error });
    }
  };

  /** One call's bad row must not fail the others: each call of a failed shared batch runs again on its own. */
  private retryAlone(batch: Batch): void {
    for (const [job, row] of [...batch.chosen, ...batch.followers.map(([r]) => r)]) job.left.push(row);
    for (const job of batch.jobs) {
      job.left.sort((a, b) => a - b);
      job.key = `solo:${++this.solo}`;
      this.schedule();
    }
  }

  private watch(signal: AbortSignal | undefined, job: Job): void {
    if (!signal) return;
    let entry = this.watched.get(signal);
    if (!entry) {
      const jobs = new Set<Job>();
      const onAbort = () => {
        for (const j of [...jobs]) {
          this.settle(j, { error: new AbortError(undefined, { cause: signal.reason }) });
          // a batch whose every call was aborted stops; one shared with live calls goes on
          for (const controller of j.running) {
            if (this.pending.every((other) => !other.running.has(controller))) controller.abort(signal.reason);
          }
        }
      };
      entry = { jobs, onAbort };
      this.watched.set(signal, entry);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    entry.jobs.add(job);
  }

  private unwatch(signal: AbortSignal | undefined, job: Job): void {
    const entry = signal && this.watched.get(signal);
    if (!entry) return;
    entry.jobs.delete(job);
    if (entry.jobs.size === 0) {
      signal.removeEventListener('abort', entry.onAbort);
      this.watched.delete(signal);
    }
  }

  /** One turn on the limiter per call: a turn with nothing left to run returns at once. */
  private schedule(): void {
    this.lock(this.dispatch).catch((error: unknown) => {
      // not a model failure (those settle their own calls): fail every waiting call rather than leave it hanging
      for (const job of [...this.pending]) this.settle(job, { error });
    });
  }
}

/**
 * Creates a batcher over `backend`; model calls run inside `lock` (the instance's limiter).
 * @param windowMs how long the first call of an idle model waits for others to join its batch (0: not at all).
 */
export function createBatcher(backend: Backend, lock: LimitFunction, windowMs: number): Batcher {
  return new CrossCallBatcher(backend, lock, windowMs);
}
