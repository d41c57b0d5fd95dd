/**
 * Rule-based sentence segmenter (French by default).
 *
 * One pass over the lines to read the layout (hard-wrapped or one paragraph
 * per line), then a single left-to-right pass over the UTF-16 code units with
 * bounded look-ahead and look-behind at each candidate boundary, so the
 * running time is linear in the input length. No regular expression is ever
 * run on unbounded input.
 *
 * @module
 */
import { InputError } from '../errors.js';
import { checkOptions, describe } from '../validate.js';
import { french } from './fr.js';
import type { LanguageRules, SegmentOptions, Sentence } from './types.js';

/** Rules turned into sets for fast look-ups. */
interface Compiled {
  abbr: ReadonlySet<string>;
  numAbbr: ReadonlySet<string>;
  termAbbr: ReadonlySet<string>;
  starters: ReadonlySet<string>;
  cont: ReadonlySet<string>;
  /** Opening quotes and brackets. */
  openers: ReadonlySet<number>;
  /** Closing quotes and brackets. */
  closers: ReadonlySet<number>;
  /** Closing quotes that never open (`»`, `”`): may follow the period after a space. */
  pureCloseQuotes: ReadonlySet<number>;
  symmetric: ReadonlySet<number>;
  terminators: ReadonlySet<number>;
  leading: ReadonlySet<number>;
}

const DOT = 0x2e;
const ELLIPSIS = 0x2026;
const APOSTROPHES = new Set([0x27, 0x2019, 0x2bc]);
/** Punctuation that, after a candidate boundary, shows the sentence goes on. */
const CONTINUING = new Set([...',;:.?!…%'].map((c) => c.charCodeAt(0)));
const MAX_WORD = 48;
const MAX_OPENERS = 8;

const cache = new WeakMap<LanguageRules, Compiled>();

function codes(chars: Iterable<string>): Set<number> {
  const out = new Set<number>();
  for (const c of chars) if (c.length === 1) out.add(c.charCodeAt(0));
  return out;
}

function compile(rules: LanguageRules): Compiled {
  const hit = cache.get(rules);
  if (hit) return hit;
  const openers = codes(['(', '[', '{', ...rules.quotePairs.map((p) => p[0]), ...rules.symmetricQuotes]);
  const closers = codes([')', ']', '}', ...rules.quotePairs.map((p) => p[1]), ...rules.symmetricQuotes]);
  const pureCloseQuotes = new Set([...codes(rules.quotePairs.map((p) => p[1]))].filter((c) => !openers.has(c)));
  const compiled: Compiled = {
    abbr: new Set(rules.abbreviations),
    numAbbr: new Set(rules.numberAbbreviations),
    termAbbr: new Set(rules.terminalAbbreviations),
    starters: new Set(rules.sentenceStarters),
    cont: new Set(rules.continuationWords),
    openers,
    closers,
    pureCloseQuotes,
    symmetric: codes(rules.symmetricQuotes),
    terminators: codes(rules.terminators),
    leading: codes(rules.leadingMarks),
  };
  cache.set(rules, compiled);
  return compiled;
}

/** Same set as the `\s` regular-expression class. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

const RE_UPPER = /^[\p{Lu}\p{Lt}]$/u;
const RE_LOWER = /^\p{Ll}$/u;
const RE_DIGIT = /^\p{Nd}$/u;
const RE_WORD = /^[\p{L}\p{M}\p{N}]$/u;

type CharClass = 'upper' | 'lower' | 'digit' | 'punct' | 'other';

function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return RE_WORD.test(String.fromCharCode(c));
}

function isUpperChar(ch: string): boolean {
  return RE_UPPER.test(ch);
}

function isLowerChar(ch: string): boolean {
  return RE_LOWER.test(ch);
}

/** Lowercase first letter, so that capitalised tokens match lowercase list entries. */
function lowerFirst(word: string): string {
  return word.charAt(0).toLowerCase() + word.slice(1);
}

function inList(set: ReadonlySet<string>, word: string): boolean {
  if (set.has(word)) return true;
  const first = word.charAt(0);
  return first !== '' && isUpperChar(first) && set.has(lowerFirst(word));
}

const RE_INITIAL = /^[\p{Lu}\p{Lt}](?:\.[\p{Lu}\p{Lt}])?$/u;
const RE_HYPHEN_INITIALS = /^[\p{Lu}\p{Lt}]\.?-[\p{Lu}\p{Lt}]$/u;
const RE_DOTTED = /^\p{L}(?:\.\p{L}){2,}$/u;
const RE_ENUM = /^(?:\d{1,3}|[IVXLC]{1,6}|[a-zA-Z])$/;

/** What {@link layout} found: see there. */
interface Layout {
  /** Offsets of the soft line breaks (both code units of a CRLF). */
  soft: Set<number>;
  /** Whether the text is laid out one paragraph per line, for sure. */
  lines: boolean;
}

/** Whitespace a line may be wrapped at (not the no-break spaces). */
function isBreakableSpace(c: number): boolean {
  return isSpace(c) && c !== 0xa0 && c !== 0x202f && c !== 0x2007 && c !== 0xfeff;
}

/**
 * Layout of a text's lines: which single line breaks are soft (hard wraps
 * inside a paragraph) rather than paragraph breaks.
 *
 * The rule, decided once per document from the layout itself: take the lines
 * of every block of two or more lines (blocks are separated by blank lines),
 * and the width W of the longest line. A line other than the last of its
 * block is *full* when the next line's first word would not have fitted on
 * it (`length + 1 + nextWordLength > W`: what a greedy wrapper at W columns
 * produces), and it *ends mid-sentence* when its last mark (after closing
 * quotes and brackets) is not a terminator. The document is **hard-wrapped**
 * when at least two lines are full and end mid-sentence, and such lines are at
 * least half of all the non-last lines; then a break after a full line is a
 * space, and a break after a short line ends the paragraph (its text ended
 * before the margin). Otherwise the text is laid out **one paragraph per
 * line**: a single line break ends the paragraph unless the line visibly goes
 * on (see `Scanner.isHeadlineBreak` and the terminator rules).
 *
 * When no line is full and mid-sentence but at least half of the non-last
 * lines end with a terminator (and there are two or more), the document is
 * taken as one paragraph per line *for sure* (`lines`): then every single
 * line break ends a paragraph, even after a comma (a list laid out in lines).
 */
function layout(text: string, r: Compiled): Layout {
  const soft = new Set<number>();
  // Lines as [start, end) trimmed, with the offset of the break that ends them (-1: blank line / block end).
  const starts: number[] = [];
  const ends: number[] = [];
  const breaks: number[] = [];
  const n = text.length;
  let lineStart = 0;
  let maxWidth = 0;
  let candidates = 0;
  const flushLine = (end: number, brk: number): void => {
    let a = lineStart;
    let b = end;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (a === b) {
      // A blank line ends the block: the previous line is a block's last line.
      if (breaks.length > 0) breaks[breaks.length - 1] = -1;
    } else {
      starts.push(a);
      ends.push(b);
      breaks.push(brk);
      if (b - a > maxWidth) maxWidth = b - a;
    }
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isLineBreak(c)) continue;
    const brk = c === 0x2029 ? -1 : i;
    flushLine(i, brk);
    if (c === 0x2029 && breaks.length > 0) breaks[breaks.length - 1] = -1;
    if (c === 0x0d && i + 1 < n && text.charCodeAt(i + 1) === 0x0a) i++;
    lineStart = i + 1;
  }
  flushLine(n, -1);
  if (breaks.length > 0) breaks[breaks.length - 1] = -1;

  const full: boolean[] = [];
  let inner = 0;
  for (let k = 0; k < starts.length; k++) {
    const brk = breaks[k]!;
    full.push(false);
    if (brk < 0 || k + 1 >= starts.length) continue;
    inner++;
    const next = starts[k + 1]!;
    let w = next;
    while (w < n && w - next < MAX_WORD && !isBreakableSpace(text.charCodeAt(w))) w++;
    const isFull = ends[k]! - starts[k]! + 1 + (w - next) > maxWidth;
    full[k] = isFull;
    if (!isFull) continue;
    let last = ends[k]! - 1;
    while (last > starts[k]! && ends[k]! - last < MAX_OPENERS && r.closers.has(text.charCodeAt(last))) last--;
    if (!r.terminators.has(text.charCodeAt(last))) candidates++;
  }
  if (candidates < 2 || candidates * 2 < inner) {
    // Not hard-wrapped: one paragraph per line when most lines end a sentence.
    let ended = 0;
    for (let k = 0; k < starts.length; k++) {
      if (breaks[k]! < 0 || k + 1 >= starts.length) continue;
      let last = ends[k]! - 1;
      while (last > starts[k]! && ends[k]! - last < MAX_OPENERS && r.closers.has(text.charCodeAt(last))) last--;
      if (r.terminators.has(text.charCodeAt(last))) ended++;
    }
    return { soft, lines: inner >= 2 && ended * 2 >= inner };
  }
  for (let k = 0; k < starts.length; k++) {
    if (!full[k]) continue;
    const brk = breaks[k]!;
    soft.add(brk);
    // Both code units of a CRLF, so that look-ups from either side agree.
    if (text.charCodeAt(brk) === 0x0d && text.charCodeAt(brk + 1) === 0x0a) soft.add(brk + 1);
  }
  return { soft, lines: false };
}

class Scanner {
  private readonly out: Sentence[] = [];
  /** Offsets of the line breaks that are hard wraps (see {@link layout}). */
  private readonly soft: Set<number>;
  /** Whether every single line break ends a paragraph (see {@link layout}). */
  private readonly lines: boolean;
  private start = -1;
  private end = -1;
  private paragraph = 0;
  private paragraphHasText = false;
  /** Whether a symmetric quote (`"`) is currently open in this paragraph. */
  private quoteOpen = false;

  constructor(
    private readonly text: string,
    private readonly r: Compiled,
  ) {
    const found = layout(text, r);
    this.soft = found.soft;
    this.lines = found.lines;
  }

  run(): Sentence[] {
    const { text, r } = this;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        i = this.whitespace(i);
        continue;
      }
      if (this.start < 0) {
        this.start = i;
        this.paragraphHasText = true;
      }
      if (r.terminators.has(c)) {
        const { boundary, end, paragraph } = this.terminator(i);
        this.end = end;
        if (boundary) this.flush();
        if (boundary && paragraph) this.newParagraph();
        i = end;
        continue;
      }
      if (r.symmetric.has(c)) this.symmetricQuote(i);
      i++;
      this.end = i;
    }
    this.flush();
    return this.out;
  }

  private flush(): void {
    if (this.start < 0) return;
    this.out.push({
      text: this.text.slice(this.start, this.end),
      start: this.start,
      end: this.end,
      paragraph: this.paragraph,
    });
    this.start = -1;
  }

  /** Starts a new paragraph (if the current one has text). */
  private newParagraph(): void {
    if (this.paragraphHasText) {
      this.paragraph++;
      this.paragraphHasText = false;
    }
    this.quoteOpen = false;
  }

  /** Handles a whitespace run starting at `i`; returns the index after it. */
  private whitespace(i: number): number {
    const { text } = this;
    const n = text.length;
    let j = i;
    let breaks = 0;
    let breakAt = -1;
    let paragraphBreak = false;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (!isSpace(c)) break;
      if (c === 0x2029) paragraphBreak = true;
      else if (c === 0x0d) {
        breaks++;
        if (breakAt < 0) breakAt = j;
        if (j + 1 < n && text.charCodeAt(j + 1) === 0x0a) j++;
      } else if (c === 0x0a || c === 0x2028) {
        breaks++;
        if (breakAt < 0) breakAt = j;
      }
      j++;
    }
    if (paragraphBreak || breaks >= 2) {
      this.flush();
      this.newParagraph();
    } else if (breaks === 1 && this.start >= 0 && j < n && !this.soft.has(breakAt) && (this.lines || this.isHeadlineBreak(j))) {
      this.flush();
      this.newParagraph();
    }
    return j;
  }

  /** Tracks whether a `"` opens or closes a quotation, from its neighbours. */
  private symmetricQuote(i: number): void {
    const { text, r } = this;
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0x20;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0x20;
    const spaceBefore = isSpace(prev) || r.openers.has(prev) || r.leading.has(prev);
    const spaceAfter = isSpace(next) || r.closers.has(next) || CONTINUING.has(next);
    if (spaceBefore && !spaceAfter) this.quoteOpen = true;
    else if (!spaceBefore && spaceAfter) this.quoteOpen = false;
    else if (spaceBefore && spaceAfter) this.quoteOpen = !this.quoteOpen;
    // Letters on both sides (l"équipe): a typo for an apostrophe, ignored.
  }

  /**
   * A single line break inside a paragraph ends the sentence when the next
   * line is a list item or dialogue turn (`- `, `• `), or when the line has no
   * final punctuation (a headline or a title), does not end in a connecting
   * word or punctuation, and the next line starts in uppercase or a digit.
   */
  private isHeadlineBreak(next: number): boolean {
    const { text, r } = this;
    // A line opening with a dash or bullet and a space is a list item or a dialogue turn.
    if (r.leading.has(text.charCodeAt(next)) && next + 1 < text.length && isSpace(text.charCodeAt(next + 1))) return true;
    // A line ending in sentence punctuation was already decided by `terminator`.
    let k = this.end - 1;
    while (k > this.start && this.end - k < MAX_OPENERS && r.closers.has(text.charCodeAt(k))) k--;
    if (r.terminators.has(text.charCodeAt(k))) return false;
    // Connecting punctuation, an elided article, a hyphen or an opening mark: the line goes on.
    const last = text.charCodeAt(this.end - 1);
    if (last === 0x2c || last === 0x3b || last === 0x3a || APOSTROPHES.has(last) || r.leading.has(last)) return false;
    if (r.openers.has(last) && !r.closers.has(last)) return false;
    const word = this.wordBefore(this.end);
    if (word !== '' && r.cont.has(word)) return false;
    const cls = this.classify(this.skipOpeners(next));
    return cls === 'upper' || cls === 'digit';
  }

  /** Skips opening quotes, brackets, dashes and the spaces after them (bounded, same line). */
  private skipOpeners(pos: number): number {
    const { text, r } = this;
    const n = text.length;
    let k = pos;
    let opened = false;
    for (let steps = 0; steps < MAX_OPENERS && k < n; steps++) {
      const c = text.charCodeAt(k);
      if (r.openers.has(c) || r.leading.has(c)) opened = true;
      else if (!(opened && isSpace(c) && (!isLineBreak(c) || this.soft.has(k)))) break;
      k++;
    }
    return k;
  }

  private classify(pos: number): CharClass {
    const { text, r } = this;
    if (pos >= text.length) return 'other';
    const c = text.charCodeAt(pos);
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) return 'upper';
      if (c >= 0x61 && c <= 0x7a) return 'lower';
      if (c >= 0x30 && c <= 0x39) return 'digit';
    }
    if (CONTINUING.has(c) || r.closers.has(c) || r.terminators.has(c) || isSpace(c)) return 'punct';
    const cp = text.codePointAt(pos) ?? c;
    const ch = String.fromCodePoint(cp);
    if (RE_UPPER.test(ch)) return 'upper';
    if (RE_LOWER.test(ch)) return 'lower';
    if (RE_DIGIT.test(ch)) return 'digit';
    return 'other';
  }

  /** The word (letters and digits only) ending at `end`, at most MAX_WORD long. */
  private wordBefore(end: number): string {
    let k = end;
    while (k > 0 && end - k < MAX_WORD && isWordChar(this.text.charCodeAt(k - 1))) k--;
    return this.text.slice(k, end);
  }

  /** The word (letters and digits only) starting at `pos`. */
  private wordAfter(pos: number): string {
    const n = this.text.length;
    let k = pos;
    while (k < n && k - pos < MAX_WORD && isWordChar(this.text.charCodeAt(k))) k++;
    return this.text.slice(pos, k);
  }

  /**
   * The token before a period: letters, digits and inner periods or hyphens
   * (`M`, `J.-C`, `S.N.C.F`, `www.lemonde.fr`), after any elided article.
   */
  private tokenBefore(end: number): { token: string; start: number } {
    const { text } = this;
    let k = end;
    // Never reach into the previous sentence (`économies.M. Morsi`).
    const floor = Math.max(0, this.start);
    while (k > floor && end - k < MAX_WORD) {
      const c = text.charCodeAt(k - 1);
      if (!(isWordChar(c) || c === DOT || c === 0x2d || c === 0xb0)) break;
      k--;
    }
    while (k < end && !isWordChar(text.charCodeAt(k))) k++;
    return { token: text.slice(k, end), start: k };
  }

  /**
   * Handles a run of sentence punctuation starting at `i`: absorbs the closing
   * quotes and brackets after it, and decides whether the sentence ends there.
   */
  private terminator(i: number): { boundary: boolean; end: number; paragraph?: boolean } {
    const { text, r } = this;
    const n = text.length;
    let runEnd = i;
    let strong = false;
    let dots = 0;
    let ellipsis = false;
    while (runEnd < n && r.terminators.has(text.charCodeAt(runEnd))) {
      const c = text.charCodeAt(runEnd);
      if (c === DOT) dots++;
      else if (c === ELLIPSIS) ellipsis = true;
      else strong = true;
      runEnd++;
    }
    if (dots >= 2) ellipsis = true;

    // "(...)", "[…]", "(?)", "(!)": an elision or a comment, not an ending.
    const before = i > 0 ? text.charCodeAt(i - 1) : 0;
    const after = runEnd < n ? text.charCodeAt(runEnd) : 0;
    if ((before === 0x28 || before === 0x5b) && (after === 0x29 || after === 0x5d)) {
      return { boundary: false, end: runEnd };
    }

    const j = this.absorbClosers(runEnd);
    if (j >= n) return { boundary: true, end: j };
    if (!isSpace(text.charCodeAt(j))) {
      if (ellipsis) return { boundary: false, end: j };
      // A straight quote glued on both sides (`droit."Les`): it closes the
      // quotation if one is open, else it opens the next sentence.
      if (r.symmetric.has(text.charCodeAt(j)) && this.gluedEnds(i, runEnd, j + 1)) {
        if (!this.quoteOpen) return { boundary: true, end: j };
        this.quoteOpen = false;
        return { boundary: true, end: j + 1 };
      }
      return { boundary: this.gluedEnds(i, runEnd, j), end: j };
    }

    // Look at what follows the whitespace.
    let k = j;
    let breaks = 0;
    let breakAt = -1;
    while (k < n && isSpace(text.charCodeAt(k))) {
      const c = text.charCodeAt(k);
      if (c === 0x2029) breaks += 2;
      else if (c === 0x0d) {
        breaks++;
        if (breakAt < 0) breakAt = k;
        if (k + 1 < n && text.charCodeAt(k + 1) === 0x0a) k++;
      } else if (c === 0x0a || c === 0x2028) {
        breaks++;
        if (breakAt < 0) breakAt = k;
      }
      k++;
    }
    if (k >= n || breaks >= 2) return { boundary: true, end: j };
    // Stray punctuation opening the next sentence (`pays ». , la …`): look past it.
    const afterStray = this.skipStray(k);
    const stray = afterStray !== k;
    const next = this.skipOpeners(afterStray);
    let cls = this.classify(next);
    if (stray && (cls === 'punct' || next >= n)) return { boundary: false, end: j };
    // A terminator ending a line that is not a hard wrap: the next line starts a
    // new sentence and paragraph whatever its case (`d’euros.⏎le Département`).
    const lineEnd = breaks === 1 && !this.soft.has(breakAt);
    if (lineEnd && (cls === 'lower' || cls === 'punct')) cls = 'upper';

    let boundary: boolean;
    if (strong) boundary = cls === 'upper' || cls === 'digit' || cls === 'other' || (cls === 'lower' && !ellipsis && this.strongEndsBeforeLower(runEnd, j, afterStray, next));
    else if (ellipsis) boundary = cls === 'upper';
    else boundary = this.periodEnds(i, cls, next);
    return { boundary, end: j, paragraph: lineEnd };
  }

  /**
   * Skips punctuation left at the start of a sentence by a bad edit (`, la`,
   * `; le`): a comma, semicolon or colon followed by a space, at `pos`.
   */
  private skipStray(pos: number): number {
    const { text } = this;
    const c = text.charCodeAt(pos);
    if (!(c === 0x2c || c === 0x3b || c === 0x3a)) return pos;
    let k = pos + 1;
    if (k >= text.length || !isSpace(text.charCodeAt(k)) || isLineBreak(text.charCodeAt(k))) return pos;
    while (k < text.length && k - pos < 4 && isSpace(text.charCodeAt(k)) && !isLineBreak(text.charCodeAt(k))) k++;
    return k;
  }

  /**
   * `?` or `!` then a lowercase word: a boundary in text that lost its
   * capitals, unless a closing quote or bracket came between (`« Où vas-tu ? »
   * demanda-t-elle`, `(sic !) et`): those are incises.
   */
  private strongEndsBeforeLower(runEnd: number, j: number, k: number, next: number): boolean {
    // A full stop after the closer ends it anyway (`(re-oups !). mais`, `honnêtement !". les`).
    for (let m = runEnd; m < j; m++) if (this.text.charCodeAt(m) === DOT) return true;
    for (let m = runEnd; m < j; m++) if (!isSpace(this.text.charCodeAt(m))) return false;
    // A dash or an opening mark first (`circonférence ! - pour`): an incise.
    return next === k;
  }

  /**
   * A terminator glued to the next word (`pays.Le`, `vraiment?Oui`): a
   * boundary when a capitalised word (uppercase then lowercase) follows and
   * the word before is an ordinary word: not a known abbreviation or an
   * initial (`M.Dupont`, `J.Chirac`), not part of an acronym, a domain, a
   * path or an address (`U.S.A.`, `www.lemonde.Fr`, `x.fr/A.Be`), and not a
   * number (`2.5`, where no letter follows anyway).
   */
  private gluedEnds(i: number, runEnd: number, j: number): boolean {
    const { text, r } = this;
    const n = text.length;
    if (j + 1 >= n || this.classify(j) !== 'upper') return false;
    // A word that starts a sentence: capitalised (`Le`, `L’Ukraine`), a sentence
    // starter (`À`), an all-caps word (`JFK`) or a title (`M.`, `Mme`).
    const word = this.wordAfter(j);
    const afterWord = j + word.length < n ? text.charCodeAt(j + word.length) : 0x20;
    const capitalised =
      this.classify(j + 1) === 'lower' ||
      (APOSTROPHES.has(afterWord) && word.length === 1) ||
      r.starters.has(word) ||
      (word.length >= 2 && !/\p{Ll}/u.test(word)) ||
      (afterWord === DOT && r.abbr.has(word));
    if (!capitalised) return false;
    // Closers glued on both sides (`pays».Le`) are fine; a space between is not this rule.
    for (let k = runEnd; k < j; k++) if (isSpace(text.charCodeAt(k))) return false;
    const prevChar = i > 0 ? text.charCodeAt(i - 1) : 0x20;
    // After a closing quote or bracket or a spaced `?` (`(le parlement).Il`, `PSG ?En`).
    if (r.closers.has(prevChar) || (runEnd - i === 1 && text.charCodeAt(i) !== DOT && isSpace(prevChar))) return true;
    const { token, start } = this.tokenBefore(i);
    if (token.includes('.') || !isWordChar(prevChar)) return false;
    // A single capital is an initial (`J.Chirac`) unless it follows a number (`-9 ° C.Après`);
    // a single lowercase letter is a word (`qu’on a.On`).
    if (token.length < 2 && this.classify(i - 1) === 'upper') {
      const before = this.skipSpacesBack(start);
      const c = before > 0 ? text.charCodeAt(before - 1) : 0;
      return c === 0xb0 || (c >= 0x30 && c <= 0x39);
    }
    // Part of an address, a path or a domain: `x.fr/a.Be`, `jean@site.Fr`.
    const prev = start > 0 ? text.charCodeAt(start - 1) : 0x20;
    if (!(isSpace(prev) || r.openers.has(prev) || r.leading.has(prev) || APOSTROPHES.has(prev) || prev === 0x2d)) return false;
    // Abbreviations that may end a sentence (`etc.`) or that stand before numbers (`vol.`, `art.`) do here.
    if (inList(r.abbr, token)) return false;
    // After an acronym, only a sentence starter (`SCC.Alors`, not `ASP.Net`).
    if (/\p{Lu}/u.test(token) && !/\p{Ll}/u.test(token)) return r.starters.has(word) || APOSTROPHES.has(afterWord);
    return true;
  }

  /** Absorbs closing quotes/brackets (and punctuation after them) after a terminator. */
  private absorbClosers(pos: number): number {
    const { text, r } = this;
    const n = text.length;
    let j = pos;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (r.symmetric.has(c)) {
        // Attached `"`: closes when followed by a space or punctuation.
        const next = j + 1 < n ? text.charCodeAt(j + 1) : 0x20;
        if (!(isSpace(next) || r.closers.has(next) || CONTINUING.has(next))) break;
        this.quoteOpen = false;
        j++;
      } else if (r.closers.has(c) && !r.openers.has(c)) {
        j++;
      } else if (r.closers.has(c) && r.openers.has(c)) {
        // Ambiguous mark (“ in „…“): a closer only when followed by a space.
        const next = j + 1 < n ? text.charCodeAt(j + 1) : 0x20;
        if (!isSpace(next)) break;
        j++;
      } else if (r.terminators.has(c)) {
        j++;
      } else if (isSpace(c) && !isLineBreak(c)) {
        // Spaced closing quote: « Je pars. » / " Je pars. "
        let k = j;
        while (k < n && k - j < 4 && isSpace(text.charCodeAt(k)) && !isLineBreak(text.charCodeAt(k))) k++;
        if (k >= n) break;
        const q = text.charCodeAt(k);
        const qNext = k + 1 < n ? text.charCodeAt(k + 1) : 0x20;
        // A quote before a hard wrap (`défunt. "⏎On aide`) opens the next line's sentence.
        const closesAfter = (isSpace(qNext) && !this.soft.has(k + 1)) || r.closers.has(qNext) || CONTINUING.has(qNext);
        if (r.pureCloseQuotes.has(q)) {
          j = k + 1;
        } else if (r.symmetric.has(q) && this.quoteOpen && closesAfter) {
          this.quoteOpen = false;
          j = k + 1;
        } else break;
      } else break;
    }
    return j;
  }

  /** Decides whether a single period at `i` ends the sentence. */
  private periodEnds(i: number, cls: CharClass, next: number): boolean {
    const { r } = this;
    const ordinary = cls === 'upper' || cls === 'digit' || cls === 'other';
    const { token, start } = this.tokenBefore(i);
    // After a closing quote or bracket (`pays ». le`), the word itself is not an abbreviation.
    if (token === '') return ordinary || cls === 'lower';
    // "1. ", "II. ", "a. " opening a sentence: a list item number.
    if (start === this.start && RE_ENUM.test(token)) return false;
    // After an elided article, a number abbreviation is the word (`l’art. la`, `d’art. Le`).
    const elided = start > 0 && APOSTROPHES.has(this.text.charCodeAt(start - 1));
    if (elided && inList(r.numAbbr, token) && !inList(r.abbr, token)) return ordinary || cls === 'lower';
    // Exact-case list entries first, then initials, then capitalised entries.
    for (let exact = 1; exact >= 0; exact--) {
      const has = (set: ReadonlySet<string>): boolean => (exact ? set.has(token) : inList(set, token));
      if (has(r.abbr)) return false;
      if (has(r.termAbbr)) return cls === 'upper';
      if (has(r.numAbbr)) return cls === 'digit' ? false : ordinary;
      if (exact && RE_HYPHEN_INITIALS.test(token)) return cls === 'digit';
      if (exact && RE_INITIAL.test(token)) return this.initialEnds(start, cls, next);
    }
    if (RE_DOTTED.test(token)) return cls === 'upper';
    // An ordinary word then a lowercase word: text that lost its capitals
    // (`dans le pays. le Comité`, `Ariane 5. le`). Single letters (`a. b.` lists) and dotted
    // tokens (`10 a.m. le`, `lemonde.fr. le` is rare) stay out.
    if (cls === 'lower') return (token.length >= 2 || this.classify(i - 1) === 'digit') && !token.includes('.');
    return ordinary;
  }

  /** Decides whether the period of an initial (`J.`, `J.R.`) starting at `start` ends the sentence. */
  private initialEnds(start: number, cls: CharClass, next: number): boolean {
    const { r, text } = this;
    if (cls === 'digit') return true;
    if (cls !== 'upper' && cls !== 'lower') return false;
    const before = this.skipSpacesBack(start);
    const prevCode = before > 0 ? text.charCodeAt(before - 1) : 0;
    // A letter after a number is a unit or a label ("1° C.", "annexe 2 B."), not a name:
    // it ends the sentence even before a lowercase word (text that lost its capitals).
    if (prevCode === 0xb0 || (prevCode >= 0x30 && prevCode <= 0x39)) return true;
    if (cls !== 'upper') return false;
    // "J. Chirac" goes on; "la vitamine D. Elle" ends.
    const prev = this.wordBefore(before);
    if (prev === '' || !isLowerChar(prev.charAt(0))) return false;
    const word = this.wordAfter(next);
    const afterWord = next + word.length;
    const initialNext = afterWord < text.length && text.charCodeAt(afterWord) === DOT && word.length <= 2;
    return !initialNext && r.starters.has(word);
  }

  /** Skips spaces (same line, bounded) backwards from `pos`. */
  private skipSpacesBack(pos: number): number {
    let k = pos;
    while (k > 0 && pos - k < 4 && isSpace(this.text.charCodeAt(k - 1)) && !isLineBreak(this.text.charCodeAt(k - 1))) k--;
    return k;
  }
}

/**
 * Splits a text into sentences.
 *
 * Lossless: every non-whitespace character lies in exactly one sentence, in
 * order, and only whitespace (as matched by `\s`, including NBSP, U+202F and
 * the BOM) lies between them. A blank line always ends a sentence and a
 * paragraph. A single line break ends both unless the text is hard-wrapped
 * (decided from the line widths, see {@link layout}); a line without final
 * punctuation (a headline) followed by a line starting with an uppercase
 * letter or a digit stays its own sentence. Text that lost its capitals or
 * spaces still splits: `pays. le Comité`, `pays.Le Comité`, `pays ». , la`.
 *
 * @param text - Any string (a non-string is an `InputError`).
 * @param options - Language rules ({@link french} by default).
 * @returns The sentences with their UTF-16 offsets and paragraph index.
 * @example
 * segment('M. Dupont est arrivé. Il a dit « Je pars. » Puis il est parti.')
 * // → 3 sentences: "M. Dupont est arrivé.", "Il a dit « Je pars. »", "Puis il est parti."
 */
export function segment(text: string, options?: SegmentOptions): Sentence[] {
  if (typeof text !== 'string') {
    throw new InputError(`Expected \`text\` (the text to segment) to be a string, got ${describe(text)}.`, { option: 'text' });
  }
  const o = checkOptions(options, ['rules'], 'segment');
  if (o.rules !== undefined && (typeof o.rules !== 'object' || o.rules === null || !Array.isArray((o.rules as LanguageRules).abbreviations))) {
    throw new InputError('Expected `rules` to be a LanguageRules object (see `french`).', { option: 'rules' });
  }
  const input = text;
  if (input.length === 0) return [];
  return new Scanner(input, compile((o.rules as LanguageRules | undefined) ?? french)).run();
}
