/**
 * Checking a translation call's arguments and turning its input into units (sentences with
 * their offsets and paragraphs).
 */
import { INPUT_FORMATS, parseHtml, type HtmlDocument } from '../../html/index.js';
import { InputError } from '../../errors.js';
import { segment } from '../../segment/index.js';
import { checkBeamOptions, checkEnum, checkFunction, checkInteger, checkOptions, checkSignal, describe } from '../../validate.js';
import { checkDoNotTranslate, checkGlossary } from './constraints.js';
import { ON_NON_FRENCH, type TranslateOptions } from './types.js';

/** Checks a repetition penalty: a finite number above 0 (1 is off). */
export function checkRepetitionPenalty(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InputError(`Expected \`${name}\` to be a number above 0 (1 is off, 1.2 a usual penalty), got ${describe(value)}.`, { option: name });
  }
  return value;
}

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
const GENERATION_OPTIONS = ['maxNewTokens', 'minNewTokens', 'beams', 'lengthPenalty', 'earlyStopping', 'noRepeatNgramSize', 'repetitionPenalty'] as const;
const CALL_OPTIONS = ['signal', 'onProgress', 'batchSize', 'maxBatchTokens', 'generation', 'onNonFrench', 'inputFormat', 'glossary', 'doNotTranslate', 'alternatives'] as const;

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
  checkGlossary(o.glossary);
  checkDoNotTranslate(o.doNotTranslate);
  checkInteger(o.alternatives, 'alternatives', 0, 63);
  if (o.generation !== undefined) {
    const g = checkOptions(o.generation, GENERATION_OPTIONS, 'generation');
    checkBeamOptions(g);
    checkInteger(g.noRepeatNgramSize, 'generation.noRepeatNgramSize', 0);
    checkRepetitionPenalty(g.repetitionPenalty, 'generation.repetitionPenalty');
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
