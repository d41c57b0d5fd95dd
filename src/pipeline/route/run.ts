/**
 * The one executor of a route (see `decide.ts`): pick sentences, translate (all, streamed, or the
 * picks only), then summarise the source or its English. `summarize`, `digest` and `fr2en/web`
 * shape its outcome into their own results.
 */
import type { ResolvedCall, SummarizeOptions, Summarizer, SummaryResult } from '../../summarize/summarizer.js';
import { extractiveSummary } from '../../summarize/summarizer.js';
import { formatSummary, summaryPlan, type SummaryLanguage } from '../../summarize/options.js';
import type { Warning } from '../../warnings.js';
import { joinTranslations } from '../translate/join.js';
import type { StreamedSentence, TranslatedSentence, TranslateOptions, Translator } from '../translate/types.js';
import { ROUTE_STEPS, type Route, type RoutePlan } from './decide.js';

/** The text whose layout (paragraph breaks) the English follows; bytes have none to give. */
const layoutOf = (text: RouteJob['text']): string | undefined => (typeof text === 'string' ? text : undefined);

/** A sentence of the source, where it is. */
export interface SourceSentence {
  text: string;
  start: number;
  end: number;
  paragraph: number;
}

/** Everything a route runs on. */
export interface RouteJob {
  plan: RoutePlan;
  /** The input as given (plain text, a document in `translateOptions.inputFormat`, or .docx bytes): what `all` translates. */
  text: string | Uint8Array | ArrayBuffer;
  /** The source's plain text, which a summary of the source reads. */
  source: string;
  /** The source's sentences, in order (picks are indices into them). */
  sentences: readonly SourceSentence[];
  /** The summary options (type, length, format, generation, signal, onProgress, context, onText). */
  call: ResolvedCall;
  /** The translator; called only when the route translates. */
  translator: () => Translator;
  /** The summariser; called only for abstractive routes. */
  summarizer: () => Summarizer;
  /** Options of the translation calls (signal, progress, generation, inputFormat for `all`). */
  translateOptions: TranslateOptions;
  /** Receives each translated sentence (document order, index into `sentences`) as soon as it is ready. */
  onSentence?: ((sentence: StreamedSentence) => void) | undefined;
}

/** What a route produced. */
export interface RouteOutcome {
  route: Route;
  /** Translated sentences: every sentence (`all`) or the picks (`picks`, the k-th being `picks[k]`); empty for `none`. */
  translated: TranslatedSentence[];
  /** Indices of the picked source sentences, in order (`picks`). */
  picks: number[] | undefined;
  /** The English text, laid out as the source (`all`: the plain join, also for HTML input); undefined for `none`. */
  english: string | undefined;
  /** The summary, its `warnings` being the translation's then the summary's. */
  summary: SummaryResult;
  /** Milliseconds spent translating, then summarising. */
  timings: { translate: number; summarize: number };
}

interface Translated {
  translated: TranslatedSentence[];
  picks: number[] | undefined;
  english: string | undefined;
  warnings: Warning[];
}

/** Sentences picked (extractive) from the source, in the given language. */
function pick(job: RouteJob, language: SummaryLanguage): { indices: number[]; summary: string } {
  return extractiveSummary(job.sentences.map((s) => s.text), { ...job.call, language });
}

/** Translates every sentence, streamed so that `onSentence` sees each one as soon as it is ready. */
async function translateAll(job: RouteJob): Promise<Translated> {
  const translated: TranslatedSentence[] = [];
  const warnings: Warning[] = [];
  for await (const s of job.translator().translateStream(job.text, job.translateOptions)) {
    const { index: _index, warnings: w, ...sentence } = s;
    warnings.push(...w);
    translated.push(sentence);
    job.onSentence?.(s);
  }
  return { translated, picks: undefined, english: joinTranslations(translated, false, layoutOf(job.text)), warnings };
}

/** Translates the picked sentences only; warnings point at source sentences. */
async function translatePicks(job: RouteJob, picks: number[]): Promise<Translated> {
  const { inputFormat: _format, ...options } = job.translateOptions;
  const result = picks.length > 0 ? await job.translator().translate(picks.map((i) => job.sentences[i]!.text), options) : undefined;
  const translated = result?.sentences ?? [];
  translated.forEach((s, k) => job.onSentence?.({ ...s, index: picks[k]!, warnings: [] }));
  const warnings = (result?.warnings ?? []).map((w) => (w.sentence === undefined ? w : { ...w, sentence: picks[w.sentence]! }));
  const layout = picks.map((i, k) => ({ ...job.sentences[i]!, source: job.sentences[i]!.text, translation: translated[k]!.translation }));
  return { translated, picks, english: joinTranslations(layout, false, layoutOf(job.text)), warnings };
}

/** The summary call's options for a text in `language`, never translated again. */
function summaryOptions(call: ResolvedCall, language: SummaryLanguage): SummarizeOptions {
  return {
    method: 'abstractive',
    type: call.type,
    length: call.length,
    format: call.format,
    language,
    english: false,
    generation: call.generation,
    ...(call.signal ? { signal: call.signal } : {}),
    ...(call.onProgress ? { onProgress: call.onProgress } : {}),
    ...(call.context !== undefined ? { context: call.context } : {}),
    ...(call.onText ? { onText: call.onText } : {}),
  };
}

/** An extractive summary as a result. */
const extracted = (summary: string): SummaryResult => ({ summary, method: 'extractive', chunks: 0, warnings: [], model: 'extractive', flags: [] });

/** The summary step of the route, from the source or from what was translated. */
async function summarizeStep(job: RouteJob, done: Translated, picked: { indices: number[]; summary: string } | undefined): Promise<SummaryResult> {
  const { call } = job;
  const english = done.translated.map((s) => s.translation);
  switch (job.plan.route) {
    case 'summarize-as-is':
      return job.summarizer().summarize(job.source, summaryOptions(call, call.language));
    case 'chat-reads-french':
      return job.summarizer().summarize(job.source, summaryOptions(call, 'fr'));
    case 'translate-then-summarize':
      return job.summarizer().summarize(done.english ?? '', summaryOptions(call, 'en'));
    case 'pick-translate-summarize':
      return job.summarizer().summarize(english.join(' '), summaryOptions(call, 'en'));
    case 'translate-then-pick':
      return extracted(extractiveSummary(english, { ...call, language: 'en' }).summary);
    case 'pick-then-translate':
      return extracted(formatSummary(english, call.type, call.format, summaryPlan(call.type, call.length).maxWords));
    case 'pick-as-is':
      return extracted(picked!.summary);
  }
}

/** Runs a planned route. */
export async function runRoute(job: RouteJob): Promise<RouteOutcome> {
  const { route, translate } = job.plan;
  const t0 = performance.now();
  // French routes pick French sentences; `pick-as-is` picks in the call's language
  const pickFrench = ROUTE_STEPS[route].from === 'english' || translate === 'picks';
  const picked = translate === 'picks' || route === 'pick-as-is' ? pick(job, pickFrench ? 'fr' : job.call.language) : undefined;
  const done: Translated =
    translate === 'all'
      ? await translateAll(job)
      : translate === 'picks'
        ? await translatePicks(job, picked!.indices)
        : { translated: [], picks: undefined, english: undefined, warnings: [] };
  const t1 = performance.now();
  const summary = await summarizeStep(job, done, picked);
  const t2 = performance.now();
  return {
    route,
    translated: done.translated,
    picks: done.picks,
    english: done.english,
    summary: { ...summary, warnings: [...done.warnings, ...summary.warnings] },
    timings: { translate: t1 - t0, summarize: t2 - t1 },
  };
}
