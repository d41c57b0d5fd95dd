/**
 * Abstractive summaries by a model, in two steps: the map-reduce (`map-reduce.ts`) brings the text
 * under the model's limit, then the final pass writes the summary. A seq2seq summariser reads the
 * (English) text itself; a chat model (`BackendModelInfo.chat`) reads it inside the type/length
 * prompt of `prompt.ts` (any language in, English out), streams its text, and its answer is
 * checked against the type (`postcheck.ts`).
 */
import type { BackendModelInfo } from '../backend/spec.js';
import { emit } from '../progress.js';
import type { TokenCounter } from '../text/budget.js';
import type { Warning } from '../warnings.js';
import type { ResolvedCall } from './call.js';
import { chatStrategy, mapReduce, seq2seqStrategy, sentencesOf, type Generate, type MapReduceStrategy } from './map-reduce.js';
import { formatSummary, summaryPlan } from './options.js';
import { checkSummary } from './postcheck.js';
import { buildSummaryPrompt } from './prompt.js';

/** What an abstractive summary needs from its summarizer. */
export interface AbstractiveJob {
  text: string;
  info: BackendModelInfo;
  call: ResolvedCall;
  /** Background shared by every call of the summarizer (chat models). */
  sharedContext: string | undefined;
  mapBatchSize: number;
  generate: Generate;
  count: TokenCounter;
  /** Receives the summary's warnings. */
  warnings: Warning[];
}

/** What the final pass wrote. */
export interface Written {
  /** Formatted per type and format. */
  summary: string;
  /** Chunks of the first map pass. */
  chunks: number;
  /** The final pass's score, when the backend reports it. */
  score?: number;
}

/** Map-reduce, then the final pass; `final` writes the summary from the reduced text. */
async function reduceThenWrite(
  job: AbstractiveJob,
  strategy: MapReduceStrategy,
  final: (text: string) => Promise<Omit<Written, 'chunks'>>,
): Promise<Written> {
  const reduced = await mapReduce(job.text, {
    strategy,
    generate: job.generate,
    count: job.count,
    batchSize: job.mapBatchSize,
    warnings: job.warnings,
    onProgress: job.call.onProgress,
  });
  const written = await final(reduced.text);
  emit(job.call.onProgress, { type: 'summary', done: reduced.chunks, total: reduced.chunks });
  return { ...written, chunks: reduced.chunks };
}

/** A seq2seq summary: the model's text cut to the plan's sentences. */
export function seq2seqSummary(job: AbstractiveJob): Promise<Written> {
  const { call } = job;
  const plan = summaryPlan(call.type, call.length);
  const maxNewTokens = call.generation.maxNewTokens ?? plan.maxNewTokens;
  return reduceThenWrite(job, seq2seqStrategy(job.info, job.count), async (input) => {
    const out = (await job.generate([input], maxNewTokens, call.generation.minNewTokens ?? plan.minNewTokens)).outputs[0]!;
    if (!out.finished) {
      job.warnings.push({ code: 'output-truncated', message: `The summary reached its cap of ${maxNewTokens} tokens before the model ended it.` });
    }
    const picked = sentencesOf(out.text).slice(0, plan.maxSentences);
    return { summary: formatSummary(picked, call.type, call.format, plan.maxWords), ...(out.score !== undefined ? { score: out.score } : {}) };
  });
}

/** A chat model's summary: prompted, streamed to `onText`, checked against the type and repaired. */
export async function chatSummary(job: AbstractiveJob): Promise<Written> {
  const { call } = job;
  const plan = summaryPlan(call.type, call.length);
  const finalCap = Math.max(1, Math.min(call.generation.maxNewTokens ?? plan.maxNewTokens, job.info.maxInputTokens - 16));
  const prompt = (text: string) => buildSummaryPrompt(text, { ...call, sharedContext: job.sharedContext });
  const onText = call.onText ? (chunk: { text: string }) => call.onText!(chunk.text) : undefined;
  const written = await reduceThenWrite({ ...job, text: job.text.trim() }, chatStrategy(job.info, job.count, prompt, finalCap), async (text) => {
    const out = (await job.generate([prompt(text)], finalCap, call.generation.minNewTokens ?? 0, onText)).outputs[0]!;
    const checked = checkSummary(out.text, call.type, call.length);
    if (checked.repairs.length > 0) {
      job.warnings.push({ code: 'summary-repaired', message: `The model's ${call.type} summary did not fit its type: ${checked.repairs.join('; ')}.` });
    }
    if (!out.finished) job.warnings.push({ code: 'output-truncated', message: 'The summary reached its token cap before the model ended it.' });
    return { summary: formatSummary(checked.parts, call.type, call.format, plan.maxWords), ...(out.score !== undefined ? { score: out.score } : {}) };
  });
  return { ...written, chunks: Math.max(1, written.chunks) };
}
