/**
 * A summary call through the route module: the text's language and the summariser's kind decide
 * the route (`decide.ts`), the executor runs it (`run.ts`), and the outcome becomes a
 * `SummaryResult`. The public `createSummarizer` (Node and browser) and `fr2en/web`'s Summarizer use it.
 */
import { InputError, throwIfAborted } from '../../errors.js';
import { vetSummary } from '../../quality/index.js';
import { emit } from '../../progress.js';
import { segment } from '../../segment/index.js';
import {
  isFrenchText,
  resolveSummarizeOptions,
  type ResolvedCall,
  type SummarizeOptions,
  type Summarizer,
  type SummaryResult,
} from '../../summarize/summarizer.js';
import { describe } from '../../validate.js';
import type { Translator } from '../translate/types.js';
import { needsModelKind, planRoute, ROUTE_STEPS, type DigestOrder, type RoutePlan } from './decide.js';
import { runRoute, type RouteOutcome } from './run.js';

/** The instances a summary call runs on. */
export interface SummaryInstances {
  /**
   * Summarises English text (and French, for a chat model); called only when the summariser is
   * needed. A public (route-taking) summarizer works too: it is only given English, or French with `english: false`.
   */
  summarizer: () => Summarizer;
  /** The translator for French text, created on first use. */
  translator: () => Translator;
  /**
   * Translate everything first (`translate-first`) or pick first (`summarize-first`) for an
   * extractive English summary of French; undefined: pick first (the cheaper).
   */
  order?: DigestOrder;
}

/** Decides the route of a summary call; loads the summariser only when its kind matters. */
export async function planSummary(text: string, call: ResolvedCall, summarizer: () => Summarizer, order?: DigestOrder): Promise<RoutePlan> {
  const french = isFrenchText(text, call.language);
  const load = { ...(call.signal ? { signal: call.signal } : {}), ...(call.onProgress ? { onProgress: call.onProgress } : {}) };
  const chat = needsModelKind({ french, method: call.method }) ? (await summarizer().load(load)).chat === true : false;
  const plan = planRoute({ french, method: call.method, english: call.english, chat, order });
  // a summary alone translates only what it reads (the digest's order asks for the English text too)
  return { ...plan, translate: ROUTE_STEPS[plan.route].translate };
}

/** The one place a summary call's result is assembled from a route's outcome. */
function summaryResultOf(source: string, outcome: RouteOutcome, translationModel: () => string): SummaryResult {
  const { route } = outcome;
  const viaTranslation = route === 'translate-then-summarize' || route === 'pick-then-translate';
  return {
    ...outcome.summary,
    ...(viaTranslation ? { fromFrench: { route, translationModel: translationModel() } } : {}),
    // vetted against what the reader was given: the text itself, not an intermediate translation
    flags: vetSummary(source, outcome.summary.summary),
  };
}

/**
 * Summarises `text` on the given instances, French text giving an English summary (see
 * `SummarizeOptions.english`).
 */
export async function summarizeByRoute(text: string, options: SummarizeOptions | undefined, instances: SummaryInstances): Promise<SummaryResult> {
  if (typeof text !== 'string') {
    throw new InputError(`Expected \`text\` (the text to summarise) to be a string, got ${describe(text)}.`, { option: 'text' });
  }
  const call = resolveSummarizeOptions(options);
  const started = performance.now();
  throwIfAborted(call.signal);
  if (text.trim().length === 0) return instances.summarizer().summarize(text, options);
  const plan = await planSummary(text, call, instances.summarizer, instances.order);
  const outcome = await runRoute({
    plan,
    text,
    source: text,
    sentences: segment(text),
    call,
    translator: instances.translator,
    summarizer: instances.summarizer,
    translateOptions: { ...(call.signal ? { signal: call.signal } : {}), ...(call.onProgress ? { onProgress: call.onProgress } : {}) },
  });
  // an abstractive summariser reports its own end; a picked summary ends here
  if (ROUTE_STEPS[plan.route].summary === 'extractive') emit(call.onProgress, { type: 'done', ms: performance.now() - started });
  return summaryResultOf(text, outcome, () => instances.translator().model);
}
