/**
 * The translation runner: detects the language, loads the model, plans window by window,
 * runs the batches through the cache and the cross-call batcher (on the instance's limiter),
 * yields sentences in document order as soon as they and all before them are done, and
 * accounts the usage.
 */
import { throwIfAborted } from '../../errors.js';
import type { InstanceCore } from '../../instance/index.js';
import type { ModelCalls } from './model-calls.js';
import { isLikelyFrench } from '../../lang/detect.js';
import { emit } from '../../progress.js';
import type { Warning } from '../../warnings.js';
import type { PreparedInput } from './input.js';
import { planWindow, planWindows, type WindowPlan } from './plan.js';
import type { StreamedSentence, TranslateOptions, TranslationUsage } from './types.js';

/** An instance core with the translator's model calls (cache, then the cross-call batcher). */
export interface TranslationCore extends InstanceCore {
  readonly calls: ModelCalls;
  /** Canonical form of a call's glossary and do-not-translate list, for the cache key. */
  glossaryScope(options: TranslateOptions): string;
}

/** The translator's defaults a call may override. */
export interface RunDefaults {
  batchSize: number;
  maxBatchTokens: number;
  beams: number | undefined;
}

const HAS_CONTENT = /[\p{L}\p{N}]/u;

/** A usage record with nothing spent. */
export function emptyUsage(): TranslationUsage {
  return { pieces: 0, batches: 0, inputTokens: 0, outputTokens: 0, steps: 0, runtimeMs: 0, paddingRatio: 0, cacheHits: 0 };
}

/** A sentence's score: its piece's, or the pieces' mean weighted by their lengths; undefined when a piece has none. */
export function sentenceScore(pieces: readonly { score: number | undefined; tokens: number }[]): number | undefined {
  if (pieces.length === 0 || pieces.some((p) => p.score === undefined)) return undefined;
  if (pieces.length === 1) return pieces[0]!.score;
  const total = pieces.reduce((a, p) => a + Math.max(1, p.tokens), 0);
  return pieces.reduce((a, p) => a + p.score! * Math.max(1, p.tokens), 0) / total;
}

/** Translates prepared units, yielding each sentence in order; adds what it spends to `usage`. */
export async function* runTranslation(
  core: TranslationCore,
  defaults: RunDefaults,
  prepared: PreparedInput,
  callOptions: TranslateOptions,
  usage: TranslationUsage = emptyUsage(),
): AsyncGenerator<StreamedSentence> {
  core.assertLive();
  const { backend, calls } = core;
  const started = performance.now();
  const { signal, onProgress } = callOptions;
  const { units, html } = prepared;
  // HTML: where the sentence's inline markup could not be placed in its translation
  const markupWarnings = (i: number, translation: string) => (html ? html.warningsFor(i, translation) : []);
  const total = units.length;
  const docWarnings: Warning[] = [];
  const sentenceWarnings: Warning[][] = units.map(() => []);
  if (total === 0) {
    emit(onProgress, { type: 'done', ms: performance.now() - started });
    return;
  }
  throwIfAborted(signal);

  const french = isLikelyFrench(units.map((u) => u.source).join(' '));
  if (!french) {
    const skip = callOptions.onNonFrench === 'skip';
    docWarnings.push({
      code: 'not-french',
      message: skip
        ? 'The input does not look like French; it was passed through untranslated (`onNonFrench: "skip"`).'
        : 'The input does not look like French; it was translated anyway.',
    });
    if (skip) {
      for (const [i, u] of units.entries()) {
        const w = markupWarnings(i, u.source);
        yield { ...u, translation: u.source, index: i, warnings: i === 0 ? [...docWarnings, ...w] : w }; // no score: not translated
      }
      emit(onProgress, { type: 'done', ms: performance.now() - started });
      return;
    }
  }

  const info = await core.load({ ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
  throwIfAborted(signal);
  docWarnings.push(...(info.warnings ?? [])); // the model's own problems, once per result
  const batchSize = callOptions.batchSize ?? defaults.batchSize;
  const gen = callOptions.generation ?? {};
  const beams = gen.beams ?? defaults.beams;
  const settings = {
    limit: info.maxInputTokens,
    outCap: Math.max(1, info.maxOutputTokens - 2),
    batchSize,
    maxBatchTokens: callOptions.maxBatchTokens ?? defaults.maxBatchTokens,
    maxNewTokens: gen.maxNewTokens,
    minNewTokens: gen.minNewTokens,
  };
  const count = (texts: readonly string[]) => backend.doCountTokens(texts);
  const sources = units.map((u) => u.source);
  let paddedSlots = 0;
  let batchesDone = 0;
  let batchesPlanned = 0;
  let unitsDone = 0;
  let stopped = false;
  const backendWarnings = new Set<string>();

  /** Per window: each piece's output and score once its batch is done. */
  interface Results {
    outputs: (string | undefined)[];
    scores: { score: number | undefined; tokens: number }[];
    cached: boolean[];
  }
  const glossary = core.glossaryScope(callOptions);
  const limits = { batchSize, maxBatchTokens: settings.maxBatchTokens };

  // Batches go through the cache, then the batcher, which queues them on the instance's limiter
  // (up to `concurrency` run together, sharing batches with other calls); results are yielded in
  // document order.
  const runBatch = async (w: WindowPlan, r: Results, batch: number[]) => {
    {
      // a batch that has not started when the call stops is skipped (the batcher checks again before it runs)
      if (stopped) return;
      throwIfAborted(signal);
      const context = { info, glossary, tokens: batch.map((p) => w.pieces[p]!.tokens), limits, stopped: () => stopped };
      const result = await calls.generate({
        inputs: batch.map((p) => w.pieces[p]!.text),
        maxNewTokens: batch.map((p) => w.pieces[p]!.maxNewTokens),
        minNewTokens: batch.map((p) => w.pieces[p]!.minNewTokens),
        ...(beams !== undefined ? { beams } : {}),
        ...(gen.lengthPenalty !== undefined ? { lengthPenalty: gen.lengthPenalty } : {}),
        ...(gen.earlyStopping !== undefined ? { earlyStopping: gen.earlyStopping } : {}),
        ...(signal ? { signal } : {}),
      }, context);
      if (!result) return;
      if (result.cached.every(Boolean)) usage.batches--; // served by the cache: no model call
      usage.steps += result.steps;
      usage.runtimeMs += result.runtimeMs ?? 0;
      // the backend's warnings (e.g. `option-ignored`), once per result, on the batch's first sentence
      for (const warning of result.warnings ?? []) {
        const key = `${warning.code}\u0000${warning.message}`;
        if (backendWarnings.has(key)) continue;
        backendWarnings.add(key);
        sentenceWarnings[w.pieces[batch[0]!]!.unit]!.push(warning);
      }
      for (const [k, p] of batch.entries()) {
        const out = result.outputs[k]!;
        r.cached[p] = result.cached[k]!;
        if (result.cached[k]) usage.cacheHits++;
        else usage.outputTokens += out.tokens;
        r.outputs[p] = out.text;
        r.scores[p] = { score: out.score, tokens: out.tokens + (out.finished ? 1 : 0) };
        if (!out.finished) {
          const unit = w.pieces[p]!.unit;
          sentenceWarnings[unit]!.push({
            code: 'output-truncated',
            message: `A translation reached its cap of ${w.pieces[p]!.maxNewTokens} tokens before the model ended it; it may be cut short.`,
            sentence: unit,
          });
        }
      }
      emit(onProgress, { type: 'batch', done: ++batchesDone, total: batchesPlanned, size: batch.length });
    }
  };

  try {
    for (const [from, to] of planWindows(total, batchSize)) {
      throwIfAborted(signal);
      const w = await planWindow(sources, from, to, settings, count);
      for (const [i, list] of w.warnings) sentenceWarnings[i]!.push(...list);
      usage.pieces += w.pieces.length;
      usage.batches += w.batches.length;
      usage.inputTokens += w.inputTokens;
      paddedSlots += w.paddedSlots;
      usage.paddingRatio = paddedSlots > 0 ? 1 - usage.inputTokens / paddedSlots : 0;
      batchesPlanned += w.batches.length;
      const r: Results = {
        outputs: w.pieces.map(() => undefined),
        scores: w.pieces.map(() => ({ score: undefined, tokens: 0 })),
        cached: w.pieces.map(() => false),
      };
      const running = w.batches.map((batch) => runBatch(w, r, batch));
      for (const p of running) p.catch(() => undefined); // failures surface when awaited, in order
      let next = w.from;
      const piecesOf = (i: number) => w.piecesOf[i - w.from]!;
      const isDone = (i: number) => piecesOf(i).every((p) => r.outputs[p] !== undefined);
      const ready = function* () {
        while (next < w.to && isDone(next)) {
          const i = next++;
          const u = units[i]!;
          const translation = piecesOf(i).map((p) => r.outputs[p]!).filter((t) => t.length > 0).join(' ');
          if (translation.length === 0 && HAS_CONTENT.test(u.source)) {
            sentenceWarnings[i]!.push({ code: 'empty-output', message: 'The model returned an empty translation for a non-empty sentence.', sentence: i });
          }
          sentenceWarnings[i]!.push(...markupWarnings(i, translation));
          unitsDone++;
          const score = sentenceScore(piecesOf(i).map((p) => r.scores[p]!));
          const cached = piecesOf(i).length > 0 && piecesOf(i).every((p) => r.cached[p]);
          yield {
            ...u,
            translation,
            ...(score !== undefined ? { score } : {}),
            ...(cached ? { cached } : {}),
            index: i,
            warnings: i === 0 ? [...docWarnings, ...sentenceWarnings[i]!] : sentenceWarnings[i]!,
          };
        }
      };
      for (const p of [Promise.resolve(), ...running]) {
        await p;
        const before = unitsDone;
        yield* ready();
        if (unitsDone > before) emit(onProgress, { type: 'sentence', done: unitsDone, total });
      }
    }
  } finally {
    // an error, an abort or a consumer that stopped iterating: queued batches are skipped
    stopped = true;
  }
  emit(onProgress, { type: 'done', ms: performance.now() - started });
}
