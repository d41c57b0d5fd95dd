/**
 * One window of a run: its batches start together; each sentence is yielded, in document order,
 * as soon as it and all before it are done and it needs no second pass; the rest wait for the
 * window's second pass (repairs, then names) and follow.
 */
import { emit } from '../../progress.js';
import { keepsSpellings } from './names.js';
import type { WindowPlan } from './plan.js';
import { compose, repairSentences, unifyNames, wantsRepair, type Decode, type SentenceState } from './refine.js';
import { pendingResults, runBatch, type WindowResults } from './run-calls.js';
import { sentenceScore, type RunState } from './run-state.js';
import type { StreamedSentence } from './types.js';
import { toCapitals } from './recase.js';
import { vet } from './vet.js';

const HAS_CONTENT = /[\p{L}\p{N}]/u;

/** Translates the window `w`, yielding its sentences in order. */
export async function* translateWindow(run: RunState, w: WindowPlan, decode: Decode): AsyncGenerator<StreamedSentence> {
  accountPlan(run, w);
  const r = pendingResults(w);
  const running = w.batches.map((batch) => runBatch(run, w, r, batch));
  for (const p of running) p.catch(() => undefined); // failures surface when awaited, in order
  const sentences = windowSentences(run, w, r);
  let next = w.from;
  const ready = function* (all: boolean) {
    while (next < w.to && sentences.isDone(next) && (all || !sentences.held(next))) yield finish(run, sentences, next++);
  };
  for (const p of [Promise.resolve(), ...running]) {
    await p;
    const before = run.unitsDone;
    yield* ready(false);
    if (run.unitsDone > before) emit(run.onProgress, { type: 'sentence', done: run.unitsDone, total: run.units.length });
  }
  if (next < w.to) {
    await secondPass(run, Array.from({ length: w.to - next }, (_, k) => sentences.stateOf(next + k)), decode);
    yield* ready(true);
    emit(run.onProgress, { type: 'sentence', done: run.unitsDone, total: run.units.length });
  }
}

/** Adds the window's plan to the usage (its pieces, batches and tokens) and the planned batches. */
function accountPlan(run: RunState, w: WindowPlan): void {
  for (const [i, list] of w.warnings) run.sentenceWarnings[i]!.push(...list);
  const { usage } = run;
  usage.pieces += w.pieces.length;
  usage.batches += w.batches.length;
  usage.inputTokens += w.inputTokens;
  run.paddedSlots += w.paddedSlots;
  usage.paddingRatio = run.paddedSlots > 0 ? 1 - usage.inputTokens / run.paddedSlots : 0;
  run.batchesPlanned += w.batches.length;
}

/** The window's sentences as their batches finish. */
interface WindowSentences {
  /** The window's pieces of sentence `i`. */
  piecesOf(i: number): number[];
  /** Whether all of sentence `i`'s pieces are translated. */
  isDone(i: number): boolean;
  /** Sentence `i`'s translation and flags, composed once its pieces are done. */
  stateOf(i: number): SentenceState;
  /** Whether sentence `i` waits for the second pass. */
  held(i: number): boolean;
  readonly results: WindowResults;
}

function windowSentences(run: RunState, w: WindowPlan, r: WindowResults): WindowSentences {
  const states = new Map<number, SentenceState>();
  const piecesOf = (i: number) => w.piecesOf[i - w.from]!;
  const stateOf = (i: number): SentenceState => {
    let s = states.get(i);
    if (!s) {
      const pieces = piecesOf(i).map((p) => ({ ...w.pieces[p]!, output: r.full[p]! }));
      const candidate = compose(pieces, sentenceScore);
      const flags = pieces.length > 0 ? vet(run.sources[i]!, candidate, run.refine.vetting!(i)) : [];
      s = { index: i, source: run.sources[i]!, pieces, ...candidate, flags, repaired: false };
      states.set(i, s);
    }
    return s;
  };
  return {
    piecesOf,
    isDone: (i) => piecesOf(i).every((p) => r.outputs[p] !== undefined),
    stateOf,
    // a sentence to repair, or spelling a repeated name otherwise than the document so far, waits for the
    // window's second pass (and so do the ones after it); the first spelling of a name met sets it
    held: (i) => {
      const s = stateOf(i);
      if (wantsRepair(s, run.refine)) return true;
      return run.refine.consistentNames && !keepsSpellings(run.namesIn.get(i) ?? [], s.translation, run.chosenNames);
    },
    results: r,
  };
}

/** The second pass over the sentences held: repairs (each replaced one warned), then one spelling per repeated name. */
async function secondPass(run: RunState, rest: SentenceState[], decode: Decode): Promise<void> {
  for (const s of await repairSentences(rest, run.refine, decode, sentenceScore)) {
    const list = run.sentenceWarnings[s.index]!;
    if (s.finished) list.splice(0, list.length, ...list.filter((x) => x.code !== 'output-truncated'));
    list.push({ code: 'repaired', message: 'The first translation was flagged; a stronger decoding replaced it.', sentence: s.index });
  }
  await unifyNames(rest, run.names, run.chosenNames, run.refine, decode, sentenceScore);
}

/** Sentence `i` as yielded: its translation (back in capitals when recased), score, alternatives, flags and warnings. */
function finish(run: RunState, sentences: WindowSentences, i: number): StreamedSentence {
  const u = run.units[i]!;
  const s = sentences.stateOf(i);
  const recased = run.recased[i];
  const warnings = run.sentenceWarnings[i]!;
  const translation = recased ? toCapitals(s.translation) : s.translation;
  if (translation.length === 0 && HAS_CONTENT.test(u.source)) {
    warnings.push({ code: 'empty-output', message: 'The model returned an empty translation for a non-empty sentence.', sentence: i });
  }
  warnings.push(...run.markupWarnings(i, translation));
  run.unitsDone++;
  // alternatives of a sentence translated whole, in one piece, by the first pass
  const alts = run.alternatives > 0 && !s.repaired && s.pieces.length === 1 ? s.pieces[0]!.output.alternatives : undefined;
  const pieces = sentences.piecesOf(i);
  const cached = !s.repaired && pieces.length > 0 && pieces.every((p) => sentences.results.cached[p]);
  return {
    ...u,
    translation,
    ...(cached ? { cached } : {}),
    ...(s.score !== undefined ? { score: s.score } : {}),
    ...(alts ? { alternatives: alts.slice(0, run.alternatives).map((a) => ({ translation: recased ? toCapitals(a.text) : a.text, score: a.score })) } : {}),
    flags: s.flags,
    ...(s.repaired ? { repaired: true } : {}),
    index: i,
    warnings: i === 0 ? [...run.docWarnings, ...warnings] : warnings,
  };
}
