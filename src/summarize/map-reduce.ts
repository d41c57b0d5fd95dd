/**
 * The one map-reduce of abstractive summaries: while the text does not fit the model, cut it into
 * chunks under the limit, summarise each (the map pass, batched), join the partial summaries and
 * try again; stop when they no longer get shorter. What differs between a seq2seq summariser
 * (it reads the text itself) and a chat model (it reads the text inside a prompt) is a
 * {@link MapReduceStrategy}: how fit is measured, how chunks are cut and prompted, how a partial
 * summary is cleaned.
 */
import type { BackendGenerateResult, BackendModelInfo } from '../backend/spec.js';
import { emit, type ProgressCallback } from '../progress.js';
import { segment } from '../segment/index.js';
import { packToLimit, type TokenCounter } from '../text/budget.js';
import type { Warning } from '../warnings.js';
import { checkSummary } from './postcheck.js';
import { buildPartialPrompt } from './prompt.js';

/** Runs the backend on a batch of inputs (locked, abort-checked, warnings collected by the caller). */
export type Generate = (
  inputs: string[],
  maxNewTokens: number,
  minNewTokens: number,
  onText?: (chunk: { row: number; text: string }) => void,
) => Promise<BackendGenerateResult>;

/** How one kind of model takes part in the map-reduce. */
export interface MapReduceStrategy {
  /** True when `text` can go to the final pass as it is. */
  fits(text: string): Promise<boolean>;
  /** Cuts a text that does not fit into map chunks, in order, each under the limit. */
  chunk(text: string): Promise<string[]>;
  /** The model input of chunk `index` of `total`. */
  mapInput(chunk: string, index: number, total: number): string;
  /** Token cap and minimum of a partial summary. */
  readonly mapTokens: { max: number; min: number };
  /** Cleans a partial summary before it is joined with the others. */
  partial(output: string): string;
  /** The final pass's input made of a text that fits. */
  final(text: string): Promise<string>;
  /** The part of the (not shrinking) partial summaries kept for the final pass. */
  head(text: string): Promise<string>;
  /** Rounds after which the map-reduce stops even when partial summaries still shrink. */
  readonly maxRounds: number;
  /** The `summary-chunked` message when the text was chunked. */
  chunkedMessage(chunks: number, rounds: number): string;
}

/** What {@link mapReduce} gives to the final pass. */
export interface Reduced {
  /** The final pass's input (it fits). */
  text: string;
  /** Chunks of the first map pass (1 when the text fit, 0 for an empty text). */
  chunks: number;
}

/** Options of {@link mapReduce}. */
export interface MapReduceOptions {
  strategy: MapReduceStrategy;
  generate: Generate;
  count: TokenCounter;
  /** Chunks summarised in one model call. */
  batchSize: number;
  /** Receives `summary-chunked` warnings. */
  warnings: Warning[];
  onProgress: ProgressCallback | undefined;
}

/** Sentences of a text, white space collapsed (chunking, bullets and sentence caps). */
export const sentencesOf = (text: string): string[] => segment(text).map((s) => s.text.replace(/\s+/gu, ' '));

/** The map pass: every chunk summarised, in order, `batchSize` chunks per model call. */
async function mapPass(chunks: readonly string[], o: MapReduceOptions): Promise<string[]> {
  const { strategy } = o;
  const partial: string[] = [];
  for (let i = 0; i < chunks.length; i += o.batchSize) {
    const group = chunks.slice(i, i + o.batchSize);
    const result = await o.generate(
      group.map((chunk, k) => strategy.mapInput(chunk, i + k, chunks.length)),
      strategy.mapTokens.max,
      strategy.mapTokens.min,
    );
    partial.push(...result.outputs.map((out) => strategy.partial(out.text)));
    emit(o.onProgress, { type: 'summary', done: partial.length, total: chunks.length });
  }
  return partial;
}

/** Reduces `text` until it fits the final pass; warns (`summary-chunked`) when it had to. */
export async function mapReduce(text: string, o: MapReduceOptions): Promise<Reduced> {
  const { strategy } = o;
  let firstChunks = text.trim().length === 0 ? 0 : 1;
  let rounds = 0;
  while (!(await strategy.fits(text))) {
    const chunks = await strategy.chunk(text);
    if (rounds === 0) firstChunks = chunks.length;
    rounds++;
    const next = (await mapPass(chunks, o)).join(' ');
    const [before, after] = await o.count([text, next]);
    if (after! >= before! || rounds >= strategy.maxRounds) {
      // the partial summaries did not get shorter: keep the head that fits
      text = await strategy.head(next);
      o.warnings.push({ code: 'summary-chunked', message: 'Partial summaries did not get shorter; only the first chunk of them was summarised.' });
      break;
    }
    text = next;
  }
  if (rounds > 0) o.warnings.unshift({ code: 'summary-chunked', message: strategy.chunkedMessage(firstChunks, rounds) });
  return { text: await strategy.final(text), chunks: firstChunks };
}

const roundsText = (rounds: number) => `${rounds} round${rounds === 1 ? '' : 's'}`;

/** Map-pass cap of a seq2seq partial summary (distilbart's own default length). */
const SEQ2SEQ_PARTIAL = { max: 142, min: 24 } as const;

/** A seq2seq summariser reads the text itself, up to its input limit. */
export function seq2seqStrategy(info: BackendModelInfo, count: TokenCounter): MapReduceStrategy {
  const limit = info.maxInputTokens;
  const pack = (text: string) => packToLimit(sentencesOf(text), limit, count);
  return {
    fits: async (text) => (await pack(text)).length <= 1,
    chunk: pack,
    mapInput: (chunk) => chunk,
    mapTokens: SEQ2SEQ_PARTIAL,
    partial: (output) => sentencesOf(output).join(' '),
    final: async (text) => (await pack(text))[0] ?? '',
    head: async (text) => (await pack(text))[0] ?? '',
    maxRounds: Number.POSITIVE_INFINITY,
    chunkedMessage: (chunks, rounds) =>
      `The text exceeds the model's limit of ${limit} tokens: it was summarised in ${chunks} chunks, then the partial summaries were summarised (${roundsText(rounds)}).`,
  };
}

/** Tokens kept free for the partial prompt's numbers ("part 12 of 14") and template differences. */
const MARGIN = 8;

/** A chat model reads the text inside the summary prompt, which must leave room for the answer. */
export function chatStrategy(
  info: BackendModelInfo,
  count: TokenCounter,
  prompt: (text: string) => string,
  finalCap: number,
): MapReduceStrategy {
  const context = info.maxInputTokens;
  const partialCap = Math.max(16, Math.min(142, Math.floor(context / 4)));
  return {
    fits: async (text) => (await count([prompt(text)]))[0]! + finalCap <= context,
    chunk: (text) => packToLimit(sentencesOf(text), context - partialCap - MARGIN, (t) => count(t.map((s) => buildPartialPrompt(s, { index: 0, total: 1 })))),
    mapInput: (chunk, index, total) => buildPartialPrompt(chunk, { index, total }),
    mapTokens: { max: partialCap, min: 0 },
    partial: (output) => checkSummary(output, 'tldr', 'long').parts.join(' '),
    final: async (text) => text,
    head: async (text) => {
      const room = context - finalCap - (await count([prompt('')]))[0]! - MARGIN;
      return (await packToLimit(sentencesOf(text), room, count))[0] ?? '';
    },
    maxRounds: 4,
    chunkedMessage: (chunks, rounds) =>
      `The prompt exceeds the model's context of ${context} tokens: the text was summarised in ${chunks} parts, then the partial summaries were summarised (${roundsText(rounds)}).`,
  };
}
