/**
 * What the greedy loop (`decode.ts`) and beam search (`beam.ts`) share: the options and result
 * of one lean call, the encoder pass that starts both, and the tensor and arithmetic helpers
 * they use on the runtime's outputs.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
/** An ONNX Runtime tensor (typed loosely: onnxruntime's types stay out of fr2en's API). */
export type OrtTensor = any;
/** An ONNX Runtime inference session. */
export type OrtSession = any;

/** `earlyStopping` values, as in transformers' `GenerationConfig.early_stopping`. */
export type EarlyStopping = boolean | 'never';

/** Per-row generation settings of one lean call. */
export interface LeanDecodeOptions {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  batch: number;
  length: number;
  maxNew: readonly number[];
  minNew: readonly number[];
  eos: readonly number[];
  decoderStart: number;
  forcedBos: number | undefined;
  /** Single tokens never generated (e.g. Marian's pad). */
  banned: readonly number[];
  noRepeatNgram: number;
  /**
   * Hugging Face's `repetition_penalty` (1 is off): tokens already in the row's sequence, the
   * decoder start token included, are penalised (see {@link penalizeRepeats}).
   */
  repetitionPenalty: number;
  /**
   * Lexical constraints per row: token sequences that must each appear, contiguous, in the row's
   * output (dynamic beam allocation, see `beam.ts`). Optional: absent or empty lists cost nothing.
   */
  constraints?: readonly (readonly (readonly number[])[])[];
  /**
   * Tokens that continue the previous word (pieces without the word-start marker that begin with
   * a letter or digit): never the token right after a constraint, so that "Lukashenka" is not
   * written as the start of "Lukashenkaly". Optional: without it a constraint may be glued on.
   */
  wordContinuations?: ReadonlySet<number>;
  /** Other finished hypotheses to return per row, best first (beam search only). @default 0 */
  alternatives?: number;
  /** Beams per sentence; 1 is greedy decoding (the fast path). */
  beams: number;
  /** Exponent of the length in a hypothesis' score `sum of log-probs / length^lengthPenalty`. */
  lengthPenalty: number;
  /** When a sentence's beam search stops (transformers' `early_stopping`). */
  earlyStopping: EarlyStopping;
  /** Re-normalise log-probabilities after the processors masked tokens (`renormalize_logits`). */
  renormalize: boolean;
  signal: AbortSignal | undefined;
  onStep: ((step: { step: number; activeRows: number }) => void) | undefined;
  /** Computes the logits from another decoder output (a vocabulary shortlist); absent: the decoder's own `logits`. */
  projector?: StepProjector | undefined;
}

/**
 * Logits computed outside the decoder: the decoder is asked for `output` instead of `logits`,
 * and `project` turns it into `[rows, 1, vocab]` logits given the sentence of every row.
 */
export interface StepProjector {
  output: string;
  /** The step's logits, and per row the ascending ids that may be finite (every other one is -∞). */
  project(value: OrtTensor, sentences: readonly number[], run: EncodedBatch['timed']): Promise<{ logits: OrtTensor; rowIds: readonly Int32Array[] }>;
}

/**
 * A scan over a row's logits: the whole vocabulary, or only `ids` (ascending) when every other
 * entry is known to be -∞ (a shortlist). Both visit the finite entries in the same order, so
 * the results are identical, ties included.
 */
export type RowIds = Int32Array | undefined;

/** {@link logSumExp} over `a[base + id]` for `id` in `ids` (ascending), or over the whole row. */
export function rowLogSumExp(a: Float32Array, base: number, vocab: number, ids: RowIds, max?: number): number {
  if (!ids) return logSumExp(a, base, base + vocab, max);
  let m = max ?? -Infinity;
  if (max === undefined) for (const id of ids) if (a[base + id]! > m) m = a[base + id]!;
  if (m === -Infinity) return -Infinity;
  let sum = 0;
  for (const id of ids) {
    // the same exp as logSumExp's, so a shortlisted row scores bit-for-bit as its full row
    const t = (a[base + id]! - m) * Math.LOG2E;
    if (t > -1074) {
      const k = (t - 0.5) | 0;
      const f = t - k;
      const p =
        1 + f * (0.6931471805599453 + f * (0.2402265069591007 + f * (0.05550410866482158 + f * (0.009618129107628477 +
        f * (0.0013333558146428443 + f * (0.00015403530393381606 + f * 0.000015252733804059841))))));
      sum += p * POW2[-k]!;
    }
  }
  return m + Math.log(sum);
}

/** {@link argmax} over a row (an offset from `base`), or over `ids` only (the first on ties either way). */
export function rowArgmax(a: Float32Array, base: number, vocab: number, ids: RowIds): number {
  if (!ids) return argmax(a, base, base + vocab) - base;
  let best = -Infinity;
  let index = ids[0] ?? 0;
  for (const id of ids) if (a[base + id]! > best) [best, index] = [a[base + id]!, id];
  return index;
}

/** Result rows: generated token ids (end token excluded), whether the model ended them, and their scores. */
export interface LeanDecodeResult {
  tokens: number[][];
  finished: boolean[];
  /** Per row: sum of the generated tokens' log-probabilities (end token included) / length^lengthPenalty. */
  scores: number[];
  /** Per row, when asked: the other finished hypotheses of the beam, best first. */
  alternatives?: LeanHypothesis[][];
  /** Per row with constraints: indexes of the constraints the output's tokens do not contain. */
  unmet?: number[][];
  steps: number;
  runtimeMs: number;
}

/** One hypothesis of a beam: its tokens (end token excluded), score and whether the model ended it. */
export interface LeanHypothesis {
  tokens: number[];
  score: number;
  finished: boolean;
}

/**
 * Hands the memory of tensors fr2en is done with back now. onnxruntime-node returns every output
 * of every decoding step (logits, key/value caches: megabytes per step) in a fresh ArrayBuffer,
 * which V8 frees only when a full collection finds it dead; between collections they piled up to
 * ~200 MB per lane, and the collections themselves kept a second core busy. Transferring a buffer
 * detaches it from the tensor, and the short-lived copy that now owns the memory is freed by the
 * next minor collection. Only for buffers nothing else reads any more: the runtime's outputs and
 * fr2en's own copies, never a caller's array.
 */
export function release(...tensors: (OrtTensor | undefined)[]): void {
  for (const t of tensors) {
    const buffer = t?.data?.buffer;
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0 || retained.has(buffer)) continue;
    try {
      structuredClone(buffer, { transfer: [buffer] });
    } catch {
      // not detachable: left to the garbage collector
    }
  }
}

const retained = new WeakSet<ArrayBuffer>();

/**
 * Marks a buffer fr2en reuses from step to step (the projector's logits, the self-attention
 * caches kept in fr2en's own buffers): {@link release} leaves it alone, so that a loop may
 * release a step's outputs without knowing which of them are reused.
 */
export function retain<T extends { buffer: ArrayBufferLike }>(array: T): T {
  if (array.buffer instanceof ArrayBuffer) retained.add(array.buffer);
  return array;
}

/** Key of a step's output holding, with a projector, each row's possibly finite ids (`readonly Int32Array[]`). */
export const ROW_IDS = 'fr2en:rowIds';

/** Names of the decoder's key/value cache inputs. */
export const PAST = /^past_key_values\.(\d+)\.(decoder|encoder)\.(key|value)$/;

/** The encoder's output and a timer over `session.run`, as both decoding loops start. */
export interface EncodedBatch {
  /** The merged decoder session. */
  decoder: OrtSession;
  /** `last_hidden_state` of the encoder, one row per sentence. */
  hidden: OrtTensor;
  /** The input attention mask, one row per sentence. */
  mask: OrtTensor;
  /** Names of the decoder's key/value cache inputs. */
  pastNames: string[];
  /** Shapes of the decoder's inputs, from the graph's metadata (symbolic dimensions as names). */
  inputShapes: Record<string, (number | string)[]>;
  /** Runs a session, adding its time to {@link EncodedBatch.runtimeMs}. */
  timed(session: OrtSession, feeds: Record<string, OrtTensor>, fetches?: string[]): Promise<Record<string, OrtTensor>>;
  /** Milliseconds spent inside `session.run` so far. */
  readonly runtimeMs: number;
  /** See {@link LeanDecodeOptions.projector}. */
  projector: StepProjector | undefined;
  /** The decoder's self-attention caches, carried from step to step. */
  caches: SelfCaches;
  /** The `use_cache_branch` feeds (step 0, later steps), made once. */
  branch: readonly [OrtTensor, OrtTensor];
}

/** One decoding step's inputs besides the batch's encoder states. */
export interface StepInputs {
  /** The last token of every row. */
  lastIds: BigInt64Array;
  step: number;
  /** Encoder states and attention mask, one row per decoder row. */
  hidden: OrtTensor;
  encMask: OrtTensor;
  /** Cross-attention keys/values (from step one on); the self-attention ones are `run.caches`. */
  encoderPast: Record<string, OrtTensor>;
  fetches: string[];
  /** The sentence (index in the call) of every row; read only with a projector. */
  sentences?: readonly number[];
}

/**
 * Runs one step of the merged decoder: empty caches at step 0 (shapes from the graph's
 * metadata), afterwards the encoder's keys/values from step one and the self-attention ones
 * {@link SelfCaches} carries.
 */
export async function decoderStep(Tensor: any, run: EncodedBatch, s: StepInputs): Promise<Record<string, OrtTensor>> {
  const rows = s.lastIds.length;
  const feeds: Record<string, OrtTensor> = {
    input_ids: new Tensor('int64', s.lastIds, [rows, 1]),
    encoder_attention_mask: s.encMask,
    encoder_hidden_states: s.hidden,
    use_cache_branch: run.branch[s.step > 0 ? 1 : 0],
  };
  for (const name of run.pastNames) {
    if (s.step === 0) {
      const shape = symbolic(run.inputShapes[name] ?? [rows, 1, 0, 1], rows);
      feeds[name] = new Tensor('float32', new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
    } else {
      feeds[name] = name.includes('.encoder.') ? s.encoderPast[name] : run.caches.past[name];
    }
  }
  const projector = run.projector;
  const fetches = projector ? s.fetches.map((f) => (f === 'logits' ? projector.output : f)) : s.fetches;
  const out = await run.timed(run.decoder, feeds, fetches);
  if (projector) {
    const projected = await projector.project(out[projector.output], s.sentences ?? [], run.timed);
    out.logits = projected.logits;
    out[ROW_IDS] = projected.rowIds;
  }
  return out;
}

/** Runs the encoder over the padded batch of `o` and returns what the decoding loops need. */
export async function encodeBatch(Tensor: any, sessions: Record<string, OrtSession>, o: LeanDecodeOptions): Promise<EncodedBatch> {
  const decoder = sessions.decoder_model_merged;
  let runtimeMs = 0;
  const timed = async (session: OrtSession, feeds: Record<string, OrtTensor>, fetches?: string[]) => {
    const t = performance.now();
    const out = await (fetches ? session.run(feeds, fetches) : session.run(feeds));
    runtimeMs += performance.now() - t;
    return out;
  };
  const ids = new Tensor('int64', o.inputIds, [o.batch, o.length]);
  const mask = new Tensor('int64', o.attentionMask, [o.batch, o.length]);
  const encoded = await timed(sessions.model, { input_ids: ids, attention_mask: mask });
  const pastNames: string[] = decoder.inputNames.filter((n: string) => PAST.test(n));
  return {
    decoder,
    hidden: encoded.last_hidden_state,
    mask,
    pastNames,
    inputShapes: Object.fromEntries((decoder.inputMetadata ?? []).map((m: { name: string; shape: (number | string)[] }) => [m.name, m.shape])),
    timed,
    projector: o.projector,
    caches: selfCaches(Tensor, decoder, pastNames.filter((n) => !n.includes('.encoder.')), Math.max(0, ...o.maxNew) + 2),
    branch: [new Tensor('bool', Uint8Array.of(0), [1]), new Tensor('bool', Uint8Array.of(1), [1])],
    get runtimeMs() {
      return runtimeMs;
    },
  };
}

/**
 * Rearranges, in place, the rows of a tensor whose first dimension is the batch so that row `i`
 * becomes the old row `source[i]` (`source.length` ≤ the rows), and returns a tensor over the
 * first `source.length` rows. Only rows that change are copied (plus, first, the changing rows
 * that another row still needs), so an identity order or a dropped tail copies nothing. The
 * tensor's buffer must be the caller's (a fresh runtime output or one fr2en made); use
 * {@link takeRows} to grow a batch.
 */
export function gatherRows(Tensor: any, t: OrtTensor, source: readonly number[]): OrtTensor {
  const dims: number[] = t.dims;
  const rowSize = dims.slice(1).reduce((a, b) => a * b, 1);
  const data = t.data;
  const changed = new Set<number>();
  source.forEach((from, i) => {
    if (from !== i) changed.add(i);
  });
  if (changed.size > 0) {
    // rows about to be overwritten that are still the source of another row: keep a copy
    const saved = new Map<number, number>();
    for (const i of changed) {
      const from = source[i]!;
      if (changed.has(from) && !saved.has(from)) saved.set(from, saved.size);
    }
    const temp = saved.size > 0 ? new (data.constructor as any)(saved.size * rowSize) : undefined;
    for (const [row, k] of saved) temp.set(data.subarray(row * rowSize, (row + 1) * rowSize), k * rowSize);
    for (const i of changed) {
      const from = source[i]!;
      const k = saved.get(from);
      const row = k === undefined ? data.subarray(from * rowSize, (from + 1) * rowSize) : temp.subarray(k * rowSize, (k + 1) * rowSize);
      data.set(row, i * rowSize);
    }
  }
  if (source.length === dims[0] && changed.size === 0) return t;
  return new Tensor(t.type, source.length === dims[0] ? data : data.subarray(0, source.length * rowSize), [source.length, ...dims.slice(1)]);
}

/** Copies the rows `keep` of a tensor whose first dimension is the batch into a new tensor. */
export function takeRows(Tensor: any, t: OrtTensor, keep: readonly number[]): OrtTensor {
  const dims: number[] = t.dims;
  const rowSize = dims.slice(1).reduce((a, b) => a * b, 1);
  const data = t.data;
  const out = new (data.constructor as any)(keep.length * rowSize);
  keep.forEach((row, k) => out.set(data.subarray(row * rowSize, (row + 1) * rowSize), k * rowSize));
  return new Tensor(t.type, out, [keep.length, ...dims.slice(1)]);
}

/** A shape with its symbolic dimensions resolved: the batch for the first, 0 (empty cache) for the others. */
export function symbolic(dims: readonly (number | string)[], batch: number): number[] {
  return dims.map((d, i) => (typeof d === 'number' ? d : i === 0 ? batch : 0));
}


const POW2 = Float64Array.from({ length: 1076 }, (_, k) => 2 ** -k);

/**
 * log(Σ exp(a[i])) over `a[start..end)`; `max` may be given when known. -∞ when every entry is -∞.
 * exp is computed as 2^k · 2^f (k an integer from a table, f in (-½, ½] by a degree-7 polynomial,
 * relative error below 1e-10): about 3× faster than `Math.exp` over a 60 000-token vocabulary,
 * which matters because every row of every step pays it for its score.
 */
export function logSumExp(a: Float32Array, start: number, end: number, max?: number): number {
  let m = max ?? -Infinity;
  if (max === undefined) for (let i = start; i < end; i++) if (a[i]! > m) m = a[i]!;
  if (m === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const t = (a[i]! - m) * Math.LOG2E; // <= 0
    if (t > -1074) {
      const k = (t - 0.5) | 0; // t rounded (to within ½), <= 0
      const f = t - k;
      const p =
        1 + f * (0.6931471805599453 + f * (0.2402265069591007 + f * (0.05550410866482158 + f * (0.009618129107628477 +
        f * (0.0013333558146428443 + f * (0.00015403530393381606 + f * 0.000015252733804059841))))));
      sum += p * POW2[-k]!;
    }
  }
  return m + Math.log(sum);
}

/**
 * Hugging Face's `RepetitionPenaltyLogitsProcessor` on `a[base..base+vocab)`, in place: every
 * distinct token of `history` (the row's sequence, decoder start token included, as
 * transformers' `input_ids` of an encoder-decoder hold it) has its value divided by `penalty`
 * when positive and multiplied by it otherwise. transformers applies it to the raw logits in
 * greedy search and to the log-softmax scores in beam search; `offset` is subtracted before and
 * added back after, so that the beam applies it to log-probabilities (`offset` = the row's
 * log-sum-exp) while keeping the buffer in logit space. Returns the tokens' previous values.
 */
export function penalizeRepeats(a: Float32Array, base: number, history: readonly number[], penalty: number, offset = 0): Map<number, number> {
  const previous = new Map<number, number>();
  for (const t of history) {
    if (previous.has(t)) continue;
    const x = a[base + t]!;
    // a masked id (a shortlist's unlisted one) stays masked and is not touched
    if (x === -Infinity) continue;
    previous.set(t, x);
    const v = x - offset;
    a[base + t] = offset + (v < 0 ? v * penalty : v / penalty);
  }
  return previous;
}

/** Tokens that would repeat an n-gram already in `history` (no_repeat_ngram_size). */
export function repeatedNgramBans(history: readonly number[], n: number): number[] {
  if (history.length < n) return [];
  const prefix = history.slice(history.length - n + 1);
  const bans: number[] = [];
  for (let i = 0; i + n <= history.length; i++) {
    let match = true;
    for (let j = 0; j < n - 1; j++) {
      if (history[i + j] !== prefix[j]) {
        match = false;
        break;
      }
    }
    if (match) bans.push(history[i + n - 1]!);
  }
  return bans;
}

/**
 * Index of the largest value in `a[start..end)`, the first one on ties. Four independent
 * lanes let the CPU overlap the comparisons (about twice as fast as one running maximum).
 */
export function argmax(a: Float32Array, start: number, end: number): number {
  let b0 = -Infinity, b1 = -Infinity, b2 = -Infinity, b3 = -Infinity;
  let i0 = start, i1 = start, i2 = start, i3 = start;
  let i = start;
  for (; i + 3 < end; i += 4) {
    const x0 = a[i]!, x1 = a[i + 1]!, x2 = a[i + 2]!, x3 = a[i + 3]!;
    if (x0 > b0) { b0 = x0; i0 = i; }
    if (x1 > b1) { b1 = x1; i1 = i + 1; }
    if (x2 > b2) { b2 = x2; i2 = i + 2; }
    if (x3 > b3) { b3 = x3; i3 = i + 3; }
  }
  let best = b0, index = i0;
  if (b1 > best || (b1 === best && i1 < index)) { best = b1; index = i1; }
  if (b2 > best || (b2 === best && i2 < index)) { best = b2; index = i2; }
  if (b3 > best || (b3 === best && i3 < index)) { best = b3; index = i3; }
  for (; i < end; i++) if (a[i]! > best) { best = a[i]!; index = i; }
  return index;
}

/**
 * The decoder's self-attention keys and values from one step to the next. A step returns the
 * batch's caches (`present.N.decoder.*`) in fresh buffers, the whole past each time, so an
 * article's caches grow as the square of its sentences' lengths (three quarters of the bytes
 * the runtime hands back on opus-mt); a decoder cut by {@link sliceSelfCaches}'s surgery returns
 * only the step's new position (`fr2en_step.N.decoder.*`), and the past is kept here, in two
 * buffers per cache that take turns (one is the step's input while the next is written).
 */
export interface SelfCaches {
  /** The next step's `past_key_values.N.decoder.*` feeds (empty before the first step). */
  readonly past: Record<string, OrtTensor>;
  /** The decoder outputs that carry them forward. */
  readonly outputs: readonly string[];
  /**
   * Takes a step's outputs: row `i` of the next step continues row `source[i]` of this one
   * (rows may repeat, and there may be more of them than before: beam search's first step).
   * Frees the tensors it replaces.
   */
  advance(out: Record<string, OrtTensor>, source: readonly number[]): void;
  /** Frees the caches, and the cache outputs of `out` (a last step the loop does not carry on). */
  dispose(out?: Record<string, OrtTensor>): void;
}

/** Name of a sliced decoder's output holding the step's new keys/values for the cache input `past`. */
export function stepOutputName(past: string): string {
  return past.replace('past_key_values', 'fr2en_step');
}

/**
 * The self-attention caches of `decoder`: kept in fr2en's buffers when the graph returns only the
 * step's position (see {@link SelfCaches}), else carried as the runtime returns them. `maxSteps`
 * sizes the buffers (they grow if a batch runs longer).
 */
export function selfCaches(Tensor: any, decoder: OrtSession, names: readonly string[], maxSteps: number): SelfCaches {
  const sliced = names.length > 0 && ((decoder.outputNames ?? []) as string[]).includes(stepOutputName(names[0]!));
  return sliced ? slicedCaches(Tensor, decoder, names, maxSteps) : presentCaches(Tensor, names);
}

/**
 * Cache buffers a finished batch left for the next one on the same decoder, at most
 * {@link SPARE_BYTES} (a greedy batch of 8 on opus-mt uses ~50 MB; a larger batch or beam search
 * keeps only part of its buffers, so memory held between calls stays bounded).
 */
const spare = new WeakMap<OrtSession, Float32Array[]>();
const SPARE_BYTES = 64 * 2 ** 20;

/** The smallest spare buffer of `decoder` with at least `length` entries, taken from the spares. */
function takeSpare(decoder: OrtSession, length: number): Float32Array | undefined {
  const list = spare.get(decoder) ?? [];
  let best = -1;
  list.forEach((a, i) => {
    if (a.length >= length && (best < 0 || a.length < list[best]!.length)) best = i;
  });
  return best < 0 ? undefined : list.splice(best, 1)[0];
}

function presentCaches(Tensor: any, names: readonly string[]): SelfCaches {
  const present = (n: string) => n.replace('past_key_values', 'present');
  let past: Record<string, OrtTensor> = {};
  return {
    get past() {
      return past;
    },
    outputs: names.map(present),
    advance(out, source) {
      const previous = past;
      past = {};
      for (const name of names) {
        const t = out[present(name)];
        // growing (one row per sentence → its beams) copies; otherwise rows move in place
        if (source.length > t.dims[0]) {
          past[name] = takeRows(Tensor, t, source);
          release(t);
        } else {
          past[name] = gatherRows(Tensor, t, source);
        }
      }
      release(...Object.values(previous));
    },
    dispose(out) {
      release(...Object.values(past), ...(out ? names.map((n) => out[present(n)]) : []));
      past = {};
    },
  };
}

function slicedCaches(Tensor: any, decoder: OrtSession, names: readonly string[], maxSteps: number): SelfCaches {
  let past: Record<string, OrtTensor> = {};
  let length = 0; // positions in the past
  let turn = 0;
  const buffers = new Map<string, [Float32Array, Float32Array]>(names.map((n) => [n, [new Float32Array(0), new Float32Array(0)]]));
  const drop = (a: Float32Array) => {
    retained.delete(a.buffer as ArrayBuffer);
    release({ data: a });
  };
  return {
    get past() {
      return past;
    },
    outputs: names.map(stepOutputName),
    advance(out, source) {
      const next: Record<string, OrtTensor> = {};
      for (const name of names) {
        const slice = out[stepOutputName(name)];
        const [, heads, , width] = slice.dims as number[];
        const pair = buffers.get(name)!;
        const need = source.length * heads! * (length + 1) * width!;
        if (pair[turn]!.length < need) {
          // doubling (the buffer is written whole every step, so growing copies nothing), up to the batch's longest cap
          const positions = Math.max(length + 1, Math.min(maxSteps, Math.max(16, 2 * (length + 1))));
          drop(pair[turn]!);
          pair[turn] = takeSpare(decoder, need) ?? retain(new Float32Array(source.length * heads! * positions * width!));
        }
        appendPosition(pair[turn]!, pair[1 - turn]!, slice.data, source, heads! * width!, length, width!);
        release(slice);
        next[name] = new Tensor('float32', pair[turn]!.subarray(0, need), [source.length, heads, length + 1, width]);
      }
      past = next;
      length++;
      turn = 1 - turn;
    },
    dispose(out) {
      // the largest buffers are kept for the next batch, up to the bound; the others are freed
      const all = [...buffers.values()].flat().concat(spare.get(decoder) ?? []).sort((a, b) => b.length - a.length);
      const kept: Float32Array[] = [];
      let bytes = 0;
      for (const a of all) {
        if (a.length > 0 && bytes + a.byteLength <= SPARE_BYTES) {
          kept.push(a);
          bytes += a.byteLength;
        } else {
          drop(a);
        }
      }
      spare.set(decoder, kept);
      for (const name of names) buffers.set(name, [new Float32Array(0), new Float32Array(0)]);
      if (out) release(...names.map((n) => out[stepOutputName(n)]));
      past = {};
    },
  };
}

/**
 * Writes `[rows, heads, length + 1, width]` into `into`: row `i` is the past of row `source[i]`
 * (`[*, heads, length, width]` in `from`) with that row's new position (`[*, heads, 1, width]`
 * in `slice`) appended. Every value is copied as is, so the caches equal the runtime's own.
 */
function appendPosition(into: Float32Array, from: Float32Array, slice: Float32Array, source: readonly number[], rowWidth: number, length: number, width: number): void {
  const heads = rowWidth / width;
  for (let i = 0; i < source.length; i++) {
    const r = source[i]!;
    for (let h = 0; h < heads; h++) {
      const to = (i * heads + h) * (length + 1) * width;
      if (length > 0) {
        const at = (r * heads + h) * length * width;
        into.set(from.subarray(at, at + length * width), to);
      }
      const at = (r * heads + h) * width;
      into.set(slice.subarray(at, at + width), to + length * width);
    }
  }
}
