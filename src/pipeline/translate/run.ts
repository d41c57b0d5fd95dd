/**
 * The translation runner: detects the language, loads the model, plans window by window,
 * runs the batches through the cache and the cross-call batcher (on the instance's limiter),
 * vets each translation and decodes flagged ones again, yields sentences in document order as
 * soon as they and all before them are done, and accounts the usage.
 */
import { throwIfAborted } from '../../errors.js';
import type { InstanceCore } from '../../instance/index.js';
import type { ModelCalls } from './model-calls.js';
import { isLikelyFrench } from '../../lang/detect.js';
import { emit } from '../../progress.js';
import type { BackendOutput } from '../../backend/spec.js';
import type { Warning } from '../../warnings.js';
import type { PreparedInput } from './input.js';
import { constraintsFor, DEFAULT_DO_NOT_TRANSLATE, noTerms, termRules, unmetWarnings } from './constraints.js';
import { keepsSpellings, repeatedNames } from './names.js';
import { planWindow, planWindows, type WindowPlan } from './plan.js';
import { caseHints, isAllCaps, sentenceCase, toCapitals } from './recase.js';
import { compose, repairSentences, unifyNames, wantsRepair, type Decode, type RefineSettings, type SentenceState } from './refine.js';
import { qualityOptions, type StreamedSentence, type TranslateOptions, type TranslationQualityOptions, type TranslationUsage } from './types.js';
import { vet } from './vet.js';

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
  /** Quality settings of the translator (a call's own win). */
  quality?: TranslationQualityOptions;
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
        yield { ...u, translation: u.source, flags: [], index: i, warnings: i === 0 ? [...docWarnings, ...w] : w }; // no score: not translated
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
  // n alternatives need n + 1 beams; without a beam count the backend raises its own default
  const alternatives = callOptions.alternatives ?? 0;
  const asked = gen.beams ?? defaults.beams;
  const beams = alternatives > 0 && asked !== undefined ? Math.max(asked, alternatives + 1) : asked;
  const settings = {
    limit: info.maxInputTokens,
    outCap: Math.max(1, info.maxOutputTokens - 2),
    batchSize,
    maxBatchTokens: callOptions.maxBatchTokens ?? defaults.maxBatchTokens,
    maxNewTokens: gen.maxNewTokens,
    minNewTokens: gen.minNewTokens,
  };
  const count = (texts: readonly string[]) => backend.doCountTokens(texts);
  const q = { ...defaults.quality, ...qualityOptions(callOptions) };
  const verbatim = q.doNotTranslate ?? DEFAULT_DO_NOT_TRANSLATE;
  const rules = termRules(q.glossary, verbatim);
  /** Each text's glossary and do-not-translate constraints (none without terms: no cost). */
  const termsOf = (text: string): string[] => (noTerms(rules) ? [] : constraintsFor(text, rules));
  /** A piece's constraints: the terms', then its sentence's kept text (inline code…) that the piece holds. */
  const piecesTerms = (text: string, unit: number): string[] => {
    const terms = termsOf(text);
    for (const kept of units[unit]!.keep ?? []) if (text.includes(kept) && !terms.includes(kept)) terms.push(kept);
    return terms;
  };
  /** Each piece's constraints, or undefined when no piece of the batch has any. */
  const constraintsOf = (pieces: readonly { text: string; unit: number }[]) => {
    const lists = pieces.map((p) => piecesTerms(p.text, p.unit));
    return lists.some((l) => l.length > 0) ? lists : undefined;
  };

  // sentences in capitals go to the model in sentence case (see recase.ts)
  const capitals = units.map((u) => isAllCaps(u.source));
  const hints = capitals.some(Boolean) ? caseHints(units.map((u) => u.source)) : undefined;
  const sources = units.map((u, i) => (capitals[i] ? sentenceCase(u.source, hints!, verbatim) : u.source));
  const recased = sources.map((s, i) => s !== units[i]!.source);
  for (const [i, r] of recased.entries()) {
    if (r) sentenceWarnings[i]!.push({ code: 'recased', message: 'The sentence is written in capitals: it was translated in sentence case and its translation put in capitals.', sentence: i });
  }
  const refine: RefineSettings = {
    repair: q.repair ?? true,
    consistentNames: q.consistentNames ?? true,
    beams,
    capsMayGrow: gen.maxNewTokens === undefined,
    outCap: settings.outCap,
    minScore: q.minScore,
    glossary: q.glossary,
    doNotTranslate: verbatim,
    // a sentence's kept text (inline code…) must be in its translation too
    vetting: (i) => {
      const keep = units[i]!.keep;
      return keep ? { ...refine, doNotTranslate: [...verbatim, ...keep] } : refine;
    },
  };
  const names = refine.consistentNames ? repeatedNames(sources) : new Map<string, number[]>();
  const namesIn = new Map<number, string[]>();
  for (const [name, list] of names) for (const i of list) namesIn.set(i, [...(namesIn.get(i) ?? []), name]);
  const chosenNames = new Map<string, string>();
  let paddedSlots = 0;
  let batchesDone = 0;
  let batchesPlanned = 0;
  let unitsDone = 0;
  let stopped = false;
  const backendWarnings = new Set<string>();

  /** Per window: each piece's output once its batch is done. */
  interface Results {
    outputs: (string | undefined)[];
    full: (BackendOutput | undefined)[];
    cached: boolean[];
  }
  const glossaryScope = core.glossaryScope(callOptions);
  const limits = { batchSize, maxBatchTokens: settings.maxBatchTokens };

  /** Passes a backend call's cost and warnings on (its warnings once per result, on sentence `unit`). */
  const account = (result: { steps: number; runtimeMs?: number; warnings?: Warning[] }, unit: number) => {
    usage.steps += result.steps;
    usage.runtimeMs += result.runtimeMs ?? 0;
    for (const warning of result.warnings ?? []) {
      const key = `${warning.code}\u0000${warning.message}`;
      if (backendWarnings.has(key)) continue;
      backendWarnings.add(key);
      sentenceWarnings[unit]!.push(warning);
    }
  };

  // Batches go through the cache, then the batcher, which queues them on the instance's limiter
  // (up to `concurrency` run together, sharing batches with other calls); results are yielded in
  // document order.
  const runBatch = async (w: WindowPlan, r: Results, batch: number[]) => {
    // a batch that has not started when the call stops is skipped (the batcher checks again before it runs)
    if (stopped) return;
    throwIfAborted(signal);
    const inputs = batch.map((p) => w.pieces[p]!.text);
    const constraints = constraintsOf(batch.map((p) => w.pieces[p]!));
    const context = { info, glossary: glossaryScope, tokens: batch.map((p) => w.pieces[p]!.tokens), limits, stopped: () => stopped };
    const result = await calls.generate(
      {
        inputs,
        maxNewTokens: batch.map((p) => w.pieces[p]!.maxNewTokens),
        minNewTokens: batch.map((p) => w.pieces[p]!.minNewTokens),
        ...(beams !== undefined ? { beams } : {}),
        ...(gen.lengthPenalty !== undefined ? { lengthPenalty: gen.lengthPenalty } : {}),
        ...(gen.earlyStopping !== undefined ? { earlyStopping: gen.earlyStopping } : {}),
        ...(gen.noRepeatNgramSize !== undefined ? { noRepeatNgramSize: gen.noRepeatNgramSize } : {}),
        ...(gen.repetitionPenalty !== undefined ? { repetitionPenalty: gen.repetitionPenalty } : {}),
        ...(constraints ? { constraints } : {}),
        ...(alternatives > 0 ? { alternatives } : {}),
        ...(signal ? { signal } : {}),
      },
      context,
    );
    if (!result) return;
    if (result.cached.every(Boolean)) usage.batches--; // served by the cache: no model call
    // the backend's warnings (e.g. `option-ignored`), once per result, on the batch's first sentence
    account(result, w.pieces[batch[0]!]!.unit);
    for (const [k, p] of batch.entries()) {
      const out = result.outputs[k]!;
      r.cached[p] = result.cached[k]!;
      if (result.cached[k]) usage.cacheHits++;
      else usage.outputTokens += out.tokens;
      r.full[p] = out;
      r.outputs[p] = out.text;
      sentenceWarnings[w.pieces[p]!.unit]!.push(...unmetWarnings(constraints?.[k], out.unmetConstraints, w.pieces[p]!.unit));
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
  };

  /** Decodes rows again (repairs, names) in batches of `batchSize` on the limiter; outputs in order. */
  const decode: Decode = async (rows, extra) => {
    const outputs: BackendOutput[] = [];
    const tokens = await count(rows.map((row) => row.text));
    const batches: Promise<BackendOutput[]>[] = [];
    for (let from = 0; from < rows.length; from += batchSize) {
      const batch = rows.slice(from, from + batchSize);
      const inputTokens = tokens.slice(from, from + batchSize).reduce((a, n) => a + n, 0);
      usage.batches++;
      usage.inputTokens += inputTokens;
      paddedSlots += inputTokens;
      batchesPlanned++;
      batches.push(
        (async () => {
          if (stopped) return [];
          throwIfAborted(signal);
          // a second pass keeps the glossary's constraints, and adds the names' ones
          const lists = batch.map((row) => [...new Set([...piecesTerms(row.text, row.unit), ...(row.constraints ?? [])])]);
          const constrained = lists.some((l) => l.length > 0);
          // through the cache and the batcher too: a sentence repaired once is not decoded twice
          const context = { info, glossary: glossaryScope, tokens: tokens.slice(from, from + batchSize), limits, stopped: () => stopped };
          const result = await calls.generate(
            {
              inputs: batch.map((row) => row.text),
              maxNewTokens: batch.map((row) => row.maxNewTokens),
              minNewTokens: batch.map((row) => row.minNewTokens),
              ...(extra.beams !== undefined ? { beams: extra.beams } : {}),
              ...(extra.noRepeatNgramSize !== undefined ? { noRepeatNgramSize: extra.noRepeatNgramSize } : {}),
              ...(extra.repetitionPenalty !== undefined ? { repetitionPenalty: extra.repetitionPenalty } : {}),
              ...(constrained ? { constraints: lists } : {}),
              ...(gen.noRepeatNgramSize !== undefined && extra.noRepeatNgramSize === undefined ? { noRepeatNgramSize: gen.noRepeatNgramSize } : {}),
              ...(gen.repetitionPenalty !== undefined && extra.repetitionPenalty === undefined ? { repetitionPenalty: gen.repetitionPenalty } : {}),
              ...(gen.lengthPenalty !== undefined ? { lengthPenalty: gen.lengthPenalty } : {}),
              ...(gen.earlyStopping !== undefined ? { earlyStopping: gen.earlyStopping } : {}),
              ...(signal ? { signal } : {}),
            },
            context,
          );
          if (!result) return [];
          if (result.cached.every(Boolean)) usage.batches--; // served by the cache: no model call
          account(result, batch[0]!.unit);
          for (const [k, out] of result.outputs.entries()) {
            if (result.cached[k]) usage.cacheHits++;
            else usage.outputTokens += out.tokens;
          }
          emit(onProgress, { type: 'batch', done: ++batchesDone, total: batchesPlanned, size: batch.length });
          return result.outputs;
        })(),
      );
    }
    for (const b of batches) b.catch(() => undefined);
    for (const b of batches) outputs.push(...(await b));
    throwIfAborted(signal);
    return outputs;
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
        full: w.pieces.map(() => undefined),
        cached: w.pieces.map(() => false),
      };
      const running = w.batches.map((batch) => runBatch(w, r, batch));
      for (const p of running) p.catch(() => undefined); // failures surface when awaited, in order
      let next = w.from;
      const piecesOf = (i: number) => w.piecesOf[i - w.from]!;
      const isDone = (i: number) => piecesOf(i).every((p) => r.outputs[p] !== undefined);
      // each sentence once its pieces are done: its translation and flags
      const states = new Map<number, SentenceState>();
      const stateOf = (i: number): SentenceState => {
        let s = states.get(i);
        if (!s) {
          const pieces = piecesOf(i).map((p) => ({ ...w.pieces[p]!, output: r.full[p]! }));
          const candidate = compose(pieces, sentenceScore);
          const flags = pieces.length > 0 ? vet(sources[i]!, candidate, refine.vetting!(i)) : [];
          s = { index: i, source: sources[i]!, pieces, ...candidate, flags, repaired: false };
          states.set(i, s);
        }
        return s;
      };
      // a sentence to repair, or spelling a repeated name otherwise than the document so far, waits for the
      // window's second pass (and so do the ones after it); the first spelling of a name met sets it
      const held = (i: number) => {
        const s = stateOf(i);
        if (wantsRepair(s, refine)) return true;
        return refine.consistentNames && !keepsSpellings(namesIn.get(i) ?? [], s.translation, chosenNames);
      };
      const ready = function* (all: boolean) {
        while (next < w.to && isDone(next) && (all || !held(next))) {
          const i = next++;
          const u = units[i]!;
          const s = stateOf(i);
          const translation = recased[i] ? toCapitals(s.translation) : s.translation;
          if (translation.length === 0 && HAS_CONTENT.test(u.source)) {
            sentenceWarnings[i]!.push({ code: 'empty-output', message: 'The model returned an empty translation for a non-empty sentence.', sentence: i });
          }
          sentenceWarnings[i]!.push(...markupWarnings(i, translation));
          unitsDone++;
          // alternatives of a sentence translated whole, in one piece, by the first pass
          const alts = alternatives > 0 && !s.repaired && s.pieces.length === 1 ? s.pieces[0]!.output.alternatives : undefined;
          const cached = !s.repaired && piecesOf(i).length > 0 && piecesOf(i).every((p) => r.cached[p]);
          yield {
            ...u,
            translation,
            ...(cached ? { cached } : {}),
            ...(s.score !== undefined ? { score: s.score } : {}),
            ...(alts ? { alternatives: alts.slice(0, alternatives).map((a) => ({ translation: recased[i] ? toCapitals(a.text) : a.text, score: a.score })) } : {}),
            flags: s.flags,
            ...(s.repaired ? { repaired: true } : {}),
            index: i,
            warnings: i === 0 ? [...docWarnings, ...sentenceWarnings[i]!] : sentenceWarnings[i]!,
          };
        }
      };
      for (const p of [Promise.resolve(), ...running]) {
        await p;
        const before = unitsDone;
        yield* ready(false);
        if (unitsDone > before) emit(onProgress, { type: 'sentence', done: unitsDone, total });
      }
      if (next < w.to) {
        const rest = Array.from({ length: w.to - next }, (_, k) => stateOf(next + k));
        for (const s of await repairSentences(rest, refine, decode, sentenceScore)) {
          const list = sentenceWarnings[s.index]!;
          if (s.finished) list.splice(0, list.length, ...list.filter((x) => x.code !== 'output-truncated'));
          list.push({ code: 'repaired', message: 'The first translation was flagged; a stronger decoding replaced it.', sentence: s.index });
        }
        await unifyNames(rest, names, chosenNames, refine, decode, sentenceScore);
        yield* ready(true);
        emit(onProgress, { type: 'sentence', done: unitsDone, total });
      }
    }
  } finally {
    // an error, an abort or a consumer that stopped iterating: queued batches are skipped
    stopped = true;
  }
  emit(onProgress, { type: 'done', ms: performance.now() - started });
}
