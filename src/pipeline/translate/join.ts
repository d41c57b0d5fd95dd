/**
 * Joining translated sentences into the English text, public so that the CLI (and a server)
 * can stream the same text `translate()` returns.
 */
import type { TranslatedSentence } from './types.js';

/** The fields of a sentence that joining reads. */
export type JoinableSentence = Pick<TranslatedSentence, 'translation' | 'paragraph' | 'start' | 'end'>;

/** Whether `input.slice(from, to)` holds a blank line (two line breaks, CRLF counted once) or U+2029. */
function hasBlankLine(input: string, from: number, to: number): boolean {
  let breaks = 0;
  for (let i = Math.max(0, from); i < Math.min(to, input.length); i++) {
    const c = input.charCodeAt(i);
    if (c === 0x2029) return true;
    if (c === 0x0d && input.charCodeAt(i + 1) === 0x0a) continue;
    if (c === 0x0a || c === 0x0d || c === 0x2028) breaks++;
    if (breaks >= 2) return true;
  }
  return false;
}

/**
 * Returns a function giving, for each translated sentence in order, the text to append to the
 * English output: a space between sentences, and between paragraphs the input's own separator
 * when `input` is given (a single line break where the French has one paragraph per line, a
 * blank line where it has blank lines), else a blank line; one line per item for array input
 * (`lines`). Used to stream the output and to build `text`.
 *
 * @example
 * const join = textJoiner(false, french);
 * for await (const s of translator.translateStream(french)) process.stdout.write(join(s));
 */
export function textJoiner(lines: boolean, input?: string): (s: JoinableSentence) => string {
  let first = true;
  let paragraph = 0;
  let prevEnd = -1;
  let prevParagraph = 0;
  let blank = false;
  return (s) => {
    if (lines) {
      const piece = first ? s.translation : `\n${s.translation}`;
      first = false;
      return piece;
    }
    // Paragraph changes since the last piece written, also across sentences with no translation.
    if (prevEnd >= 0 && s.paragraph !== prevParagraph) blank ||= input === undefined || hasBlankLine(input, prevEnd, s.start);
    prevEnd = s.end;
    prevParagraph = s.paragraph;
    if (s.translation.length === 0) return '';
    const separator = s.paragraph === paragraph ? ' ' : blank || input === undefined ? '\n\n' : '\n';
    const piece = first ? s.translation : `${separator}${s.translation}`;
    first = false;
    paragraph = s.paragraph;
    blank = false;
    return piece;
  };
}

/**
 * Joins translations: a space between sentences, the input's paragraph separator between
 * paragraphs (a blank line without `input`), or one line per array item (`lines`).
 */
export function joinTranslations(sentences: readonly JoinableSentence[], lines: boolean, input?: string): string {
  const join = textJoiner(lines, input);
  return sentences.map(join).join('');
}
