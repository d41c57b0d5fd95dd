/**
 * SRT and WebVTT in, the same format out. The text of all cues is read as one flow and
 * segmented into sentences, so a sentence that runs across cues is translated whole; its
 * English is then spread over the same cues, in proportion to the share of the French each cue
 * held, cut on word boundaries, never leaving a cue empty when its French was not. Each cue's
 * text is wrapped in lines of at most {@link MAX_LINE_LENGTH} characters, {@link MAX_LINES} per cue.
 */
import { segment } from '../../segment/index.js';
import type { Warning } from '../../warnings.js';
import { SUBTITLE_MAX_LINE_LENGTH, SUBTITLE_MAX_LINES } from '../limits.js';
import type { FormatUnit, ParsedDocument } from '../types.js';
import { parseCues, type Cue, type SubtitleFormat } from './parse.js';

export { SUBTITLE_FORMATS, type SubtitleFormat } from './parse.js';

/** Most characters per subtitle line in the output. */
export const MAX_LINE_LENGTH = SUBTITLE_MAX_LINE_LENGTH;
/** Most lines per cue in the output before a `cue-overflow` warning. */
export const MAX_LINES = SUBTITLE_MAX_LINES;

/** Formatting tags at the start (`<i>`, `<v Roger>`, `{\an8}`) or end (`</i>`) of a cue, kept around its new text. */
const LEADING_TAGS = /^(?:\s*(?:<[^/>][^>]*>|\{\\[^}]*\}))+/;
const TRAILING_TAGS = /(?:<\/[^>]*>\s*)+$/;
const TAG = /<[^>]*>|\{\\[^}]*\}/g;
const LETTER = /\p{L}/u;

interface CueText {
  cue: Cue;
  prefix: string;
  suffix: string;
  /** Range of the cue's clean text in the flow. */
  from: number;
  to: number;
  /** The cue had tags inside its text, dropped from the output. */
  innerTags: boolean;
}

interface Piece {
  /** Index among the cues. */
  cue: number;
  /** Characters of the sentence in that cue (without spaces). */
  weight: number;
}

/** Splits `translation` into `weights.length` parts on word boundaries, in proportion to the weights; every part gets a word while words last. */
export function distribute(translation: string, weights: readonly number[]): string[] {
  const words = translation.split(/\s+/).filter((w) => w.length > 0);
  const n = weights.length;
  if (n === 1) return [words.join(' ')];
  const total = weights.reduce((a, w) => a + Math.max(w, 1), 0);
  const chars: number[] = [0];
  for (const w of words) chars.push(chars[chars.length - 1]! + w.length + 1);
  const length = chars[chars.length - 1]!;
  const parts: string[] = [];
  let cut = 0;
  let share = 0;
  for (let i = 0; i < n; i++) {
    if (i === n - 1) {
      parts.push(words.slice(cut).join(' '));
      break;
    }
    share += Math.max(weights[i]!, 1) / total;
    const lo = Math.min(cut + 1, words.length);
    const hi = Math.max(lo, words.length - (n - 1 - i)); // leave a word for each cue after this one
    let best = lo;
    for (let c = lo; c <= hi; c++) if (Math.abs(chars[c]! / length - share) < Math.abs(chars[best]! / length - share)) best = c;
    parts.push(words.slice(cut, best).join(' '));
    cut = best;
  }
  return parts;
}

/** Wraps a cue's text in lines of at most `max` characters: one line when it fits, else lines as even as the words allow. */
export function wrapCue(text: string, max = MAX_LINE_LENGTH): string[] {
  if (text.length <= max) return [text];
  const words = text.split(' ');
  // two lines, split at the space nearest the middle with both halves fitting
  let best = -1;
  let pos = 0;
  for (let k = 0; k + 1 < words.length; k++) {
    pos += words[k]!.length + (k > 0 ? 1 : 0);
    const left = pos;
    const right = text.length - pos - 1;
    if (left <= max && right <= max && (best < 0 || Math.abs(left - right) < Math.abs(best - (text.length - best - 1)))) best = pos;
  }
  if (best >= 0) return [text.slice(0, best), text.slice(best + 1)];
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > max) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

/** Reads an SRT or WebVTT file for translation. @throws InputError on malformed timings or a missing WEBVTT header */
export function parseSubtitles(source: string, format: SubtitleFormat): ParsedDocument {
  const cues = parseCues(source, format);
  const newline = /\r\n/.test(source) ? '\r\n' : '\n';
  let flow = '';
  const rawStart: number[] = [];
  const rawEnd: number[] = [];
  const texts: CueText[] = cues.map((cue) => {
    const raw = source.slice(cue.textStart, cue.textEnd);
    const prefix = LEADING_TAGS.exec(raw)?.[0] ?? '';
    const rest = raw.slice(prefix.length);
    const suffix = TRAILING_TAGS.exec(rest)?.[0] ?? '';
    const body = rest.slice(0, rest.length - suffix.length);
    if (flow.length > 0) {
      flow += ' ';
      rawStart.push(cue.textStart);
      rawEnd.push(cue.textStart);
    }
    const from = flow.length;
    const base = cue.textStart + prefix.length;
    let innerTags = false;
    for (let k = 0; k < body.length; ) {
      TAG.lastIndex = k;
      const tag = body[k] === '<' || body[k] === '{' ? TAG.exec(body) : null;
      if (tag && tag.index === k) {
        innerTags = true;
        k += tag[0].length;
        continue;
      }
      const ch = body[k]!;
      if (ch === '\r' && body[k + 1] === '\n') {
        k++;
        continue;
      }
      flow += ch === '\n' || ch === '\r' ? ' ' : ch;
      rawStart.push(base + k);
      rawEnd.push(base + k + 1);
      k++;
    }
    if (innerTags) {
      // tags inside the text are dropped, so the ones around it cannot be kept balanced: keep only
      // those that need no end tag (a WebVTT voice, an SRT position)
      const open = prefix.match(TAG) ?? [];
      return { cue, prefix: open.filter((tag) => /^<v[\s.]|^\{/.test(tag)).join(''), suffix: '', from, to: flow.length, innerTags };
    }
    return { cue, prefix, suffix, from, to: flow.length, innerTags };
  });

  const units: FormatUnit[] = [];
  const sentencePieces: Piece[][] = [];
  const ranges: [number, number][] = [];
  let firstCue = 0; // sentences come in order: cues wholly before the last one are done
  for (const s of segment(flow)) {
    if (!LETTER.test(flow.slice(s.start, s.end))) continue; // a music note, a number: kept
    const pieces: Piece[] = [];
    while (firstCue < texts.length && texts[firstCue]!.to <= s.start) firstCue++;
    for (let i = firstCue; i < texts.length && texts[i]!.from < s.end; i++) {
      const t = texts[i]!;
      const a = Math.max(s.start, t.from);
      const b = Math.min(s.end, t.to);
      if (a < b && /\S/.test(flow.slice(a, b))) pieces.push({ cue: i, weight: flow.slice(a, b).replace(/\s/g, '').length });
    }
    if (pieces.length === 0) continue;
    units.push({ source: flow.slice(s.start, s.end).replace(/\s+/g, ' ').trim(), start: rawStart[s.start]!, end: rawEnd[s.end - 1]!, paragraph: pieces[0]!.cue });
    sentencePieces.push(pieces);
    ranges.push([s.start, s.end]);
  }

  const render = (translations: readonly string[]) => {
    const warnings: Warning[] = [];
    // what each cue holds, in order: parts of sentences, and text outside any sentence
    const parts: { at: number; text: string; sentence?: number }[][] = texts.map(() => []);
    const outside = texts.map((t) => ({ ...t, covered: new Array<boolean>(t.to - t.from).fill(false) }));
    for (const [u, pieces] of sentencePieces.entries()) {
      const [a, b] = ranges[u]!;
      const split = distribute(translations[u] ?? '', pieces.map((p) => p.weight));
      const total = pieces.reduce((sum, p) => sum + Math.max(p.weight, 1), 0);
      const length = split.join(' ').length;
      for (const [k, p] of pieces.entries()) {
        let text = split[k]!;
        const share = Math.round((Math.max(p.weight, 1) / total) * length);
        if (pieces.length > 1 && text.length > share * 1.5 + 12) {
          warnings.push({
            code: 'cue-overflow',
            message: `Cue ${p.cue + 1} took ${text.length} characters of sentence ${u}'s translation where its share was about ${share} (the words did not split closer).`,
            sentence: u,
          });
        }
        if (text.length === 0) {
          text = '…';
          warnings.push({ code: 'cue-overflow', message: `The translation of sentence ${u} has fewer words than the ${pieces.length} cues it runs across; a cue holds "…".`, sentence: u });
        }
        parts[p.cue]!.push({ at: Math.max(a, texts[p.cue]!.from), text, sentence: u });
      }
      for (const p of pieces) {
        const t = outside[p.cue]!;
        for (let k = Math.max(a, t.from); k < Math.min(b, t.to); k++) t.covered[k - t.from] = true;
      }
    }
    for (const [i, t] of outside.entries()) {
      // text outside the sentences (a lone number, a symbol) stays
      let k = 0;
      while (k < t.covered.length) {
        if (t.covered[k]) {
          k++;
          continue;
        }
        let e = k;
        while (e < t.covered.length && !t.covered[e]) e++;
        const kept = flow.slice(t.from + k, t.from + e).trim();
        if (kept) parts[i]!.push({ at: t.from + k, text: kept });
        k = e;
      }
    }
    let out = '';
    let cursor = 0;
    for (const [i, t] of texts.entries()) {
      const list = parts[i]!.sort((x, y) => x.at - y.at);
      if (list.length === 0) continue; // nothing translated in this cue: its source stays
      const text = list.map((p) => p.text).join(' ');
      const lines = wrapCue(text);
      if (lines.length > MAX_LINES || lines.some((l) => l.length > MAX_LINE_LENGTH)) {
        const sentence = list.find((p) => p.sentence !== undefined)?.sentence;
        warnings.push({
          code: 'cue-overflow',
          message: `Cue ${i + 1} (${t.cue.startMs} ms) needs ${lines.length} lines${lines.some((l) => l.length > MAX_LINE_LENGTH) ? ' or a line over ' + MAX_LINE_LENGTH + ' characters' : ''} for its English (budget: ${MAX_LINES} lines of ${MAX_LINE_LENGTH}); kept whole.`,
          ...(sentence !== undefined ? { sentence } : {}),
        });
      }
      if (t.innerTags) {
        const sentence = list.find((p) => p.sentence !== undefined)?.sentence;
        warnings.push({ code: 'markup-dropped', message: `Cue ${i + 1} had formatting tags inside its text; they were dropped (tags around the whole cue are kept).`, ...(sentence !== undefined ? { sentence } : {}) });
      }
      out += source.slice(cursor, t.cue.textStart) + t.prefix + lines.join(newline) + t.suffix;
      cursor = t.cue.textEnd;
    }
    return { text: out + source.slice(cursor), warnings };
  };

  return { units, warningsFor: () => [], render };
}
