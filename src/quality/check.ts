/**
 * `checkTranslation` and `vetSummary`: the checks of this folder run on one pair of texts.
 * Pure and synchronous; each text is tokenised once and shared by the checks.
 */
import { glossaryMisses } from './glossary.js';
import { lengthVerdict, outsideRange } from './length.js';
import { indexNames, inventedNames, missingNames } from './names.js';
import { compareNumbers, extractNumbers, type NumberItem } from './numbers.js';
import { findLoop } from './repetition.js';
import { contentSupport } from './support.js';
import { tokenize } from './text.js';
import type { CheckOptions, QualityFlag, QualityFlagCode } from './types.js';
import { frenchShare } from './untranslated.js';
import { LENGTH_MODEL, UNTRANSLATED } from './calibration.js';

/** A list of items in prose: "2019", "2019 and 2020", "1, 2 and 3". */
function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function plural(items: readonly string[], one: string, many: string): string {
  return items.length === 1 ? one : many;
}

/** The `number-mismatch` message: what the translation lacks and what it has that the source does not. */
function numberMessage(missing: readonly string[], extra: readonly string[], where: { source: string; output: string }): string {
  const parts: string[] = [];
  if (missing.length) parts.push(`${plural(missing, 'The number', 'The numbers')} ${list(missing)} ${plural(missing, 'is', 'are')} not in the ${where.output}`);
  if (extra.length) parts.push(`${list(extra)} ${plural(extra, 'is', 'are')} not in the ${where.source}`);
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

type Tokens = ReturnType<typeof tokenize>;

/** `truncated` and `low-score`: what the model itself says of its translation. */
function modelFlags(options: CheckOptions, on: (code: QualityFlagCode) => boolean): QualityFlag[] {
  const flags: QualityFlag[] = [];
  if (options.finished === false && on('truncated')) {
    flags.push({ code: 'truncated', message: 'The translation hit its token cap before the model ended it: its end may be missing.' });
  }
  if (options.score !== undefined && options.minScore !== undefined && options.score < options.minScore && on('low-score')) {
    flags.push({
      code: 'low-score',
      message: `The model's score ${options.score.toFixed(3)} is below minScore ${options.minScore}.`,
      detail: { score: options.score, minScore: options.minScore },
    });
  }
  return flags;
}

/** `untranslated`: French function words and words copied from the source. */
function untranslatedFlag(sourceTokens: Tokens, outputTokens: Tokens): QualityFlag | undefined {
  const share = frenchShare(outputTokens, new Set(sourceTokens.map((t) => t.folded)));
  if (share.words < UNTRANSLATED.minWords || share.french + UNTRANSLATED.copiedWeight * share.copied <= UNTRANSLATED.threshold) return undefined;
  return {
    code: 'untranslated',
    message: `The translation looks French: ${Math.round(share.french * 100)} % of its words are French function words and ${Math.round(share.copied * 100)} % are copied from the source.`,
    detail: { frenchShare: round(share.french), copiedShare: round(share.copied), words: share.words },
  };
}

/** `number-mismatch`: figures dropped, changed or added. */
function numberFlag(source: string, translation: string, sourceTokens: Tokens, outputTokens: Tokens): QualityFlag | undefined {
  const { missing, extra } = compareNumbers(extractNumbers(source, sourceTokens, 'fr'), extractNumbers(translation, outputTokens, 'en'));
  if (!missing.length && !extra.length) return undefined;
  return { code: 'number-mismatch', message: numberMessage(missing, extra, { source: 'source', output: 'translation' }), detail: { missing, extra } };
}

/** The longest run of unsupported words, quoted from the translation. */
function quoteRun(translation: string, outputTokens: Tokens, run: { from: number; to: number }): string {
  const last = outputTokens[run.to - 1]!;
  return translation.slice(outputTokens[run.from]!.start, last.start + last.text.length);
}

/**
 * `length-ratio`: a length human translators would not give this source. The upper bound moves with
 * how much of the output the source supports (./support.ts), and drops for a long output with names
 * the source does not have.
 */
function lengthFlag(source: string, translation: string, sourceTokens: Tokens, outputTokens: Tokens): QualityFlag | undefined {
  const sourceChars = source.trim().length;
  const chars = translation.trim().length;
  const plain = lengthVerdict(sourceChars, chars);
  if (!plain) return undefined;
  const short = plain.z < LENGTH_MODEL.zLow;
  // each output word can lower the upper bound by contentWeight at most: measure the support only
  // when the bound is within reach
  const support = !short && plain.z + LENGTH_MODEL.contentWeight * outputTokens.length > LENGTH_MODEL.zHigh ? contentSupport(sourceTokens, outputTokens) : undefined;
  const verdict = support ? lengthVerdict(sourceChars, chars, support.excess)! : plain;
  const outside = outsideRange(verdict);
  // a long output with names its source does not have is likelier to say things the source does not
  const newNames = !outside && verdict.z > LENGTH_MODEL.zHighWithNewNames ? inventedNames(outputTokens, indexNames(sourceTokens)) : [];
  if (!outside && !newNames.length) return undefined;
  const { min, max } = verdict.expected;
  const run = support && !newNames.length && support.excess > 0 && support.run.words ? quoteRun(translation, outputTokens, support.run) : undefined;
  const message = newNames.length
    ? `The translation is long for its source (${chars} characters for ${sourceChars}; human translations seldom pass ${verdict.usualMax}) and has ${plural(newNames, 'a name', 'names')} the source does not (${list(newNames)}): it may say things the source does not.`
    : run
      ? `The translation is long for its source (${chars} characters for ${sourceChars}; at most ${max} expected) and ${support!.unsupported.length} of its words have no counterpart in the source (longest stretch: "${run}"): it may say things the source does not.`
      : `The translation has ${chars} characters; human translations of a ${sourceChars}-character source have ${min} to ${max}: ${short ? 'part of the source may be missing' : 'it may say things the source does not'}.`;
  const content = support ? { unsupportedWords: support.unsupported.length, excess: support.excess, ...(run ? { unsupportedRun: run } : {}) } : {};
  return {
    code: 'length-ratio',
    message,
    detail: { sourceChars, translationChars: chars, expected: { min, max }, z: round(verdict.z), ...content, ...(newNames.length ? { newNames } : {}) },
  };
}

/** `repetition`: a loop in the output that the source does not have. */
function repetitionFlag(sourceTokens: Tokens, outputTokens: Tokens): QualityFlag | undefined {
  const loop = findLoop(outputTokens);
  if (!loop || findLoop(sourceTokens)) return undefined;
  return { code: 'repetition', message: `"${loop.phrase}" is repeated ${loop.times} times in a row.`, detail: { phrase: loop.phrase, times: loop.times } };
}

/** `name-missing`: names of the source with no counterpart in the output. */
function nameFlag(sourceTokens: Tokens, outputTokens: Tokens): QualityFlag | undefined {
  const missing = missingNames(sourceTokens, indexNames(outputTokens));
  if (!missing.length) return undefined;
  return {
    code: 'name-missing',
    message: `${plural(missing, 'The name', 'The names')} ${list(missing)} ${plural(missing, 'is', 'are')} not in the translation.`,
    detail: { missing },
  };
}

/** `glossary-missed`: glossary terms not translated as asked, do-not-translate strings not kept. */
function glossaryFlag(source: string, translation: string, options: CheckOptions): QualityFlag | undefined {
  const miss = glossaryMisses(source, translation, options.glossary, options.doNotTranslate);
  if (!miss) return undefined;
  const parts = [...miss.terms.map((t) => `"${t.french}" should be translated "${t.english}"`), ...miss.verbatim.map((v) => `"${v}" should be kept as is`)];
  return { code: 'glossary-missed', message: `${list(parts)}.`.replace(/^./, (c) => c.toUpperCase()), detail: { terms: miss.terms, verbatim: miss.verbatim } };
}

/**
 * Checks one translation against its French source and returns what looks wrong (an empty
 * array when nothing does). Pure and synchronous; runs in microseconds on a news sentence.
 *
 * @example
 * checkTranslation('Le PIB a crû de 2,1 % en 2019.', 'GDP grew by 2.1% in 2009.');
 * // → [{ code: 'number-mismatch', message: 'The number 2019 is not in the translation; 2009 is not in the source.',
 * //      detail: { missing: ['2019'], extra: ['2009'] } }]
 */
export function checkTranslation(source: string, translation: string, options: CheckOptions = {}): QualityFlag[] {
  const skip = options.skip;
  const on = (code: QualityFlagCode) => !skip || !skip.includes(code);
  const flags = modelFlags(options, on);
  if (source.trim() === '') return flags;
  if (translation.trim() === '') {
    // nothing came out of a sentence: the shortest translation of all
    if (on('length-ratio')) {
      flags.push({ code: 'length-ratio', message: 'The translation is empty.', detail: { sourceChars: source.trim().length, translationChars: 0 } });
    }
    return flags;
  }
  const sourceTokens = tokenize(source);
  const outputTokens = tokenize(translation);
  const found = (flag: QualityFlag | undefined) => {
    if (flag) flags.push(flag);
    return flag !== undefined;
  };
  const untranslated = on('untranslated') && found(untranslatedFlag(sourceTokens, outputTokens));
  if (on('number-mismatch')) found(numberFlag(source, translation, sourceTokens, outputTokens));
  if (on('length-ratio')) found(lengthFlag(source, translation, sourceTokens, outputTokens));
  if (on('repetition')) found(repetitionFlag(sourceTokens, outputTokens));
  // an untranslated output "keeps" every name: the name check would only repeat the verdict
  if (on('name-missing') && !untranslated) found(nameFlag(sourceTokens, outputTokens));
  if (on('glossary-missed') && (options.glossary || options.doNotTranslate)) found(glossaryFlag(source, translation, options));
  return flags;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Both readings of a text whose language is not known: French and English conventions. */
function numbersEitherWay(text: string, tokens: Tokens): NumberItem[] {
  return [...extractNumbers(text, tokens, 'fr'), ...extractNumbers(text, tokens, 'en')];
}

/**
 * Checks an English summary against its source (the French article or its translation) for what
 * the summary *invents*: a figure (`number-mismatch`, detail `{ missing: [], extra }`) or a proper
 * name (`name-missing`, detail `{ invented }`) the source does not have. What a summary leaves out
 * is not flagged: summaries omit.
 *
 * @example
 * vetSummary('Le séisme a fait 12 morts à Almaty.', 'An earthquake killed 21 people in Almaty.');
 * // → [{ code: 'number-mismatch', message: '21 is not in the source.', detail: { missing: [], extra: ['21'] } }]
 */
export function vetSummary(source: string, summary: string): QualityFlag[] {
  const flags: QualityFlag[] = [];
  if (summary.trim() === '') return flags;
  const sourceTokens = tokenize(source);
  const summaryTokens = tokenize(summary);
  const { extra } = compareNumbers(numbersEitherWay(source, sourceTokens), extractNumbers(summary, summaryTokens, 'en'));
  if (extra.length) {
    flags.push({ code: 'number-mismatch', message: numberMessage([], extra, { source: 'source', output: 'summary' }), detail: { missing: [], extra } });
  }
  const invented = inventedNames(summaryTokens, indexNames(sourceTokens));
  if (invented.length) {
    flags.push({
      code: 'name-missing',
      message: `${plural(invented, 'The name', 'The names')} ${list(invented)} in the summary ${plural(invented, 'is', 'are')} not in the source.`,
      detail: { invented },
    });
  }
  return flags;
}
