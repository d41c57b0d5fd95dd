/**
 * Beam search for the lean decoder, with the semantics of Hugging Face transformers'
 * `BeamSearchScorer` / `BeamHypotheses` (generation/beam_search.py, 4.x):
 *
 * - every sentence keeps `beams` open hypotheses; a step scores each beam's next tokens with
 *   log-softmax of the raw logits, then the logits processors (banned tokens, minimum length,
 *   forced BOS, `no_repeat_ngram_size`; all set a token to -∞ or force one at log-probability 0;
 *   `renormalize_logits` re-normalises after them), and adds the beam's running sum;
 * - the best `(1 + end tokens) × beams` candidates of the sentence are walked in order: an end
 *   token ranked among the first `beams` closes a hypothesis into the sentence's finished pool
 *   (size `beams`, scored `sum / length^lengthPenalty`, length = generated tokens including the
 *   end token), other tokens fill the next beams until there are `beams` of them;
 * - a sentence is done when its pool is full and: `earlyStopping: true` always;
 *   `false` when the pool's worst score beats the best candidate's sum divided by the current
 *   length^lengthPenalty; `'never'` the same with the longest possible length when
 *   lengthPenalty > 0 (an upper bound, so the search is not cut short);
 * - at the sentence's cap the open beams join the pool (length = their tokens, no end token, as
 *   transformers ≥ 4.36 counts it; earlier 4.x versions also counted the decoder start token
 *   there) and the best hypothesis of the pool is the output.
 *
 * Repetition penalty (`repetitionPenalty` ≠ 1) is applied as transformers' beam search applies its
 * `RepetitionPenaltyLogitsProcessor`: to the log-softmax scores, before the masks.
 *
 * Lexical constraints (`constraints`) use dynamic beam allocation (Post & Vilar 2018, "Fast
 * lexically constrained decoding with dynamic beam allocation"): each beam's candidates are its
 * best tokens plus the tokens that advance a constraint (`constraints.ts`); the candidates are
 * grouped in banks by how many constraint tokens they have written, and the `beams` slots are
 * dealt round-robin from the fullest bank down, best first within a bank, so that hypotheses
 * that have placed a constraint compete with each other rather than with unconstrained ones.
 * DBA is chosen over grid beam search (Hokamp & Liu 2017) because its cost does not grow with
 * the number of constraint tokens: the beam keeps its size. The end token is not a candidate
 * until every constraint is met (the scores are not renormalised for that: a hypothesis' score
 * stays the model's probability of it). At the cap, only hypotheses that met every constraint
 * join the pool if there are any; otherwise the best one is returned with its unmet
 * constraints. A sentence without constraints takes the plain path above.
 *
 * As in transformers, beams 2..n start at a score of -1e9 so that the first step expands only
 * one beam. A sentence that is done leaves the batch with all its beams. All beams of all
 * sentences run as rows of one batch; the self-attention cache is reordered by gathering
 * rows only when the beam order changed, and the encoder states only when a sentence leaves.
 */
import { AbortError } from '../../errors.js';
import { advance, allMet, initialState, progressTokens, unmetIndexes, type ConstraintState } from './constraints.js';
import {
  decoderStep,
  encodeBatch,
  gatherRows,
  penalizeRepeats,
  release,
  repeatedNgramBans,
  ROW_IDS,
  rowLogSumExp,
  takeRows,
  type RowIds,
  type EarlyStopping,
  type LeanDecodeOptions,
  type LeanDecodeResult,
  type LeanHypothesis,
  type OrtSession,
  type OrtTensor,
} from './ops.js';

export type { EarlyStopping } from './ops.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

interface Hypothesis {
  score: number;
  tokens: number[];
  finished: boolean;
  /** Constraints the hypothesis does not meet. */
  unmet: number[];
}

/** Hypotheses that started from the dead beams (score -1e9, see below) are not alternatives. */
const DEAD = -1e8;

/** A sentence's pool of finished hypotheses (transformers' `BeamHypotheses`). */
export class HypothesisPool {
  readonly items: Hypothesis[] = [];
  worst = 1e9;
  constructor(
    readonly size: number,
    readonly lengthPenalty: number,
    readonly earlyStopping: EarlyStopping,
    /** Most generated tokens (the cap), for `earlyStopping: 'never'`. */
    readonly maxLength: number,
  ) {}

  /** Adds a hypothesis of `length` generated tokens whose log-probabilities sum to `sum`. */
  add(tokens: number[], sum: number, length: number, finished: boolean, unmet: number[] = []): void {
    const score = sum / Math.max(1, length) ** this.lengthPenalty;
    if (this.items.length < this.size || score > this.worst) {
      this.items.push({ score, tokens, finished, unmet });
      if (this.items.length > this.size) {
        const order = this.items.map((h, i) => [h.score, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        this.items.splice(order[0]![1], 1);
        this.worst = order[1]![0];
      } else {
        this.worst = Math.min(score, this.worst);
      }
    }
  }

  /** True when no open beam can beat the pool (transformers' `is_done`). */
  isDone(bestSum: number, length: number): boolean {
    if (this.items.length < this.size) return false;
    if (this.earlyStopping === true) return true;
    const bound =
      this.earlyStopping === 'never' && this.lengthPenalty > 0
        ? bestSum / Math.max(1, this.maxLength) ** this.lengthPenalty
        : bestSum / Math.max(1, length) ** this.lengthPenalty;
    return this.worst >= bound;
  }

  /** The best hypothesis (the last added among equal scores, as transformers' sort-and-pop). */
  best(): Hypothesis {
    return this.ranked()[0]!;
  }

  /**
   * The pool best first: hypotheses meeting every constraint before the others, then by score
   * (the last added first among equal scores).
   */
  ranked(): Hypothesis[] {
    return this.items
      .map((h, i) => [h, i] as const)
      .sort((a, b) => Number(a[0].unmet.length > 0) - Number(b[0].unmet.length > 0) || b[0].score - a[0].score || b[1] - a[1])
      .map(([h]) => h);
  }
}

interface Beam {
  tokens: number[];
  sum: number;
  /** Physical row of the batch holding this beam's cache. */
  row: number;
  /** Where the beam stands with its sentence's constraints (constrained sentences only). */
  state?: ConstraintState;
}

interface Sentence {
  /** Original index of the sentence in the call. */
  index: number;
  beams: Beam[];
  pool: HypothesisPool;
  /** The sentence's constraints as token sequences; empty for the plain path. */
  constraints: readonly (readonly number[])[];
}

/** A candidate extension of a beam. */
interface Candidate {
  beam: Beam;
  token: number;
  sum: number;
}

/**
 * Dynamic beam allocation: `size` candidates, dealt round-robin over the banks (constraint
 * tokens written), from the fullest bank down, best first within each bank.
 */
export function allocateBanks<T extends { sum: number; bank: number }>(candidates: readonly T[], size: number): T[] {
  const banks = new Map<number, T[]>();
  for (const c of candidates) {
    const list = banks.get(c.bank);
    if (list) list.push(c);
    else banks.set(c.bank, [c]);
  }
  const order = [...banks.keys()].sort((a, b) => b - a);
  for (const k of order) banks.get(k)!.sort((a, b) => b.sum - a.sum);
  const chosen: T[] = [];
  for (let round = 0; chosen.length < size; round++) {
    let any = false;
    for (const k of order) {
      const c = banks.get(k)![round];
      if (c === undefined) continue;
      any = true;
      chosen.push(c);
      if (chosen.length === size) break;
    }
    if (!any) break;
  }
  return chosen.sort((a, b) => b.sum - a.sum);
}

/**
 * The `k` best entries of `a[base..base+vocab)` by value (ties: lower index first), as token ids.
 * Entries may be -∞ when fewer than `k` are finite (as `torch.topk` returns them).
 */
function topK(a: Float32Array, base: number, vocab: number, k: number, only?: RowIds): number[] {
  const ids: number[] = [];
  const vals: number[] = [];
  // over a shortlist's ids (ascending: same order, same ties) when it has at least k of them
  const list = only && only.length >= k ? only : undefined;
  const n = list ? list.length : vocab;
  for (let j = 0; j < n; j++) {
    const v = list ? list[j]! : j;
    const x = a[base + v]!;
    if (ids.length === k && !(x > vals[k - 1]!)) continue;
    let i = ids.length === k ? k - 1 : ids.length;
    while (i > 0 && x > vals[i - 1]!) {
      if (i < k) {
        ids[i] = ids[i - 1]!;
        vals[i] = vals[i - 1]!;
      }
      i--;
    }
    ids[i] = v;
    vals[i] = x;
  }
  return ids;
}

/** What the helpers of one beam search call share: its options, sizes and outputs. */
interface Search {
  o: LeanDecodeOptions;
  /** Beams per sentence. */
  B: number;
  /** Candidates ranked per sentence and step: (1 + end tokens) × beams, as transformers. */
  K: number;
  eosSet: ReadonlySet<number>;
  result: { tokens: number[][]; finished: boolean[]; scores: number[]; alternatives: LeanHypothesis[][]; unmet: number[][] };
}

/** A row's scores at one step: its K best processed tokens with their log-probabilities, and any token's. */
interface RowScores {
  list: { token: number; logp: number }[];
  logp(token: number): number;
}

/**
 * Runs beam search (`o.beams` > 1); the caller owns tokenisation and decoding of the ids.
 * @throws AbortError when `signal` aborts (checked before every step).
 */
export async function beamDecode(Tensor: any, sessions: Record<string, OrtSession>, o: LeanDecodeOptions): Promise<LeanDecodeResult> {
  const B = o.beams;
  const run = await encodeBatch(Tensor, sessions, o);
  const { mask, pastNames } = run;
  const crossNames = pastNames.filter((n) => n.includes('.encoder.'));
  const firstFetches = ['logits', ...crossNames.map(present), ...run.caches.outputs];
  const laterFetches = ['logits', ...run.caches.outputs];
  const search: Search = {
    o,
    B,
    K: Math.max(2, 1 + o.eos.length) * B,
    eosSet: new Set(o.eos),
    result: {
      tokens: Array.from({ length: o.batch }, () => []),
      finished: new Array<boolean>(o.batch).fill(false),
      scores: new Array<number>(o.batch).fill(0),
      alternatives: Array.from({ length: o.batch }, () => []),
      unmet: Array.from({ length: o.batch }, () => []),
    },
  };
  // encoder-side tensors, one row per physical decoder row
  const encoder: EncoderRows = { hidden: run.hidden, encMask: mask, past: {} };
  let active = initialSentences(o, B);
  /** Physical rows of the previous step (step 0: one per sentence, which all its beams share). */
  let rows = o.batch;
  let steps = 0;
  try {
    for (let step = 0; active.length > 0; step++) {
      if (o.signal?.aborted) throw new AbortError(undefined, { cause: o.signal.reason });
      const lastIds = new BigInt64Array(rows);
      const sentences = new Array<number>(rows);
      for (const s of active) for (const b of s.beams) {
        lastIds[b.row] = BigInt(b.tokens.at(-1) ?? o.decoderStart);
        sentences[b.row] = s.index;
      }
      const { hidden, encMask, past: encoderPast } = encoder;
      const out = await decoderStep(Tensor, run, { lastIds, step, hidden, encMask, encoderPast, fetches: step === 0 ? firstFetches : laterFetches, sentences });
      steps++;
      const { kept, keptOld } = advanceSentences(search, active, rowScorer(search, out, step));
      release(out.logits);
      o.onStep?.({ step: steps, activeRows: kept.length * B });
      if (kept.length === 0) {
        run.caches.dispose(out);
        release(...crossNames.map((n) => out[present(n)]));
        break;
      }
      // new physical rows: beam k of kept sentence j is row j*B + k, gathered from its parent's row
      run.caches.advance(out, kept.flatMap((s) => s.beams.map((b) => b.row)));
      // encoder-side rows change only at step 0 (one row per sentence → B) or when a sentence left
      if (step === 0) reorderEncoder(Tensor, encoder, B, kept.map((s) => s.index), true, Object.fromEntries(crossNames.map((n) => [n, out[present(n)]])));
      else if (kept.length !== active.length) reorderEncoder(Tensor, encoder, B, keptOld.map((si) => si * B), false, encoder.past);
      kept.forEach((s, j) => s.beams.forEach((b, k) => (b.row = j * B + k)));
      rows = kept.length * B;
      active = kept;
    }
  } finally {
    // the batch's encoder states and caches; the attention mask only once it is fr2en's copy
    run.caches.dispose();
    release(encoder.hidden, ...Object.values(encoder.past), encoder.encMask === mask ? undefined : encoder.encMask);
  }
  const { tokens, finished, scores, alternatives, unmet } = search.result;
  return {
    tokens,
    finished,
    scores,
    ...((o.alternatives ?? 0) > 0 ? { alternatives } : {}),
    ...(o.constraints ? { unmet } : {}),
    steps,
    runtimeMs: run.runtimeMs,
  };
}

const present = (n: string) => n.replace('past_key_values', 'present');

/** The encoder-side inputs of the decoder, one row per physical decoder row. */
interface EncoderRows {
  hidden: OrtTensor;
  encMask: OrtTensor;
  /** Cross-attention keys/values, from the first step on. */
  past: Record<string, OrtTensor>;
}

/**
 * Gives every beam of the kept sentences its encoder rows: `source` holds, per kept sentence,
 * one of its current rows (they are all the same); each is taken B times. At the first step this
 * copies (one row per sentence grows into B) and frees the step's cross-attention outputs and the
 * encoder's states; afterwards rows move up in place (a sentence left).
 */
function reorderEncoder(Tensor: any, encoder: EncoderRows, B: number, source: readonly number[], first: boolean, cross: Record<string, OrtTensor>): void {
  const expand = source.flatMap((r) => Array.from({ length: B }, () => r));
  const take = first ? takeRows : gatherRows;
  const states = encoder.hidden;
  encoder.past = Object.fromEntries(Object.entries(cross).map(([name, t]) => [name, take(Tensor, t, expand)]));
  encoder.hidden = take(Tensor, encoder.hidden, expand);
  encoder.encMask = take(Tensor, encoder.encMask, expand);
  if (first) release(...Object.values(cross), states); // copied (the mask is the caller's)
}

/** Step 0: one physical row per sentence; every beam points at it, beams 2..n at -1e9. */
function initialSentences(o: LeanDecodeOptions, B: number): Sentence[] {
  return Array.from({ length: o.batch }, (_, s) => {
    const constraints = o.constraints?.[s] ?? [];
    const state = constraints.length > 0 ? initialState(constraints) : undefined;
    return {
      index: s,
      beams: Array.from({ length: B }, (_, b) => ({ tokens: [], sum: b === 0 ? 0 : -1e9, row: s, state })),
      pool: new HypothesisPool(B, o.lengthPenalty, o.earlyStopping, o.maxNew[s]!),
      constraints: state ? constraints : [],
    };
  });
}

/**
 * Moves every active sentence one token on: ranks its beams' candidates, closes hypotheses, and
 * finishes the sentence when its pool is done or it reached its cap. Returns the sentences that go
 * on and their indexes in `active`.
 */
function advanceSentences(search: Search, active: readonly Sentence[], scoresOf: (s: Sentence, beam: Beam) => RowScores): { kept: Sentence[]; keptOld: number[] } {
  const { o } = search;
  const kept: Sentence[] = [];
  const keptOld: number[] = [];
  for (const [si, s] of active.entries()) {
    const n = s.beams[0]!.tokens.length; // all beams of a sentence have the same length
    const all: Candidate[] = [];
    for (const beam of s.beams) {
      // at step 0 every beam shares one row; the n-gram history is the same for all
      for (const c of scoresOf(s, beam).list) all.push({ beam, token: c.token, sum: beam.sum + c.logp });
    }
    const { next, bestSum } = s.constraints.length > 0 ? constrainedStep(search, s, all, n, (beam) => scoresOf(s, beam)) : plainStep(search, s, all, n);
    if (s.pool.isDone(bestSum, n + 1)) {
      finish(search, s);
      continue;
    }
    if (n + 1 >= o.maxNew[s.index]!) {
      // cap reached: the open beams join the pool unfinished (transformers' finalize); with
      // constraints only those that met them all, unless no hypothesis did
      const complete = next.filter((b) => !b.state || allMet(b.state));
      const pooledComplete = s.pool.items.some((h) => h.unmet.length === 0);
      const joining = complete.length > 0 || pooledComplete ? complete : next;
      for (const b of joining) s.pool.add(b.tokens, b.sum, b.tokens.length, false, b.state ? unmetIndexes(b.state) : []);
      finish(search, s);
      continue;
    }
    s.beams = next;
    kept.push(s);
    keptOld.push(si);
  }
  return { kept, keptOld };
}

/**
 * The scores of a step's rows, computed once per physical row (beams sharing a row share them):
 * log-softmax of the raw logits, then the processors (repetition penalty, banned tokens, minimum
 * length, n-gram bans; renormalised with `renormalize`), as transformers' beam search.
 */
function rowScorer(search: Search, out: Record<string, OrtTensor>, step: number): (s: Sentence, beam: Beam) => RowScores {
  const { o, K } = search;
  const logits: Float32Array = out.logits.data;
  const vocab: number = out.logits.dims.at(-1);
  const seq: number = out.logits.dims[1];
  const rowIds: readonly RowIds[] | undefined = out[ROW_IDS];
  const penalty = o.repetitionPenalty;
  const rowCandidates = new Map<number, RowScores>();
  return (s, beam) => {
    const cached = rowCandidates.get(beam.row);
    if (cached) return cached;
    const base = (beam.row * seq + (seq - 1)) * vocab;
    const n = beam.tokens.length;
    let scores: RowScores;
    if (step === 0 && o.forcedBos !== undefined) {
      const list = [{ token: o.forcedBos, logp: 0 }];
      for (let v = 0; list.length < K && v < vocab; v++) if (v !== o.forcedBos) list.push({ token: v, logp: -Infinity });
      scores = { list, logp: (token) => (token === o.forcedBos ? 0 : -Infinity) };
    } else {
      // a shortlisted row: only its listed ids are finite, and every scan visits only them
      const ids = rowIds?.[beam.row];
      const rawLse = o.renormalize && penalty === 1 ? 0 : rowLogSumExp(logits, base, vocab, ids);
      // transformers' beam search penalises the log-softmax scores: the buffer stays logits
      // shifted by the row's log-sum-exp, so scores are still `logit - lse`
      if (penalty !== 1) penalizeRepeats(logits, base, [o.decoderStart, ...beam.tokens], penalty, rawLse);
      for (const t of o.banned) logits[base + t] = -Infinity;
      if (n < o.minNew[s.index]!) for (const e of o.eos) logits[base + e] = -Infinity;
      if (o.noRepeatNgram > 0) {
        for (const t of repeatedNgramBans([o.decoderStart, ...beam.tokens], o.noRepeatNgram)) logits[base + t] = -Infinity;
      }
      const lse = o.renormalize ? rowLogSumExp(logits, base, vocab, ids) : rawLse;
      // unlisted ids are -∞: a constraint's piece is always listed, so it is never lost here
      scores = { list: topK(logits, base, vocab, K, ids).map((token) => ({ token, logp: logits[base + token]! - lse })), logp: (token) => logits[base + token]! - lse };
    }
    rowCandidates.set(beam.row, scores);
    return scores;
  };
}

/** transformers' step: the best K candidates in order; an end token ranked among the first B closes a hypothesis. */
function plainStep({ B, K, eosSet }: Search, s: Sentence, all: Candidate[], n: number): { next: Beam[]; bestSum: number } {
  all.sort((a, b) => b.sum - a.sum);
  const top = all.slice(0, K);
  const next: Beam[] = [];
  for (const [rank, c] of top.entries()) {
    if (eosSet.has(c.token)) {
      if (rank >= B) continue;
      s.pool.add(c.beam.tokens, c.sum, n + 1, true);
    } else {
      next.push({ tokens: [...c.beam.tokens, c.token], sum: c.sum, row: c.beam.row });
    }
    if (next.length === B) break;
  }
  return { next, bestSum: top[0]!.sum };
}

/**
 * Dynamic beam allocation: each beam's best tokens plus the tokens that advance a constraint;
 * end tokens only from beams that met every constraint (closing a hypothesis when ranked among
 * the first B, as on the plain path); the next beams dealt over the banks.
 */
function constrainedStep({ o, B, eosSet }: Search, s: Sentence, all: Candidate[], n: number, scoresOf: (beam: Beam) => { logp(token: number): number }): { next: Beam[]; bestSum: number } {
  const candidates: (Candidate & { state: ConstraintState; bank: number })[] = [];
  const ends: Candidate[] = [];
  const seen = new Map<Beam, Set<number>>(s.beams.map((b) => [b, new Set<number>()]));
  for (const c of all) {
    const state = c.beam.state!;
    if (state.justMet && o.wordContinuations?.has(c.token)) continue;
    if (eosSet.has(c.token)) {
      if (allMet(state)) ends.push(c);
      continue;
    }
    seen.get(c.beam)!.add(c.token);
    const nextState = advance(s.constraints, state, c.token);
    candidates.push({ ...c, state: nextState, bank: nextState.bank });
  }
  for (const beam of s.beams) {
    const scores = scoresOf(beam);
    for (const token of progressTokens(s.constraints, beam.state!)) {
      if (eosSet.has(token) || seen.get(beam)!.has(token) || (beam.state!.justMet && o.wordContinuations?.has(token))) continue;
      const sum = beam.sum + scores.logp(token);
      if (sum === -Infinity) continue; // banned: a constraint never forces a masked token
      const nextState = advance(s.constraints, beam.state!, token);
      candidates.push({ beam, token, sum, state: nextState, bank: nextState.bank });
    }
  }
  const ranked = [...ends, ...candidates].sort((a, b) => b.sum - a.sum);
  const endRank = new Set(ranked.slice(0, B).filter((c) => eosSet.has(c.token)));
  for (const c of ends) if (endRank.has(c)) s.pool.add(c.beam.tokens, c.sum, n + 1, true);
  const next: Beam[] = allocateBanks(candidates, B).map((c) => ({ tokens: [...c.beam.tokens, c.token], sum: c.sum, row: c.beam.row, state: c.state }));
  return { next, bestSum: ranked[0]?.sum ?? -Infinity };
}

/** Writes a finished sentence's output: the pool's best hypothesis, and its alternatives when asked. */
function finish({ o, result }: Search, s: Sentence): void {
  const [best, ...others] = s.pool.ranked();
  result.tokens[s.index] = best!.tokens;
  result.finished[s.index] = best!.finished;
  result.scores[s.index] = best!.score;
  result.unmet[s.index] = best!.unmet;
  const wanted = Math.max(0, o.alternatives ?? 0);
  if (wanted > 0) {
    // alternatives keep the output's standing: all constraints met if it met them
    result.alternatives[s.index] = others
      .filter((h) => h.score > DEAD && Number.isFinite(h.score) && (best!.unmet.length > 0 || h.unmet.length === 0))
      .slice(0, wanted)
      .map((h) => ({ tokens: h.tokens, score: h.score, finished: h.finished }));
  }
}
