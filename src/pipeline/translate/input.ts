/**
 * Checking a translation call's arguments and turning its input into units (sentences with
 * their offsets and paragraphs).
 */
import { InputError } from '../../errors.js';
import { INPUT_FORMATS, parseDocument, type ParsedDocument } from '../../formats/index.js';
import { segment } from '../../segment/index.js';
import { checkBeamOptions, checkBoolean, checkEnum, checkFunction, checkInteger, checkOptions, checkSignal, describe } from '../../validate.js';
import { checkDoNotTranslate, checkGlossary } from './constraints.js';
import { ON_NON_FRENCH, QUALITY_OPTIONS, type TranslateInput, type TranslateOptions, type TranslationQualityOptions } from './types.js';

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
  /**
   * Text of the sentence that must reach the translation verbatim: inline code and markup with
   * `translate="no"` or `class="notranslate"`; the pipeline makes each one a constraint.
   */
  keep?: readonly string[];
}

/** The units of a call; for a structured format also the parsed document that rebuilds the output. */
export interface PreparedInput {
  units: Unit[];
  /** The parsed document of a structured input (HTML, Markdown, SRT, WebVTT, .docx); absent for plain text. */
  html?: ParsedDocument;
}

/** The generation options of a call. */
const GENERATION_OPTIONS = ['maxNewTokens', 'minNewTokens', 'beams', 'lengthPenalty', 'earlyStopping', 'noRepeatNgramSize', 'repetitionPenalty'] as const;
const CALL_OPTIONS = ['signal', 'onProgress', 'batchSize', 'maxBatchTokens', 'generation', 'onNonFrench', 'inputFormat', 'frontMatterKeys', 'alternatives', ...QUALITY_OPTIONS] as const;

/** Throws `InputError` unless `input` is a string, an array, or bytes (a Uint8Array, Buffer or ArrayBuffer, for .docx). */
export function checkInput(input: unknown): asserts input is TranslateInput {
  if (typeof input !== 'string' && !Array.isArray(input) && !(input instanceof Uint8Array) && !(input instanceof ArrayBuffer)) {
    throw new InputError(
      `Expected \`input\` (the text to translate) to be a string, an array of strings, or the bytes of a .docx file, got ${describe(input)}.`,
      { option: 'input' },
    );
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
  if (o.frontMatterKeys !== undefined && (!Array.isArray(o.frontMatterKeys) || o.frontMatterKeys.some((k) => typeof k !== 'string'))) {
    throw new InputError(`Expected \`frontMatterKeys\` to be an array of strings, got ${describe(o.frontMatterKeys)}.`, { option: 'frontMatterKeys' });
  }
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

/** Validates the quality options (`repair`, `minScore`, `consistentNames`, `glossary`, `doNotTranslate`) of `where`. */
export function checkQualityOptions(o: Record<string, unknown>, where: string): TranslationQualityOptions {
  checkBoolean(o.repair, 'repair');
  checkBoolean(o.consistentNames, 'consistentNames');
  if (o.minScore !== undefined && (typeof o.minScore !== 'number' || !Number.isFinite(o.minScore) || o.minScore > 0)) {
    throw new InputError(`Expected \`minScore\` (of \`${where}\`) to be a number at most 0 (scores are log-probabilities), got ${describe(o.minScore)}.`, { option: 'minScore' });
  }
  checkGlossary(o.glossary);
  checkDoNotTranslate(o.doNotTranslate);
  return o as TranslationQualityOptions;
}

/** Segments text (or parses a structured format) into units; array items are units as they are. */
export async function prepare(input: TranslateInput, options: TranslateOptions): Promise<PreparedInput> {
  const format = options.inputFormat ?? 'text';
  if (Array.isArray(input)) {
    if (format !== 'text' && format !== 'auto') {
      throw new InputError(`Expected \`input\` to be ${format === 'docx' ? 'the bytes of a file' : 'a string'} with \`inputFormat: '${format}'\`, got an array.`, { option: 'inputFormat' });
    }
    return { units: toUnits(input as readonly string[]) };
  }
  const document = await parseDocument(input as string | Uint8Array | ArrayBuffer, format, options.frontMatterKeys ? { frontMatterKeys: options.frontMatterKeys } : {});
  if (!document) return { units: toUnits(input as string) };
  return { units: [...document.units], html: document };
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
