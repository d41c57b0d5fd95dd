/**
 * What one translation run resolves before its first window and shares between its steps: the
 * call's settings (model limits, decoding, quality), the sources as the model sees them
 * (capitals in sentence case), the document's repeated names, and the running tallies.
 */
import type { BackendModelInfo } from '../../backend/spec.js';
import type { InstanceCore } from '../../instance/index.js';
import type { ProgressCallback } from '../../progress.js';
import type { Warning } from '../../warnings.js';
import { constraintsFor, DEFAULT_DO_NOT_TRANSLATE, noTerms, termRules, type TermRules } from './constraints.js';
import type { PreparedInput, Unit } from './input.js';
import type { ModelCalls } from './model-calls.js';
import { repeatedNames } from './names.js';
import type { PlanSettings } from './plan.js';
import { caseHints, isAllCaps, sentenceCase } from './recase.js';
import type { RefineSettings } from './refine.js';
import { qualityOptions, type GenerationOptions, type TranslateOptions, type TranslationQualityOptions, type TranslationUsage } from './types.js';

/** An instance core with the translator's model calls (cache, then the cross-call batcher). */
export interface TranslationCore extends InstanceCore {
  readonly calls: ModelCalls;
  /** Canonical form of a call's glossary and do-not-translate list, for the cache key. */
  glossaryScope(options: TranslateOptions): string;
}

/** The translator's defaults a call may override. */
export interface RunDefaults {
  batchSize: number;
  maxBatchTokens: number;
  beams: number | undefined;
  /** Quality settings of the translator (a call's own win). */
  quality?: TranslationQualityOptions;
}

/** A translation run: its settings, resolved once, and what it has done so far. */
export interface RunState {
  readonly core: TranslationCore;
  readonly info: BackendModelInfo;
  readonly units: readonly Unit[];
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ProgressCallback | undefined;
  /** The planner's settings (the model's limits, the call's batch size and budgets). */
  readonly settings: PlanSettings;
  readonly gen: GenerationOptions;
  /** Beams of the first pass (raised to fit the alternatives asked for). */
  readonly beams: number | undefined;
  readonly alternatives: number;
  readonly refine: RefineSettings;
  readonly glossaryScope: string;
  /** A row's lexical constraints (glossary, do-not-translate, kept text, then the row's own). */
  constraintsOf(text: string, unit: number, own?: readonly string[]): string[];
  /** Each sentence as the model sees it: in sentence case when it was written in capitals. */
  readonly sources: readonly string[];
  readonly recased: readonly boolean[];
  /** The names the document repeats, with the sentences holding each; and each sentence's names. */
  readonly names: ReadonlyMap<string, number[]>;
  readonly namesIn: ReadonlyMap<number, string[]>;
  /** The spelling of each repeated name the document chose so far (window to window). */
  readonly chosenNames: Map<string, string>;
  readonly usage: TranslationUsage;
  /** Warnings of the whole result (on its first sentence) and of each sentence. */
  readonly docWarnings: Warning[];
  readonly sentenceWarnings: Warning[][];
  /** Backend warnings already passed on (each once per result). */
  readonly backendWarnings: Set<string>;
  /** Where the sentence's inline markup could not be placed in its translation (structured input). */
  markupWarnings(index: number, translation: string): Warning[];
  paddedSlots: number;
  batchesDone: number;
  batchesPlanned: number;
  unitsDone: number;
  /** True once the run no longer wants outputs (an error, an abort, a consumer that stopped). */
  stopped: boolean;
}

/** The do-not-translate list in force. */
type Verbatim = NonNullable<TranslationQualityOptions['doNotTranslate']>;

/** A usage record with nothing spent. */
export function emptyUsage(): TranslationUsage {
  return { pieces: 0, batches: 0, inputTokens: 0, outputTokens: 0, steps: 0, runtimeMs: 0, paddingRatio: 0, cacheHits: 0 };
}

/** A sentence's score: its piece's, or the pieces' mean weighted by their lengths; undefined when a piece has none. */
export function sentenceScore(pieces: readonly { score: number | undefined; tokens: number }[]): number | undefined {
  if (pieces.length === 0 || pieces.some((p) => p.score === undefined)) return undefined;
  if (pieces.length === 1) return pieces[0]!.score;
  const total = pieces.reduce((a, p) => a + Math.max(1, p.tokens), 0);
  return pieces.reduce((a, p) => a + p.score! * Math.max(1, p.tokens), 0) / total;
}

/** Everything a run needs from its caller; `docWarnings` may already hold the language check's. */
export interface RunInputs {
  core: TranslationCore;
  info: BackendModelInfo;
  defaults: RunDefaults;
  prepared: PreparedInput;
  callOptions: TranslateOptions;
  usage: TranslationUsage;
  docWarnings: Warning[];
}

/** Resolves a run's settings from the loaded model, the translator's defaults and the call's options. */
export function startRun({ core, info, defaults, prepared, callOptions, usage, docWarnings }: RunInputs): RunState {
  const { units, html } = prepared;
  const gen = callOptions.generation ?? {};
  const settings: PlanSettings = {
    limit: info.maxInputTokens,
    outCap: Math.max(1, info.maxOutputTokens - 2),
    batchSize: callOptions.batchSize ?? defaults.batchSize,
    maxBatchTokens: callOptions.maxBatchTokens ?? defaults.maxBatchTokens,
    maxNewTokens: gen.maxNewTokens,
    minNewTokens: gen.minNewTokens,
  };
  // n alternatives need n + 1 beams; without a beam count the backend raises its own default
  const alternatives = callOptions.alternatives ?? 0;
  const asked = gen.beams ?? defaults.beams;
  const beams = alternatives > 0 && asked !== undefined ? Math.max(asked, alternatives + 1) : asked;
  const quality = { ...defaults.quality, ...qualityOptions(callOptions) };
  const verbatim = quality.doNotTranslate ?? DEFAULT_DO_NOT_TRANSLATE;
  const refine = refineSettings(quality, verbatim, units, { beams, capsMayGrow: gen.maxNewTokens === undefined, outCap: settings.outCap });
  const sentenceWarnings: Warning[][] = units.map(() => []);
  const { sources, recased } = recaseCapitals(units, verbatim, sentenceWarnings);
  const names = refine.consistentNames ? repeatedNames(sources) : new Map<string, number[]>();
  return {
    core,
    info,
    units,
    signal: callOptions.signal,
    onProgress: callOptions.onProgress,
    settings,
    gen,
    beams,
    alternatives,
    refine,
    glossaryScope: core.glossaryScope(callOptions),
    constraintsOf: constraintFinder(units, termRules(quality.glossary, verbatim)),
    sources,
    recased,
    names,
    namesIn: sentencesNames(names),
    chosenNames: new Map(),
    usage,
    docWarnings,
    sentenceWarnings,
    backendWarnings: new Set(),
    markupWarnings: (i, translation) => (html ? html.warningsFor(i, translation) : []),
    paddedSlots: 0,
    batchesDone: 0,
    batchesPlanned: 0,
    unitsDone: 0,
    stopped: false,
  };
}

/** The second pass's settings: repair, names, and the checker's (a sentence's kept text must reach its translation too). */
function refineSettings(
  q: TranslationQualityOptions,
  verbatim: Verbatim,
  units: readonly Unit[],
  decoding: Pick<RefineSettings, 'beams' | 'capsMayGrow' | 'outCap'>,
): RefineSettings {
  const refine: RefineSettings = {
    repair: q.repair ?? true,
    consistentNames: q.consistentNames ?? true,
    ...decoding,
    minScore: q.minScore,
    glossary: q.glossary,
    doNotTranslate: verbatim,
    vetting: (i) => {
      const keep = units[i]!.keep;
      return keep ? { ...refine, doNotTranslate: [...verbatim, ...keep] } : refine;
    },
  };
  return refine;
}

/** Sentences in capitals go to the model in sentence case (see recase.ts), each with a `recased` warning. */
function recaseCapitals(units: readonly Unit[], verbatim: Verbatim, warnings: Warning[][]): { sources: string[]; recased: boolean[] } {
  const capitals = units.map((u) => isAllCaps(u.source));
  const hints = capitals.some(Boolean) ? caseHints(units.map((u) => u.source)) : undefined;
  const sources = units.map((u, i) => (capitals[i] ? sentenceCase(u.source, hints!, verbatim) : u.source));
  const recased = sources.map((s, i) => s !== units[i]!.source);
  for (const [i, r] of recased.entries()) {
    if (r) warnings[i]!.push({ code: 'recased', message: 'The sentence is written in capitals: it was translated in sentence case and its translation put in capitals.', sentence: i });
  }
  return { sources, recased };
}

/** For each sentence, the repeated names it holds. */
function sentencesNames(names: ReadonlyMap<string, readonly number[]>): Map<number, string[]> {
  const namesIn = new Map<number, string[]>();
  for (const [name, list] of names) for (const i of list) namesIn.set(i, [...(namesIn.get(i) ?? []), name]);
  return namesIn;
}

/**
 * A row's constraints: its glossary and do-not-translate terms, then its sentence's kept text
 * (inline code…) that the row holds, then the row's own (names' spellings); without terms, no cost.
 */
function constraintFinder(units: readonly Unit[], rules: TermRules): RunState['constraintsOf'] {
  return (text, unit, own = []) => {
    const terms = noTerms(rules) ? [] : constraintsFor(text, rules);
    for (const kept of units[unit]!.keep ?? []) if (text.includes(kept) && !terms.includes(kept)) terms.push(kept);
    return [...new Set([...terms, ...own])];
  };
}
