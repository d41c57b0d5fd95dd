/**
 * `checkTranslation` and `vetSummary`: the checks of this folder run on one pair of texts.
 * Pure and synchronous; each text is tokenised once and shared by the checks.
 */
import { glossaryMisses } from './glossary.js';
import { lengthVerdict, outsideRange } from './length.js';
import { indexNames, inventedNames, missingNames } from './names.js';
import { compareNumbers, extractNumbers, type NumberItem } from './numbers.js';
import { findLoop } from './repetition.js';
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
  const flags: QualityFlag[] = [];
  const skip = options.skip;
  const on = (code: QualityFlagCode) => !skip || !skip.includes(code);

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

  let untranslated = false;
  if (on('untranslated')) {
    const share = frenchShare(outputTokens, new Set(sourceTokens.map((t) => t.folded)));
    if (share.words >= UNTRANSLATED.minWords && share.french + UNTRANSLATED.copiedWeight * share.copied > UNTRANSLATED.threshold) {
      untranslated = true;
      flags.push({
        code: 'untranslated',
        message: `The translation looks French: ${Math.round(share.french * 100)} % of its words are French function words and ${Math.round(share.copied * 100)} % are copied from the source.`,
        detail: { frenchShare: round(share.french), copiedShare: round(share.copied), words: share.words },
      });
    }
  }

  if (on('number-mismatch')) {
    const { missing, extra } = compareNumbers(extractNumbers(source, sourceTokens, 'fr'), extractNumbers(translation, outputTokens, 'en'));
    if (missing.length || extra.length) {
      flags.push({ code: 'number-mismatch', message: numberMessage(missing, extra, { source: 'source', output: 'translation' }), detail: { missing, extra } });
    }
  }

  if (on('length-ratio')) {
    const verdict = lengthVerdict(source.trim().length, translation.trim().length);
    // a long output with names its source does not have is likelier to say things the source does
    // not: its upper bound is then lower (LENGTH_MODEL.zHighWithNewNames)
    const newNames =
      verdict && !outsideRange(verdict) && verdict.z > LENGTH_MODEL.zHighWithNewNames ? inventedNames(outputTokens, indexNames(sourceTokens)) : [];
    if (verdict && (outsideRange(verdict) || newNames.length)) {
      const { min, max } = verdict.expected;
      const chars = translation.trim().length;
      const sourceChars = source.trim().length;
      const message = newNames.length
        ? `The translation is long for its source (${chars} characters for ${sourceChars}; human translations seldom pass ${verdict.usualMax}) and has ${plural(newNames, 'a name', 'names')} the source does not (${list(newNames)}): it may say things the source does not.`
        : `The translation has ${chars} characters; human translations of a ${sourceChars}-character source have ${min} to ${max}: ${chars < min ? 'part of the source may be missing' : 'it may say things the source does not'}.`;
      flags.push({
        code: 'length-ratio',
        message,
        detail: { sourceChars: source.trim().length, translationChars: chars, expected: { min, max }, z: round(verdict.z), ...(newNames.length ? { newNames } : {}) },
      });
    }
  }

  if (on('repetition')) {
    const loop = findLoop(outputTokens);
    if (loop && !findLoop(sourceTokens)) {
      flags.push({ code: 'repetition', message: `"${loop.phrase}" is repeated ${loop.times} times in a row.`, detail: { phrase: loop.phrase, times: loop.times } });
    }
  }

  // an untranslated output "keeps" every name: the name check would only repeat the verdict
  if (on('name-missing') && !untranslated) {
    const missing = missingNames(sourceTokens, indexNames(outputTokens));
    if (missing.length) {
      flags.push({
        code: 'name-missing',
        message: `${plural(missing, 'The name', 'The names')} ${list(missing)} ${plural(missing, 'is', 'are')} not in the translation.`,
        detail: { missing },
      });
    }
  }

  if (on('glossary-missed') && (options.glossary || options.doNotTranslate)) {
    const miss = glossaryMisses(source, translation, options.glossary, options.doNotTranslate);
    if (miss) {
      const parts = [
        ...miss.terms.map((t) => `"${t.french}" should be translated "${t.english}"`),
        ...miss.verbatim.map((v) => `"${v}" should be kept as is`),
      ];
      flags.push({ code: 'glossary-missed', message: `${list(parts)}.`.replace(/^./, (c) => c.toUpperCase()), detail: { terms: miss.terms, verbatim: miss.verbatim } });
    }
  }
  return flags;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Both readings of a text whose language is not known: French and English conventions. */
function numbersEitherWay(text: string, tokens: ReturnType<typeof tokenize>): NumberItem[] {
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
