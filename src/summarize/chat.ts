/**
 * Abstractive summaries by an instruction-following chat model (`BackendModelInfo.chat`): the
 * type/length prompt of `prompt.ts` with the article (any language in, English out), map-reduce
 * with partial-summary prompts when the prompt would not fit the model's context, the final
 * text streamed, then checked against the type (`postcheck.ts`).
 */
import type { BackendGenerateResult, BackendModelInfo } from '../backend/spec.js';
import { emit, type ProgressCallback } from '../progress.js';
import { segment } from '../segment/index.js';
import { packToLimit } from '../text/budget.js';
import type { Warning } from '../warnings.js';
import { formatSummary, summaryPlan, type SummaryFormat, type SummaryLength, type SummaryType } from './options.js';
import { checkSummary } from './postcheck.js';
import { buildPartialPrompt, buildSummaryPrompt } from './prompt.js';

/** What the chat path needs from the summarizer. */
export interface ChatSummaryCall {
  text: string;
  info: BackendModelInfo;
  type: SummaryType;
  length: SummaryLength;
  format: SummaryFormat;
  sharedContext: string | undefined;
  context: string | undefined;
  /** Cap on the final pass's tokens. @default the type/length table's */
  maxNewTokens: number | undefined;
  mapBatchSize: number;
  warnings: Warning[];
  onProgress: ProgressCallback | undefined;
  onText: ((delta: string) => void) | undefined;
  /** Runs the backend (locked, abort-checked, warnings collected). */
  generate(inputs: string[], maxNewTokens: number, onText?: (chunk: { row: number; text: string }) => void): Promise<BackendGenerateResult>;
  count(texts: readonly string[]): Promise<number[]>;
}

/** Tokens kept free for the partial prompt's numbers ("part 12 of 14") and template differences. */
const MARGIN = 8;

const sentencesOf = (text: string) => segment(text).map((s) => s.text.replace(/\s+/gu, ' '));

/** Summarises with a chat model; returns the rendered summary, the map chunks and the final score. */
export async function summarizeWithChat(c: ChatSummaryCall): Promise<{ summary: string; chunks: number; score?: number; finished: boolean }> {
  const plan = summaryPlan(c.type, c.length);
  const context = c.info.maxInputTokens;
  const finalCap = Math.max(1, Math.min(c.maxNewTokens ?? plan.maxNewTokens, context - 16));
  const partialCap = Math.max(16, Math.min(142, Math.floor(context / 4)));
  const prompt = (text: string) => buildSummaryPrompt(text, c);
  const fits = async (text: string) => (await c.count([prompt(text)]))[0]! + finalCap <= context;

  let text = c.text.trim();
  let firstChunks = 1;
  let rounds = 0;
  while (!(await fits(text))) {
    const sentences = sentencesOf(text);
    const chunks = await packToLimit(sentences, context - partialCap - MARGIN, (t) => c.count(t.map((s) => buildPartialPrompt(s, { index: 0, total: 1 }))));
    if (rounds === 0) firstChunks = chunks.length;
    rounds++;
    const partial: string[] = [];
    for (let i = 0; i < chunks.length; i += c.mapBatchSize) {
      const group = chunks.slice(i, i + c.mapBatchSize);
      const result = await c.generate(group.map((chunk, k) => buildPartialPrompt(chunk, { index: i + k, total: chunks.length })), partialCap);
      partial.push(...result.outputs.map((o) => checkSummary(o.text, 'tldr', 'long').parts.join(' ')));
      emit(c.onProgress, { type: 'summary', done: partial.length, total: chunks.length });
    }
    const next = partial.join(' ');
    const [before, after] = await c.count([text, next]);
    if (after! >= before! || rounds >= 4) {
      // the partial summaries did not get shorter: keep the head that fits
      const head = await packToLimit(sentencesOf(next), context - finalCap - (await c.count([prompt('')]))[0]! - MARGIN, c.count);
      text = head[0] ?? '';
      c.warnings.push({ code: 'summary-chunked', message: 'Partial summaries did not get shorter; only the first chunk of them was summarised.' });
      break;
    }
    text = next;
  }
  if (rounds > 0) {
    c.warnings.unshift({
      code: 'summary-chunked',
      message: `The prompt exceeds the model's context of ${context} tokens: the text was summarised in ${firstChunks} parts, then the partial summaries were summarised (${rounds} round${rounds === 1 ? '' : 's'}).`,
    });
  }
  const result = await c.generate([prompt(text)], finalCap, c.onText ? (chunk) => c.onText!(chunk.text) : undefined);
  const out = result.outputs[0]!;
  const checked = checkSummary(out.text, c.type, c.length);
  if (checked.repairs.length > 0) {
    c.warnings.push({ code: 'summary-repaired', message: `The model's ${c.type} summary did not fit its type: ${checked.repairs.join('; ')}.` });
  }
  emit(c.onProgress, { type: 'summary', done: firstChunks, total: firstChunks });
  return {
    summary: formatSummary(checked.parts, c.type, c.format, plan.maxWords),
    chunks: rounds > 0 ? firstChunks : 1,
    finished: out.finished,
    ...(out.score !== undefined ? { score: out.score } : {}),
  };
}
