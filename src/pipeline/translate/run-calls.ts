/**
 * A run's model calls: the first pass's batches and the second pass's decodings go the same way,
 * through the cache and the cross-call batcher (which queues them on the instance's limiter, up to
 * `concurrency` together, sharing batches with other calls), and are accounted the same way.
 */
import type { BackendGenerateOptions, BackendOutput } from '../../backend/spec.js';
import { throwIfAborted } from '../../errors.js';
import { emit } from '../../progress.js';
import type { Warning } from '../../warnings.js';
import { unmetWarnings } from './constraints.js';
import type { ModelCallResult } from './model-calls.js';
import type { WindowPlan } from './plan.js';
import type { Decode, DecodeRow } from './refine.js';
import type { RunState } from './run-state.js';

/** The decoding settings of a call (those left undefined are the model's). */
type Decoding = Pick<BackendGenerateOptions, 'beams' | 'lengthPenalty' | 'earlyStopping' | 'noRepeatNgramSize' | 'repetitionPenalty' | 'alternatives'>;

/** Per window: each piece's output once its batch is done. */
export interface WindowResults {
  outputs: (string | undefined)[];
  full: (BackendOutput | undefined)[];
  cached: boolean[];
}

/** Results of a window whose batches have not run yet. */
export function pendingResults(w: WindowPlan): WindowResults {
  return { outputs: w.pieces.map(() => undefined), full: w.pieces.map(() => undefined), cached: w.pieces.map(() => false) };
}

/** Runs one batch of the first pass and records its outputs and warnings in `r`. */
export async function runBatch(run: RunState, w: WindowPlan, r: WindowResults, batch: readonly number[]): Promise<void> {
  const pieces = batch.map((p) => w.pieces[p]!);
  const { gen } = run;
  const decoding: Decoding = {
    beams: run.beams,
    lengthPenalty: gen.lengthPenalty,
    earlyStopping: gen.earlyStopping,
    noRepeatNgramSize: gen.noRepeatNgramSize,
    repetitionPenalty: gen.repetitionPenalty,
    alternatives: run.alternatives > 0 ? run.alternatives : undefined,
  };
  const called = await callModel(run, pieces, pieces.map((p) => p.tokens), decoding);
  if (!called) return;
  const { result, constraints } = called;
  for (const [k, p] of batch.entries()) {
    const out = result.outputs[k]!;
    const { unit, maxNewTokens } = w.pieces[p]!;
    r.cached[p] = result.cached[k]!;
    r.full[p] = out;
    r.outputs[p] = out.text;
    run.sentenceWarnings[unit]!.push(...unmetWarnings(constraints?.[k], out.unmetConstraints, unit));
    if (!out.finished) {
      run.sentenceWarnings[unit]!.push({
        code: 'output-truncated',
        message: `A translation reached its cap of ${maxNewTokens} tokens before the model ended it; it may be cut short.`,
        sentence: unit,
      });
    }
  }
  batchDone(run, batch.length);
}

/** The run's decoder for the second pass (repairs, names): rows in batches of `batchSize`, outputs in order. */
export function decoder(run: RunState): Decode {
  const { gen } = run;
  const batchSize = run.settings.batchSize;
  return async (rows, extra) => {
    const tokens = await run.core.backend.doCountTokens(rows.map((row) => row.text));
    // a second pass keeps the call's length settings; its own repetition settings win
    const decoding: Decoding = {
      beams: extra.beams,
      noRepeatNgramSize: extra.noRepeatNgramSize ?? gen.noRepeatNgramSize,
      repetitionPenalty: extra.repetitionPenalty ?? gen.repetitionPenalty,
      lengthPenalty: gen.lengthPenalty,
      earlyStopping: gen.earlyStopping,
    };
    const batches: Promise<BackendOutput[]>[] = [];
    for (let from = 0; from < rows.length; from += batchSize) {
      const batchTokens = tokens.slice(from, from + batchSize);
      const inputTokens = batchTokens.reduce((a, n) => a + n, 0);
      run.usage.batches++;
      run.usage.inputTokens += inputTokens;
      run.paddedSlots += inputTokens;
      run.batchesPlanned++;
      batches.push(decodeBatch(run, rows.slice(from, from + batchSize), batchTokens, decoding));
    }
    for (const b of batches) b.catch(() => undefined); // failures surface when awaited, in order
    const outputs: BackendOutput[] = [];
    for (const b of batches) outputs.push(...(await b));
    throwIfAborted(run.signal);
    return outputs;
  };
}

/** One batch of a second pass; through the cache and the batcher too, so a sentence repaired once is not decoded twice. */
async function decodeBatch(run: RunState, batch: readonly DecodeRow[], tokens: readonly number[], decoding: Decoding): Promise<BackendOutput[]> {
  const called = await callModel(run, batch, tokens, decoding);
  if (!called) return [];
  batchDone(run, batch.length);
  return called.result.outputs;
}

/** A row of a model call: its sentence, text, budgets and own constraints. */
type CallRow = Pick<DecodeRow, 'unit' | 'text' | 'maxNewTokens' | 'minNewTokens' | 'constraints'>;

/**
 * One model call of the run, accounted. A call that has not started when the run stops is
 * skipped (the batcher checks again before it runs); undefined when skipped or dropped.
 */
async function callModel(
  run: RunState,
  rows: readonly CallRow[],
  tokens: readonly number[],
  decoding: Decoding,
): Promise<{ result: ModelCallResult; constraints: string[][] | undefined } | undefined> {
  if (run.stopped) return undefined;
  throwIfAborted(run.signal);
  const lists = rows.map((row) => run.constraintsOf(row.text, row.unit, row.constraints));
  const constraints = lists.some((l) => l.length > 0) ? lists : undefined;
  const options: BackendGenerateOptions = {
    inputs: rows.map((row) => row.text),
    maxNewTokens: rows.map((row) => row.maxNewTokens),
    minNewTokens: rows.map((row) => row.minNewTokens),
    ...withoutUndefined(decoding),
    ...(constraints ? { constraints } : {}),
    ...(run.signal ? { signal: run.signal } : {}),
  };
  const limits = { batchSize: run.settings.batchSize, maxBatchTokens: run.settings.maxBatchTokens };
  const result = await run.core.calls.generate(options, { info: run.info, glossary: run.glossaryScope, tokens, limits, stopped: () => run.stopped });
  if (!result) return undefined;
  if (result.cached.every(Boolean)) run.usage.batches--; // served by the cache: no model call
  // the backend's warnings (e.g. `option-ignored`), once per result, on the batch's first sentence
  account(run, result, rows[0]!.unit);
  for (const [k, out] of result.outputs.entries()) {
    if (result.cached[k]) run.usage.cacheHits++;
    else run.usage.outputTokens += out.tokens;
  }
  return { result, constraints };
}

/** Passes a backend call's cost and warnings on (its warnings once per result, on sentence `unit`). */
function account(run: RunState, result: { steps: number; runtimeMs?: number; warnings?: Warning[] }, unit: number): void {
  run.usage.steps += result.steps;
  run.usage.runtimeMs += result.runtimeMs ?? 0;
  for (const warning of result.warnings ?? []) {
    const key = `${warning.code}\u0000${warning.message}`;
    if (run.backendWarnings.has(key)) continue;
    run.backendWarnings.add(key);
    run.sentenceWarnings[unit]!.push(warning);
  }
}

function batchDone(run: RunState, size: number): void {
  emit(run.onProgress, { type: 'batch', done: ++run.batchesDone, total: run.batchesPlanned, size });
}

/** The object without its undefined fields (an option left out is the model's default). */
function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
