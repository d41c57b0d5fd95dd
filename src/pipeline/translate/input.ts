/**
 * Checking a translation call's arguments and turning its input into units (sentences with
 * their offsets and paragraphs).
 */
import { INPUT_FORMATS, parseHtml, type HtmlDocument } from '../../html/index.js';
import { InputError } from '../../errors.js';
import { segment } from '../../segment/index.js';
import { checkBeamOptions, checkBoolean, checkEnum, checkFunction, checkInteger, checkOptions, checkSignal, describe } from '../../validate.js';
import { ON_NON_FRENCH, QUALITY_OPTIONS, type TranslateOptions, type TranslationQualityOptions } from './types.js';

/** A sentence to translate, where it was in the input. */
export interface Unit {
  source: string;
  start: number;
  end: number;
  paragraph: number;
}

/** The units of a call; for HTML input also the parsed document that rebuilds the output. */
export interface PreparedInput {
  units: Unit[];
  html?: HtmlDocument;
}

/** The generation options of a call. */
const GENERATION_OPTIONS = ['maxNewTokens', 'minNewTokens', 'beams', 'lengthPenalty', 'earlyStopping'] as const;
const CALL_OPTIONS = ['signal', 'onProgress', 'batchSize', 'maxBatchTokens', 'generation', 'onNonFrench', 'inputFormat', ...QUALITY_OPTIONS] as const;

/** Throws `InputError` unless `input` is a string or an array. */
export function checkInput(input: unknown): asserts input is string | readonly string[] {
  if (typeof input !== 'string' && !Array.isArray(input)) {
    throw new InputError(`Expected \`input\` (the text to translate) to be a string or an array of strings, got ${describe(input)}.`, {
      option: 'input',
    });
  }
}

/** Validates the options of a translation call. */
export function checkCallOptions(options: unknown): TranslateOptions {
  const o = checkOptions(options, CALL_OPTIONS, 'translate');
  checkSignal(o.signal);
  checkFunction(o.onProgress, 'onProgress');
  checkInteger(o.batchSize, 'batchSize', 1, 4096);
  checkInteger(o.maxBatchTokens, 'maxBatchTokens', 1);
  checkEnum(o.onNonFrench, 'onNonFrench', ON_NON_FRENCH);
  checkEnum(o.inputFormat, 'inputFormat', INPUT_FORMATS);
  checkQualityOptions(o, 'translate');
  if (o.generation !== undefined) {
    const g = checkOptions(o.generation, GENERATION_OPTIONS, 'generation');
    checkBeamOptions(g);
    if (typeof g.maxNewTokens !== 'function') checkInteger(g.maxNewTokens, 'generation.maxNewTokens', 1);
    if (typeof g.minNewTokens !== 'function') checkInteger(g.minNewTokens, 'generation.minNewTokens', 0);
    if (typeof g.maxNewTokens === 'number' && typeof g.minNewTokens === 'number' && g.minNewTokens > g.maxNewTokens) {
      throw new InputError('Expected `generation.minNewTokens` to be at most `generation.maxNewTokens`.', {
        option: 'generation.minNewTokens',
      });
    }
  }
  return o as TranslateOptions;
}

/** Validates the quality options (`repair`, `minScore`, `consistentNames`, `glossary`, `doNotTranslate`) of `where`. */
export function checkQualityOptions(o: Record<string, unknown>, where: string): TranslationQualityOptions {
  checkBoolean(o.repair, 'repair');
  checkBoolean(o.consistentNames, 'consistentNames');
  if (o.minScore !== undefined && (typeof o.minScore !== 'number' || !Number.isFinite(o.minScore) || o.minScore > 0)) {
    throw new InputError(`Expected \`minScore\` (of \`${where}\`) to be a number at most 0 (scores are log-probabilities), got ${describe(o.minScore)}.`, { option: 'minScore' });
  }
  const g = o.glossary;
  const entries = g instanceof Map ? [...g.entries()] : g !== undefined && typeof g === 'object' && g !== null && !Array.isArray(g) ? Object.entries(g) : undefined;
  if (g !== undefined && (entries === undefined || entries.some(([k, v]) => typeof k !== 'string' || typeof v !== 'string' || k.trim() === ''))) {
    throw new InputError('Expected `glossary` to be an object or a Map of French term → English term (non-empty strings).', { option: 'glossary' });
  }
  const d = o.doNotTranslate;
  if (d !== undefined && (!Array.isArray(d) || d.some((t) => !(t instanceof RegExp) && (typeof t !== 'string' || t.length === 0)))) {
    throw new InputError('Expected `doNotTranslate` to be an array of non-empty strings or regular expressions.', { option: 'doNotTranslate' });
  }
  return o as TranslationQualityOptions;
}

/** Segments text (or parses HTML) into units; array items are units as they are. */
export function prepare(input: string | readonly string[], options: TranslateOptions): PreparedInput {
  if (options.inputFormat !== 'html') return { units: toUnits(input) };
  if (typeof input !== 'string') {
    throw new InputError('Expected `input` to be a string with `inputFormat: \'html\'`, got an array.', { option: 'inputFormat' });
  }
  const html = parseHtml(input);
  return { units: [...html.units], html };
}

function toUnits(input: string | readonly string[]): Unit[] {
  if (typeof input === 'string') {
    return segment(input).map((s) => ({ source: s.text, start: s.start, end: s.end, paragraph: s.paragraph }));
  }
  const units: Unit[] = [];
  let offset = 0;
  for (const [i, item] of input.entries()) {
    if (typeof item !== 'string') {
      throw new InputError(`Expected every item of \`input\` to be a string; item ${i} is ${describe(item)}.`, { option: 'input' });
    }
    units.push({ source: item, start: offset, end: offset + item.length, paragraph: 0 });
    offset += item.length + 1;
  }
  return units;
}
