/**
 * How a text becomes an English text and summary, decided in one pure function: from the text's
 * language, the summary method, whether the summariser is a chat model (it reads French and
 * writes English) and, for the digest, the order, to one of {@link ROUTES}. `run.ts` executes
 * the route; `summarize`, `digest` and `fr2en/web` all go through both.
 */
import { InputError } from '../../errors.js';
import type { SummaryMethod } from '../../summarize/options.js';

/**
 * The routes, each named after its steps:
 * - `summarize-as-is`: the summariser reads the text (English) itself.
 * - `pick-as-is`: sentences picked from the text, kept in its language (English, or French with `english: false`).
 * - `chat-reads-french`: a chat model reads the French and writes the English summary.
 * - `translate-then-summarize`: everything translated, the English summarised.
 * - `translate-then-pick`: everything translated, English sentences picked.
 * - `pick-then-translate`: French sentences picked, only they are translated.
 * - `pick-translate-summarize`: French sentences picked and translated, their English summarised.
 */
export const ROUTES = [
  'summarize-as-is',
  'pick-as-is',
  'chat-reads-french',
  'translate-then-summarize',
  'translate-then-pick',
  'pick-then-translate',
  'pick-translate-summarize',
] as const;
/** One of {@link ROUTES}. */
export type Route = (typeof ROUTES)[number];

/** How a digest proceeds: translate everything then summarise, or pick sentences then translate them. */
export const DIGEST_ORDERS = ['translate-first', 'summarize-first'] as const;
/** One of {@link DIGEST_ORDERS}. */
export type DigestOrder = (typeof DIGEST_ORDERS)[number];

/**
 * What the abstractive summary was written from: `direct`, the French source itself (a chat model
 * that reads French and writes English, see `BackendModelInfo.chat`); `translated`, the English
 * translation (seq2seq summarisers read English only; extractive summaries).
 */
export const SUMMARY_ROUTES = ['direct', 'translated'] as const;
/** One of {@link SUMMARY_ROUTES}. */
export type SummaryRoute = (typeof SUMMARY_ROUTES)[number];

/** Which sentences are translated: none, all of them, or the picked ones only. */
export type Translation = 'none' | 'all' | 'picks';

/** What the summary is made of, and how. */
export interface RouteSteps {
  /** Sentences translated for the summary. */
  translate: Translation;
  /** `abstractive`: a model writes it; `extractive`: sentences picked (from the source, or from the translation for `translate-then-pick`). */
  summary: SummaryMethod;
  /** The summary's text is the `source` itself, or its `english` translation. */
  from: 'source' | 'english';
}

/** Each route's steps, declared once. */
export const ROUTE_STEPS = {
  'summarize-as-is': { translate: 'none', summary: 'abstractive', from: 'source' },
  'pick-as-is': { translate: 'none', summary: 'extractive', from: 'source' },
  'chat-reads-french': { translate: 'none', summary: 'abstractive', from: 'source' },
  'translate-then-summarize': { translate: 'all', summary: 'abstractive', from: 'english' },
  'translate-then-pick': { translate: 'all', summary: 'extractive', from: 'english' },
  'pick-then-translate': { translate: 'picks', summary: 'extractive', from: 'english' },
  'pick-translate-summarize': { translate: 'picks', summary: 'abstractive', from: 'english' },
} as const satisfies Record<Route, RouteSteps>;

/** What the route depends on. */
export interface RouteInput {
  /** The text is French. */
  french: boolean;
  method: SummaryMethod;
  /** French text gives an English summary (`SummarizeOptions.english`). */
  english: boolean;
  /** The summariser is a chat model (known once it is loaded; only asked for abstractive French). */
  chat: boolean;
  /** The digest's order: it wants an English text too, all of it or the picked sentences. Undefined: a summary only. */
  order?: DigestOrder | undefined;
}

/** The decided route, and what is translated (for the summary, and for the digest's English text). */
export interface RoutePlan {
  route: Route;
  translate: Translation;
}

/** The route's name alone (see {@link planRoute}). @throws InputError for abstractive French kept French with a seq2seq model */
export function decideRoute(input: RouteInput): Route {
  const { french, method, english, chat, order } = input;
  if (!french) return method === 'abstractive' ? 'summarize-as-is' : 'pick-as-is';
  if (method === 'abstractive') {
    if (chat) return 'chat-reads-french';
    if (!english) {
      throw new InputError(
        "The text looks French, and the summarisation model writes English from English: let fr2en translate it first (`english: true`, the default), or pass `language: 'en'` if it is English.",
        { option: 'english' },
      );
    }
    return order === 'summarize-first' ? 'pick-translate-summarize' : 'translate-then-summarize';
  }
  if (!english) return 'pick-as-is';
  return order === 'translate-first' ? 'translate-then-pick' : 'pick-then-translate';
}

/**
 * Decides the route and what is translated: what the route needs, or, for the digest, what its
 * order asks (all sentences or the picked ones), even when the summary does not read it.
 *
 * @example
 * planRoute({ french: true, method: 'abstractive', english: true, chat: false });
 * // { route: 'translate-then-summarize', translate: 'all' }
 */
export function planRoute(input: RouteInput): RoutePlan {
  const route = decideRoute(input);
  const translate = input.order === undefined ? ROUTE_STEPS[route].translate : input.order === 'translate-first' ? 'all' : 'picks';
  return { route, translate };
}

/** The digest's coarse {@link SummaryRoute}: `direct` when the summariser read the French itself. */
export function summaryRouteOf(route: Route): SummaryRoute {
  return route === 'chat-reads-french' ? 'direct' : 'translated';
}

/** Whether the route needs to know if the summariser is a chat model (that is, to load it). */
export function needsModelKind(input: Pick<RouteInput, 'french' | 'method'>): boolean {
  return input.french && input.method === 'abstractive';
}
