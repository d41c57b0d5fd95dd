/**
 * The translation runner: detects the language, loads the model, resolves the call's settings
 * (`run-state.ts`), then plans window by window and translates each window (`run-window.ts`):
 * its batches go through the cache and the cross-call batcher (`run-calls.ts`), each translation
 * is vetted and flagged ones are decoded again, and sentences are yielded in document order as
 * soon as they and all before them are done. What the run spends is added to the usage.
 */
import { throwIfAborted } from '../../errors.js';
import { isLikelyFrench } from '../../lang/detect.js';
import { emit } from '../../progress.js';
import type { Warning } from '../../warnings.js';
import type { PreparedInput } from './input.js';
import { planWindow, planWindows } from './plan.js';
import { decoder } from './run-calls.js';
import { emptyUsage, startRun, type RunDefaults, type TranslationCore } from './run-state.js';
import { translateWindow } from './run-window.js';
import type { StreamedSentence, TranslateOptions, TranslationUsage } from './types.js';

export { emptyUsage, sentenceScore, type RunDefaults, type TranslationCore } from './run-state.js';

/** Translates prepared units, yielding each sentence in order; adds what it spends to `usage`. */
export async function* runTranslation(
  core: TranslationCore,
  defaults: RunDefaults,
  prepared: PreparedInput,
  callOptions: TranslateOptions,
  usage: TranslationUsage = emptyUsage(),
): AsyncGenerator<StreamedSentence> {
  core.assertLive();
  const started = performance.now();
  const { signal, onProgress } = callOptions;
  const done = () => emit(onProgress, { type: 'done', ms: performance.now() - started });
  if (prepared.units.length === 0) return done();
  throwIfAborted(signal);

  const docWarnings: Warning[] = [];
  const language = checkLanguage(prepared, callOptions);
  if (language) docWarnings.push(language.warning);
  if (language?.skip) {
    yield* passThrough(prepared, docWarnings);
    return done();
  }

  const info = await core.load({ ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
  throwIfAborted(signal);
  docWarnings.push(...(info.warnings ?? [])); // the model's own problems, once per result
  const run = startRun({ core, info, defaults, prepared, callOptions, usage, docWarnings });
  const decode = decoder(run);
  try {
    for (const [from, to] of planWindows(prepared.units.length, run.settings.batchSize)) {
      throwIfAborted(signal);
      const window = await planWindow(run.sources, from, to, run.settings, (texts) => core.backend.doCountTokens(texts));
      yield* translateWindow(run, window, decode);
    }
  } finally {
    // an error, an abort or a consumer that stopped iterating: queued batches are skipped
    run.stopped = true;
  }
  done();
}

/** A `not-french` warning when the input does not look like French, and whether the call asked to skip it then. */
function checkLanguage({ units }: PreparedInput, callOptions: TranslateOptions): { warning: Warning; skip: boolean } | undefined {
  if (isLikelyFrench(units.map((u) => u.source).join(' '))) return undefined;
  const skip = callOptions.onNonFrench === 'skip';
  const message = skip
    ? 'The input does not look like French; it was passed through untranslated (`onNonFrench: "skip"`).'
    : 'The input does not look like French; it was translated anyway.';
  return { warning: { code: 'not-french', message }, skip };
}

/** Each sentence as its own translation (not translated, so no score), the document's warnings on the first. */
function* passThrough({ units, html }: PreparedInput, docWarnings: readonly Warning[]): Generator<StreamedSentence> {
  for (const [i, u] of units.entries()) {
    const markup = html ? html.warningsFor(i, u.source) : [];
    yield { ...u, translation: u.source, flags: [], index: i, warnings: i === 0 ? [...docWarnings, ...markup] : markup };
  }
}
