/**
 * The backend interface: the one thing a model backend implements.
 *
 * A backend runs one text-to-text (sequence-to-sequence) model: a translation model
 * (French → English) or a summarisation model. fr2en's pipeline does everything else:
 * segmentation, splitting over-long sentences, batching, ordering, warnings, progress.
 *
 * Methods are prefixed `do…` so that users stay on the high-level API
 * (`translate`, `summarize`, `digest`); only fr2en calls them.
 *
 * The interface is versioned: `specificationVersion` is a literal, and fr2en refuses a
 * backend whose version it does not know (see `resolveBackend`).
 */

import type { ProgressCallback } from '../progress.js';
import type { Warning } from '../warnings.js';

/** Facts about the loaded model that the pipeline needs. */
export interface BackendModelInfo {
  /** Model id or folder, as it should be reported in results. */
  modelId: string;
  /** Largest input, in tokens including special tokens, the model accepts. */
  maxInputTokens: number;
  /** Largest output, in tokens, the model can produce. */
  maxOutputTokens: number;
  /** Weights' data type actually loaded, e.g. `fp32` or `q8`. */
  dtype: string;
  /**
   * The vocabulary shortlist file the decoder's output layer is restricted to, when one is in use
   * (see the transformers backend's `shortlist` setting). Optional: most backends have none.
   */
  shortlist?: string;
  /**
   * SHA-256 (lowercase hex) of the shortlist file's bytes as loaded: what identifies the list in
   * the translation cache's keys, wherever the file lies. Optional: without it the path is used.
   */
  shortlistSha256?: string;
  /**
   * Problems with the model found while loading (e.g. `tokenizer-unk-mismatch`); fr2en reports
   * them once in every result that used the model. Optional: a backend may have none.
   */
  warnings?: Warning[];
  /**
   * True for an instruction-following chat model (a decoder-only language model): each input is
   * a user message, which the backend wraps in the model's chat template, and fr2en's summarizer
   * sends it instructions (type, length, English output) with the article instead of the bare
   * text. Such a model reads French, so `digest` summarises the French directly. Optional: absent
   * means a text-to-text (seq2seq) model.
   */
  chat?: boolean;
}

/** Options of one {@link BackendV1.doGenerate} call. */
export interface BackendGenerateOptions {
  /** Input texts, one output per input, in the same order. */
  inputs: readonly string[];
  /** Cap on generated tokens, one per input (same length as `inputs`). */
  maxNewTokens: readonly number[];
  /**
   * Minimum generated tokens before the end token is allowed, one per input (same length as `inputs`);
   * each at most its row's `maxNewTokens`. @default the model's own minimum (`min_length`), else 0
   */
  minNewTokens?: readonly number[];
  /** Forbid repeating n-grams of this size (Hugging Face's `NoRepeatNGramLogitsProcessor`). @default the model's `no_repeat_ngram_size`, else 0 (off) */
  noRepeatNgramSize?: number;
  /**
   * Penalise tokens already in the row's output (Hugging Face's `RepetitionPenaltyLogitsProcessor`:
   * a positive logit is divided by it, a negative one multiplied). 1 is off.
   * @default the model's `repetition_penalty`, else 1
   */
  repetitionPenalty?: number;
  /**
   * Lexical constraints, one list per input (same length as `inputs` when given): each string must
   * appear verbatim in that row's output, placed where the model scores it best (constrained beam
   * search); the backend tokenises them with the model's target vocabulary. A constraint the search
   * could not place is reported in the output's `unmetConstraints`. Optional: a backend that cannot
   * honour constraints reports an `option-ignored` warning.
   */
  constraints?: readonly (readonly string[])[];
  /**
   * Other finished hypotheses to return per input, best first (the beam's n-best list), in the
   * output's `alternatives`. Needs `beams` > n; a backend that cannot returns none. @default 0
   */
  alternatives?: number;
  /**
   * Beams per input: 1 is greedy decoding (fastest), more runs beam search.
   * @default the model's `num_beams` (generation_config.json), else 1
   */
  beams?: number;
  /**
   * Beam search ranks a hypothesis by `sum of log-probabilities / length^lengthPenalty`:
   * above 0 favours longer outputs, below 0 shorter ones.
   * @default the model's `length_penalty`, else 1
   */
  lengthPenalty?: number;
  /**
   * When beam search stops an input: `true` as soon as `beams` hypotheses are finished,
   * `false` when no open beam can beat them at its current length (a heuristic), `'never'`
   * when none can at the longest possible length (exact bound). Hugging Face's `early_stopping`.
   * @default the model's `early_stopping`, else false
   */
  earlyStopping?: boolean | 'never';
  /** Stops generation within one decoding step; the call then rejects with `AbortError`. */
  signal?: AbortSignal;
  /** Called after every decoding step with the number of rows still decoding. */
  onStep?: (step: { step: number; activeRows: number }) => void;
  /**
   * Receives each row's generated text as it grows, as deltas in order (their concatenation is
   * the row's final `text`). Optional: a backend that cannot stream never calls it.
   */
  onText?: (chunk: { row: number; text: string }) => void;
}

/** One generated output. */
export interface BackendOutput {
  /** Decoded text, special tokens removed, spacing kept as the model produced it. */
  text: string;
  /** Tokens generated (the end token excluded). */
  tokens: number;
  /** False when the row hit its `maxNewTokens` cap before the model ended it. */
  finished: boolean;
  /**
   * What the search maximised: the sum of the generated tokens' log-probabilities (end token
   * included when the model ended the output) divided by length^lengthPenalty. At most 0; higher
   * is more probable. Optional: a backend that cannot tell leaves it out.
   */
  score?: number;
  /** Other hypotheses of the beam, best first, when `alternatives` was asked (never the output itself). */
  alternatives?: { text: string; score: number; tokens: number }[];
  /** Indexes (into the row's `constraints`) of the constraints the output does not contain. */
  unmetConstraints?: number[];
}

/** Result of one {@link BackendV1.doGenerate} call. */
export interface BackendGenerateResult {
  outputs: BackendOutput[];
  /** Decoding steps run (the longest row's length); for diagnostics and benchmarks. */
  steps: number;
  /** Milliseconds spent inside the runtime's forward passes, when the backend can tell. */
  runtimeMs?: number;
  /**
   * Non-fatal problems of this call, e.g. `option-ignored` when the backend cannot honour an
   * option (beam search asked of a greedy-only decoder). fr2en passes them on in its results,
   * once per result. Optional: a backend may have none.
   */
  warnings?: Warning[];
}

/**
 * A model backend, version 1. Implement this to plug another runtime into fr2en
 * (see `examples/custom-backend.ts`), and check it with `testBackend()` from `fr2en/testing`.
 *
 * Rules every backend keeps (the contract suite checks them): one output per input, in order;
 * an empty `inputs` gives an empty `outputs`; `finished` is false exactly when a row stopped at
 * its `maxNewTokens`; `signal` stops a call within one decoding step with fr2en's `AbortError`;
 * a failed `doLoad` can be retried; after `doDispose` every method rejects with `DisposedError`.
 */
export interface BackendV1 {
  /** Always the literal `'v1'`. */
  readonly specificationVersion: 'v1';
  /** Backend name, e.g. `'transformers.js'`. */
  readonly provider: string;
  /** The model id or folder this backend runs. */
  readonly modelId: string;
  /**
   * Loads the model. fr2en calls it once and memoises it; it must be safe to call again
   * after a failure (a retry).
   */
  doLoad(options: { signal?: AbortSignal; onProgress?: ProgressCallback }): Promise<BackendModelInfo>;
  /** Number of input tokens of each text, special tokens included. */
  doCountTokens(texts: readonly string[]): Promise<number[]>;
  /** Generates one output per input. */
  doGenerate(options: BackendGenerateOptions): Promise<BackendGenerateResult>;
  /** Frees the model. Later calls may reject. */
  doDispose(): Promise<void>;
}

/** Any backend version fr2en accepts. */
export type Backend = BackendV1;
