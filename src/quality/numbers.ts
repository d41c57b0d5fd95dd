/**
 * Numbers of a French or English text, normalised so that a correct translation's numbers
 * match its source's: "2,1 milliards" and "$2.1 billion" are both 2.1e9, "1 500" and "1,500" are
 * 1500, "19 h" and "7 p.m." are both 19:00.
 *
 * Each number becomes an item with every value it may mean (an ambiguous "1,500" in French is
 * 1.5 or 1500; "7:30" without a.m./p.m. is 7:30 or 19:30). Figures written with digits are *hard*:
 * they must have a counterpart; numbers written as words ("four", "dizaine", "XXIe") are *soft*:
 * they can be a digit's counterpart, but translators reword them freely, so they never raise a flag.
 */
import { EN_NUMBER_WORDS, FR_MAGNITUDES, FR_NUMBER_WORDS, MAGNITUDES, MULTIPLIERS } from './lexicon.js';
import type { Token } from './text.js';

/** The language whose conventions a text is read with. */
export type NumberLanguage = 'fr' | 'en';

/** One number of a text. */
export interface NumberItem {
  /** As written, with its magnitude word ("2,1 milliards", "7 p.m."). */
  text: string;
  /** Every value it may mean: numbers as canonical strings, times as `t19:30`. */
  values: string[];
  /** Written with digits (must have a counterpart), else a number word. */
  hard: boolean;
}

/**
 * A figure: digits grouped by spaces (French thousands: plain, no-break or narrow no-break space)
 * with an optional decimal part, or digits with `.`, `,` or `:` separators.
 */
const FIGURE = /\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,:]\d+)*/g;
/** After a figure: a magnitude or unit word ("milliards", "bn", "M€", "h"). */
const AFTER_WORD = /[ \u00a0\u202f-]?(\p{L}+)/uy;
/** French clock time after a figure: "h", "h30", " h 30", " heures 30". */
const FR_HOUR = /[ \u00a0\u202f]?h(?:eures?)?(?:[ \u00a0\u202f]?(\d{2}))?(?![\p{L}\d])/uy;
/** English a.m./p.m. after a figure. */
const EN_MERIDIEM = /[ \u00a0\u202f]?([ap])\.?[ \u00a0\u202f]?m(?:\.|(?![\p{L}]))/iuy;
const CURRENCY_BEFORE = /[$€£¥][ \u00a0\u202f]?$/u;
const CURRENCY_AFTER = /^[ \u00a0\u202f]?[$€£¥]/u;
/** "XIV", "XXIe", "Ier", "Ve": two roman letters or more, or one with a French ordinal ending (not "Le", "Ce"). */
const ROMAN = /^([IVXLC]{2,}|[IVX](?=(?:e|er|re|ème|eme|è)$))(?:e|er|re|ème|eme|è)?$/u;
const ROMAN_DIGITS: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

/** A canonical string for a value (floating-point noise removed). */
function key(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function time(hours: number, minutes: number): string {
  return `t${hours}:${String(minutes).padStart(2, '0')}`;
}

/** Values of a figure's digits and separators, before any magnitude (several when ambiguous). */
function figureValues(raw: string, language: NumberLanguage): number[][] {
  const compact = raw.replace(/[ \u00a0\u202f]/g, '');
  if (compact !== raw) return [[Number(compact.replace(',', '.'))]];
  if (/^\d+$/.test(raw)) return [[Number(raw)]];
  if (/^\d{1,2}:\d{2}$/.test(raw)) return [[Number(raw.slice(0, raw.indexOf(':')))]]; // a clock time, read by the caller
  if (raw.includes(':')) return raw.split(/[:.,]/).map((part) => [Number(part)]);
  const parts = raw.split(/[.,]/);
  const separators = raw.replace(/\d/g, '');
  if (parts.length === 2) {
    const [whole, fraction] = parts as [string, string];
    const decimal = Number(`${whole}.${fraction}`);
    // "1,500" or "1.500": thousands or a decimal, by convention; both readings are kept, except
    // for an English "1,500", which is only ever 1500
    if (fraction.length === 3 && whole.length <= 3 && whole !== '0') {
      return language === 'en' && separators === ',' ? [[Number(whole + fraction)]] : [[decimal, Number(whole + fraction)]];
    }
    return [[decimal]];
  }
  // "1,500,000", "1.500.000,25", "1,500,000.5": repeated thousands separator, then maybe a decimal one
  const thousands = separators[0]!;
  const groups = raw.split(/[.,]/);
  const lastSep = separators[separators.length - 1]!;
  const allThousands = [...separators].every((s) => s === thousands);
  const middleOk = groups.slice(1, allThousands ? undefined : -1).every((g) => g.length === 3) && groups[0]!.length <= 3;
  if (middleOk && (allThousands || [...separators.slice(0, -1)].every((s) => s === thousands))) {
    if (allThousands) return [[Number(groups.join(''))]];
    if (lastSep !== thousands) return [[Number(`${groups.slice(0, -1).join('')}.${groups[groups.length - 1]}`)]];
  }
  // a date "12.03.2010" or a version "1.2.3": each part is a number
  return parts.map((part) => [Number(part)]);
}

/** A figure being read: its values so far, how it is shown and where it ends (after a unit it took in). */
interface Reading {
  values: string[];
  shown: string;
  end: number;
}

/** A French clock time: "19 h" (7 p.m. too), "8 h 30". */
function readFrenchHour(text: string, start: number, integer: number, reading: Reading): void {
  FR_HOUR.lastIndex = reading.end;
  const hour = FR_HOUR.exec(text);
  if (!hour) return;
  const minutes = hour[1] === undefined ? 0 : Number(hour[1]);
  reading.values = hour[1] === undefined ? [time(integer, 0), key(integer)] : [time(integer, minutes)];
  if (integer > 12) reading.values.push(time(integer - 12, minutes)); // "19 h" → "7:00", the p.m. left implicit
  reading.shown = text.slice(start, FR_HOUR.lastIndex);
  reading.end = FR_HOUR.lastIndex;
}

/** A clock time: "7:30", "7 p.m.", "7.30 am" (English), "7:30" (French). */
function readClock(text: string, start: number, hours: number, minutes: number, clock: RegExpExecArray | null, language: NumberLanguage, reading: Reading): void {
  EN_MERIDIEM.lastIndex = reading.end;
  const meridiem = language === 'en' ? EN_MERIDIEM.exec(text) : null;
  const colon = clock?.[2] === ':';
  if (hours > 24 || minutes >= 60 || !(meridiem || colon || (clock && language === 'en'))) return;
  const pm = meridiem?.[1]?.toLowerCase() === 'p';
  const base = meridiem ? (hours % 12) + (pm ? 12 : 0) : hours;
  const readingsAsTime = [time(base, minutes)];
  if (!meridiem && hours < 12) readingsAsTime.push(time(hours + 12, minutes)); // "7:30" may be evening
  if (!clock) readingsAsTime.push(key(hours)); // "7 pm": the 7 alone too
  else if (!colon) readingsAsTime.push(...reading.values); // "7.30" may be a decimal
  reading.values = readingsAsTime;
  if (meridiem) {
    reading.shown = text.slice(start, EN_MERIDIEM.lastIndex);
    reading.end = EN_MERIDIEM.lastIndex;
  }
}

/** A magnitude or money unit after a figure: "2,1 milliards", "$3bn", "5 M€", "10k". */
function readMagnitude(text: string, start: number, base: readonly number[], language: NumberLanguage, reading: Reading): void {
  AFTER_WORD.lastIndex = reading.end;
  const word = AFTER_WORD.exec(text)?.[1];
  if (!word) return;
  const lower = word.toLowerCase();
  const factor = (language === 'fr' ? FR_MAGNITUDES.get(lower) : undefined) ?? MAGNITUDES.get(lower);
  const money = CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 3), start)) || CURRENCY_AFTER.test(text.slice(AFTER_WORD.lastIndex, AFTER_WORD.lastIndex + 2));
  if (factor !== undefined) {
    reading.values = base.map((v) => key(v * factor));
    reading.shown = text.slice(start, AFTER_WORD.lastIndex);
  } else if (lower === 'm' || lower === 'k' || lower === 'md' || lower === 'mds') {
    // "$5m", "5 M€", "10k": a magnitude with money; without it, maybe metres or kilo-
    const f = lower === 'k' ? 1e3 : lower === 'm' ? 1e6 : 1e9;
    reading.values = money ? base.map((v) => key(v * f)) : [...reading.values, ...base.map((v) => key(v * f))];
    reading.shown = text.slice(start, AFTER_WORD.lastIndex);
  }
}

/** Years written short: a decade ("les années 80", "the '50s", "the 60s") or a range's end ("2010-15"). */
function shortYears(text: string, start: number, raw: string, end: number, previous: { end: number; raw: string } | undefined): string[] {
  const years: string[] = [];
  if (/^\d0$/.test(raw) && (/ann[ée]es[ \u00a0]$/u.test(text.slice(Math.max(0, start - 7), start)) || text[start - 1] === '\'' || text[start - 1] === '’' || text[end] === 's')) {
    years.push(key(1900 + Number(raw)));
  }
  if (previous && previous.end === start - 1 && /^\d{4}$/.test(previous.raw) && /^\d{2}$/.test(raw) && /[-–/]/.test(text[start - 1]!)) {
    years.push(key(Number(previous.raw.slice(0, 2) + raw)));
  }
  return years;
}

/**
 * The numbers of `text` (digits and number words), read with the conventions of `language`.
 * `tokens` are the text's words (see `tokenize`), shared with the other checks.
 */
export function extractNumbers(text: string, tokens: readonly Token[], language: NumberLanguage): NumberItem[] {
  const items: NumberItem[] = [];
  FIGURE.lastIndex = 0;
  let previous: { end: number; raw: string } | undefined;
  for (let match = FIGURE.exec(text); match; match = FIGURE.exec(text)) {
    const raw = match[0];
    const start = match.index;
    const readings = figureValues(raw, language);
    if (readings.length > 1) {
      for (const [i, values] of readings.entries()) items.push({ text: raw.split(/[:.,]/)[i] ?? raw, values: values.map(key), hard: true });
      previous = { end: start + raw.length, raw };
      continue;
    }
    const reading: Reading = { values: readings[0]!.map(key), shown: raw, end: start + raw.length };
    const clock = /^(\d{1,2})([:.])(\d{2})$/.exec(raw);
    const integer = /^\d{1,2}$/.test(raw) ? Number(raw) : undefined;
    if (language === 'fr' && integer !== undefined && integer <= 24) readFrenchHour(text, start, integer, reading);
    if (integer !== undefined || clock) readClock(text, start, clock ? Number(clock[1]) : integer!, clock ? Number(clock[3]) : 0, clock, language, reading);
    if (reading.values.every((v) => !v.startsWith('t'))) readMagnitude(text, start, readings[0]!, language, reading);
    reading.values.push(...shortYears(text, start, raw, reading.end, previous));
    items.push({ text: reading.shown, values: reading.values, hard: true });
    previous = { end: reading.end, raw };
    // what a unit took in (the minutes of "8 h 30") is not read again
    FIGURE.lastIndex = Math.max(FIGURE.lastIndex, reading.end);
  }
  addNumberWords(text, tokens, language, items);
  return items;
}

/** Number words: "vingt-cinq", "two hundred", "une dizaine", "XXIe" (soft items). */
function addNumberWords(text: string, tokens: readonly Token[], language: NumberLanguage, items: NumberItem[]): void {
  const table = language === 'fr' ? FR_NUMBER_WORDS : EN_NUMBER_WORDS;
  const connector = language === 'fr' ? 'et' : 'and';
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const roman = token.capital ? ROMAN.exec(token.text) : null;
    if (roman) {
      const value = romanValue(roman[1]!);
      if (value > 0) items.push({ text: token.text, values: [key(value)], hard: false });
      i++;
      continue;
    }
    let value = table.get(token.folded);
    if (value === undefined || (MULTIPLIERS.has(token.folded) && /\d[ \u00a0\u202f-]?$/.test(text.slice(0, token.start)))) {
      i++;
      continue;
    }
    let total = 0;
    let current = 0;
    let j = i;
    const add = (v: number, word: string) => {
      if (v === 100) current = (current || 1) * 100;
      else if (v >= 1000) {
        total += (current || 1) * v;
        current = 0;
      } else if (word.startsWith('vingt') && current === 4) current = 80; // quatre-vingts
      else current += v;
    };
    add(value, token.folded);
    j++;
    while (j < tokens.length) {
      const next = tokens[j]!;
      if (next.folded === connector) {
        // "vingt et un", "one hundred and five": a connector inside a number past twenty
        const after = tokens[j + 1];
        if (!after || total + current < 20) break;
        if (language === 'fr' && (after.folded === 'un' || after.folded === 'une' || after.folded === 'onze')) {
          add(after.folded === 'onze' ? 11 : 1, after.folded);
          j += 2;
          continue;
        }
        if ((table.get(after.folded) ?? 0) >= 1) {
          j++;
          continue;
        }
        break;
      }
      value = table.get(next.folded);
      if (value === undefined || value < 1 || next.folded === 'both' || next.folded === 'twice') break;
      add(value, next.folded);
      j++;
    }
    items.push({ text: tokens.slice(i, j).map((t) => t.text).join(' '), values: [key(total + current)], hard: false });
    i = j;
  }
  if (language === 'fr') {
    // "un"/"une" are articles as often as numbers: soft 1, a counterpart for "1" or "one"
    for (const token of tokens) if (token.folded === 'un' || token.folded === 'une') items.push({ text: token.text, values: ['1'], hard: false });
  }
}

function romanValue(numeral: string): number {
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = ROMAN_DIGITS[numeral[i]!] ?? 0;
    const next = ROMAN_DIGITS[numeral[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** Whether two items may mean the same number. */
function sameNumber(a: NumberItem, b: NumberItem): boolean {
  return a.values.some((v) => b.values.includes(v));
}

/**
 * The hard numbers of `source` with no counterpart in `target` (`missing`) and those of `target`
 * with none in `source` (`extra`). A repeated number counts once: translators merge repeats.
 */
export function compareNumbers(source: readonly NumberItem[], target: readonly NumberItem[]): { missing: string[]; extra: string[] } {
  const missing = source.filter((s) => s.hard && !target.some((t) => sameNumber(s, t))).map((s) => s.text);
  const extra = target.filter((t) => t.hard && !source.some((s) => sameNumber(s, t))).map((t) => t.text);
  return { missing: [...new Set(missing)], extra: [...new Set(extra)] };
}
