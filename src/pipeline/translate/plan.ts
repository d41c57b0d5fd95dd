/**
 * The translation planner, pure apart from the token counter it is given: it cuts a document
 * into windows, turns each window's sentences into pieces under the model's input limit,
 * gives each piece its generation budget and groups the pieces into batches. A fake counter
 * tests it without a model.
 */
import { splitToLimit, type TokenCounter } from '../../text/budget.js';
import type { Warning } from '../../warnings.js';
import { scheduleBatches } from '../schedule.js';
import type { TokenBudget } from './types.js';

/** What planning needs to know. */
export interface PlanSettings {
  /** The model's input limit in tokens; longer sentences are split. */
  limit: number;
  /** The model's output limit (less the special tokens): no budget goes above it. */
  outCap: number;
  /** Most pieces per batch. */
  batchSize: number;
  /** Most padded tokens per batch. */
  maxBatchTokens: number;
  /** Cap on generated tokens per piece. @default (n) => 1.5 × n + 10 */
  maxNewTokens?: TokenBudget | undefined;
  /** Generated tokens before the model may stop. @default 0 */
  minNewTokens?: TokenBudget | undefined;
}

/** What the model sees: a sentence, or one piece of a sentence over the limit. */
export interface Piece {
  /** Index of its sentence in the document. */
  unit: number;
  text: string;
  /** Source tokens. */
  tokens: number;
  /** Generation budget. */
  maxNewTokens: number;
  minNewTokens: number;
}

/** The plan of one window of sentences `[from, to)`. */
export interface WindowPlan {
  from: number;
  to: number;
  pieces: Piece[];
  /** For each sentence of the window (index − `from`): its pieces' indices (none for a blank item). */
  piecesOf: number[][];
  /** Batches as lists of piece indices, in the order to run them. */
  batches: number[][];
  /** `sentence-split` warnings, by sentence. */
  warnings: Map<number, Warning[]>;
  /** Source tokens of all pieces. */
  inputTokens: number;
  /** Padded token slots the batches take (inputTokens when nothing is padded). */
  paddedSlots: number;
}

/** Windows of at least 64 sentences and at least 4 batches' worth: long inputs are planned window by window. */
export function planWindows(total: number, batchSize: number): Array<[from: number, to: number]> {
  const size = Math.max(64, batchSize * 4);
  const windows: Array<[number, number]> = [];
  for (let from = 0; from < total; from += size) windows.push([from, Math.min(total, from + size)]);
  return windows;
}

/** A budget's value for a piece of `n` source tokens, rounded, at least 0; `fallback` when unset or not finite. */
export function resolveBudget(budget: TokenBudget | undefined, n: number, fallback: number): number {
  const value = budget === undefined ? fallback : typeof budget === 'function' ? budget(n) : budget;
  return Math.max(0, Math.round(Number.isFinite(value) ? value : fallback));
}

/** Tokenises, splits and schedules the sentences `sources[from..to)`. */
export async function planWindow(
  sources: readonly string[],
  from: number,
  to: number,
  settings: PlanSettings,
  count: TokenCounter,
): Promise<WindowPlan> {
  const { limit, outCap } = settings;
  const pieces: Piece[] = [];
  const piecesOf: number[][] = [];
  const warnings = new Map<number, Warning[]>();
  const counts = await count(sources.slice(from, to));
  for (let i = from; i < to; i++) {
    const own: number[] = [];
    piecesOf.push(own);
    const source = sources[i]!;
    if (source.trim().length === 0) continue; // a blank array item: nothing to translate
    const n = counts[i - from]!;
    const parts = n > limit ? await splitToLimit(source, limit, count) : [source];
    const partCounts = parts.length > 1 ? await count(parts) : [n];
    if (parts.length > 1) {
      warnings.set(i, [
        {
          code: 'sentence-split',
          message: `A sentence of ${n} tokens, over the model's limit of ${limit}, was translated in ${parts.length} pieces.`,
          sentence: i,
        },
      ]);
    }
    for (const [k, text] of parts.entries()) {
      const tokens = partCounts[k]!;
      const maxNewTokens = Math.max(1, Math.min(outCap, resolveBudget(settings.maxNewTokens, tokens, 1.5 * tokens + 10)));
      const minNewTokens = Math.min(maxNewTokens, resolveBudget(settings.minNewTokens, tokens, 0));
      own.push(pieces.length);
      pieces.push({ unit: i, text, tokens, maxNewTokens, minNewTokens });
    }
  }
  const schedule = scheduleBatches(
    pieces.map((p) => p.tokens),
    { batchSize: settings.batchSize, maxBatchTokens: settings.maxBatchTokens },
  );
  const inputTokens = pieces.reduce((a, p) => a + p.tokens, 0);
  const paddedSlots = schedule.paddingRatio < 1 ? inputTokens / (1 - schedule.paddingRatio) : inputTokens;
  return { from, to, pieces, piecesOf, batches: schedule.batches, warnings, inputTokens, paddedSlots };
}
