/**
 * fr2en's lean decoding loop for decoder-only (causal) language models over their one ONNX
 * session (`input_ids`, `attention_mask`, `position_ids`, `past_key_values.N.key|value` →
 * `logits`, `present.N.key|value`): one row at a time, greedy, the prompt fed in chunks so that
 * the prompt's logits never take more than {@link PREFILL_CHUNK} × vocabulary floats, the cache
 * bounded by prompt + new tokens. Checks the signal before every forward pass.
 */
import { AbortError } from '../../../errors.js';
import { argmax, logSumExp, repeatedNgramBans, type OrtSession, type OrtTensor } from '../ops.js';

/** Prompt tokens fed per forward pass (bounds the prompt's `[chunk, vocab]` logits: ~78 MB for Qwen's 151 936 tokens). */
export const PREFILL_CHUNK = 128;

const CACHE = /^past_key_values\.(\d+)\.(key|value)$/;

/** True when the session has exactly the inputs and outputs this loop drives. */
export function supportsCausalDecoding(session: OrtSession | undefined): boolean {
  const inputs: string[] = session?.inputNames ?? [];
  const outputs: string[] = session?.outputNames ?? [];
  return (
    inputs.includes('input_ids') &&
    inputs.includes('attention_mask') &&
    inputs.every((n) => CACHE.test(n) || ['input_ids', 'attention_mask', 'position_ids'].includes(n)) &&
    outputs.includes('logits')
  );
}

/** One row's generation settings. */
export interface CausalRowOptions {
  prompt: readonly number[];
  maxNew: number;
  minNew: number;
  eos: readonly number[];
  noRepeatNgram: number;
  lengthPenalty: number;
  /** Cache shape: `[1, kvHeads, past, headDim]`. */
  kvHeads: number;
  headDim: number;
  signal: AbortSignal | undefined;
  /** Called after every generated token with the row's tokens so far; returning true ends the row (a stop string). */
  onToken?: (tokens: readonly number[]) => boolean;
  /** Called after every forward pass. */
  onStep?: () => void;
}

/** One row's result. */
export interface CausalRowResult {
  tokens: number[];
  finished: boolean;
  score: number;
  steps: number;
  runtimeMs: number;
}

/** Greedy decoding of one prompt. */
export async function causalDecodeRow(Tensor: any, session: OrtSession, o: CausalRowOptions): Promise<CausalRowResult> {
  const pastNames: string[] = (session.inputNames as string[]).filter((n) => CACHE.test(n));
  const types: Record<string, string> = {};
  for (const m of session.inputMetadata ?? []) types[m.name] = m.type;
  const wantsPositions = (session.inputNames as string[]).includes('position_ids');
  const eos = new Set(o.eos);
  const int64 = (values: number[], dims: number[]) => new Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
  let past: Record<string, OrtTensor> = {};
  for (const name of pastNames) {
    const type = types[name] === 'float16' ? 'float16' : 'float32';
    past[name] = new Tensor(type, type === 'float16' ? new Uint16Array(0) : new Float32Array(0), [1, o.kvHeads, 0, o.headDim]);
  }
  let runtimeMs = 0;
  let steps = 0;
  let seen = 0; // tokens already in the cache
  async function forward(ids: readonly number[]): Promise<{ logits: Float32Array<ArrayBufferLike>; base: number; vocab: number }> {
    if (o.signal?.aborted) throw new AbortError(undefined, { cause: o.signal.reason });
    const feeds: Record<string, OrtTensor> = {
      input_ids: int64([...ids], [1, ids.length]),
      attention_mask: int64(new Array<number>(seen + ids.length).fill(1), [1, seen + ids.length]),
      ...past,
    };
    if (wantsPositions) feeds.position_ids = int64(Array.from(ids, (_, k) => seen + k), [1, ids.length]);
    const started = performance.now();
    const out = await session.run(feeds);
    runtimeMs += performance.now() - started;
    steps++;
    o.onStep?.();
    const next: Record<string, OrtTensor> = {};
    for (const name of pastNames) next[name] = out[name.replace('past_key_values', 'present')];
    past = next;
    seen += ids.length;
    const dims: number[] = out.logits.dims;
    const vocab = dims.at(-1)!;
    return { logits: out.logits.data as Float32Array, base: (dims[1]! - 1) * vocab, vocab };
  }

  // the prompt, in chunks: only the last position's logits are kept
  let step: { logits: Float32Array<ArrayBufferLike>; base: number; vocab: number } = { logits: new Float32Array(0), base: 0, vocab: 0 };
  for (let start = 0; start < o.prompt.length; start += PREFILL_CHUNK) step = await forward(o.prompt.slice(start, start + PREFILL_CHUNK));
  const tokens: number[] = [];
  let sum = 0;
  let finished = false;
  for (;;) {
    const { logits, base, vocab } = step;
    const lse = logSumExp(logits, base, base + vocab);
    if (tokens.length < o.minNew) for (const e of o.eos) logits[base + e] = -Infinity;
    if (o.noRepeatNgram > 0) for (const t of repeatedNgramBans(tokens, o.noRepeatNgram)) logits[base + t] = -Infinity;
    const choice = argmax(logits, base, base + vocab) - base;
    sum += logits[base + choice]! - lse;
    if (eos.has(choice)) {
      finished = true;
      break;
    }
    tokens.push(choice);
    if (o.onToken?.(tokens)) {
      finished = true;
      break;
    }
    if (tokens.length >= o.maxNew) break;
    step = await forward([choice]);
  }
  const score = sum / Math.max(1, tokens.length + (finished ? 1 : 0)) ** o.lengthPenalty;
  return { tokens, finished, score: Math.min(0, score), steps, runtimeMs };
}
