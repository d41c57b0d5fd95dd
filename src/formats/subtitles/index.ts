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

/** The text of all cues as one flow, each character mapped to its source (a space between cues). */
interface Flow {
  text: string;
  rawStart: number[];
  rawEnd: number[];
}

/** A sentence of the flow: its range and its pieces in the cues it runs across. */
interface FlowSentence {
  range: [number, number];
  pieces: Piece[];
}

/** What a cue holds in the output, in order: parts of sentences, and text outside any sentence. */
type CueParts = { at: number; text: string; sentence?: number }[];

/** Reads an SRT or WebVTT file for translation. @throws InputError on malformed timings or a missing WEBVTT header */
export function parseSubtitles(source: string, format: SubtitleFormat): ParsedDocument {
  const flow: Flow = { text: '', rawStart: [], rawEnd: [] };
  const texts = parseCues(source, format).map((cue) => readCue(source, cue, flow));
  const sentences = flowSentences(flow, texts);
  const units: FormatUnit[] = sentences.map(({ range: [a, b], pieces }) => ({
    source: flow.text.slice(a, b).replace(/\s+/g, ' ').trim(),
    start: flow.rawStart[a]!,
    end: flow.rawEnd[b - 1]!,
    paragraph: pieces[0]!.cue,
  }));
  const render = (translations: readonly string[]) => {
    const warnings: Warning[] = [];
    const parts = spreadSentences(sentences, texts, translations, warnings);
    keepOutside(flow.text, sentences, texts, parts);
    return { text: writeCues(source, texts, parts, warnings), warnings };
  };
  return { units, warningsFor: () => [], render };
}

/** Appends a cue's text to the flow, without the tags around it (kept apart) or inside it (dropped). */
function readCue(source: string, cue: Cue, flow: Flow): CueText {
  const raw = source.slice(cue.textStart, cue.textEnd);
  const prefix = LEADING_TAGS.exec(raw)?.[0] ?? '';
  const rest = raw.slice(prefix.length);
  const suffix = TRAILING_TAGS.exec(rest)?.[0] ?? '';
  const body = rest.slice(0, rest.length - suffix.length);
  if (flow.text.length > 0) {
    flow.text += ' ';
    flow.rawStart.push(cue.textStart);
    flow.rawEnd.push(cue.textStart);
  }
  const from = flow.text.length;
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
    flow.text += ch === '\n' || ch === '\r' ? ' ' : ch;
    flow.rawStart.push(base + k);
    flow.rawEnd.push(base + k + 1);
    k++;
  }
  if (innerTags) {
    // tags inside the text are dropped, so the ones around it cannot be kept balanced: keep only
    // those that need no end tag (a WebVTT voice, an SRT position)
    const open = prefix.match(TAG) ?? [];
    return { cue, prefix: open.filter((tag) => /^<v[\s.]|^\{/.test(tag)).join(''), suffix: '', from, to: flow.text.length, innerTags };
  }
  return { cue, prefix, suffix, from, to: flow.text.length, innerTags };
}

/** The flow's sentences with words, each with its share of every cue it runs across. */
function flowSentences(flow: Flow, texts: readonly CueText[]): FlowSentence[] {
  const text = flow.text;
  const sentences: FlowSentence[] = [];
  let firstCue = 0; // sentences come in order: cues wholly before the last one are done
  for (const s of segment(text)) {
    if (!LETTER.test(text.slice(s.start, s.end))) continue; // a music note, a number: kept
    const pieces: Piece[] = [];
    while (firstCue < texts.length && texts[firstCue]!.to <= s.start) firstCue++;
    for (let i = firstCue; i < texts.length && texts[i]!.from < s.end; i++) {
      const t = texts[i]!;
      const a = Math.max(s.start, t.from);
      const b = Math.min(s.end, t.to);
      if (a < b && /\S/.test(text.slice(a, b))) pieces.push({ cue: i, weight: text.slice(a, b).replace(/\s/g, '').length });
    }
    if (pieces.length > 0) sentences.push({ range: [s.start, s.end], pieces });
  }
  return sentences;
}

/** Spreads each sentence's translation over its cues (see {@link distribute}), warning where a cue's part is far from its share or empty. */
function spreadSentences(sentences: readonly FlowSentence[], texts: readonly CueText[], translations: readonly string[], warnings: Warning[]): CueParts[] {
  const parts: CueParts[] = texts.map(() => []);
  for (const [u, { range, pieces }] of sentences.entries()) {
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
      parts[p.cue]!.push({ at: Math.max(range[0], texts[p.cue]!.from), text, sentence: u });
    }
  }
  return parts;
}

/** Adds the text outside the sentences (a lone number, a symbol) to its cue's parts: it stays. */
function keepOutside(flow: string, sentences: readonly FlowSentence[], texts: readonly CueText[], parts: CueParts[]): void {
  const covered = texts.map((t) => new Array<boolean>(t.to - t.from).fill(false));
  for (const { range: [a, b], pieces } of sentences) {
    for (const p of pieces) {
      const t = texts[p.cue]!;
      for (let k = Math.max(a, t.from); k < Math.min(b, t.to); k++) covered[p.cue]![k - t.from] = true;
    }
  }
  for (const [i, t] of texts.entries()) {
    const cover = covered[i]!;
    let k = 0;
    while (k < cover.length) {
      if (cover[k]) {
        k++;
        continue;
      }
      let e = k;
      while (e < cover.length && !cover[e]) e++;
      const kept = flow.slice(t.from + k, t.from + e).trim();
      if (kept) parts[i]!.push({ at: t.from + k, text: kept });
      k = e;
    }
  }
}

/** The file with each cue's text replaced by its parts, wrapped; a cue with nothing translated keeps its source. */
function writeCues(source: string, texts: readonly CueText[], parts: CueParts[], warnings: Warning[]): string {
  const newline = /\r\n/.test(source) ? '\r\n' : '\n';
  let out = '';
  let cursor = 0;
  for (const [i, t] of texts.entries()) {
    const list = parts[i]!.sort((x, y) => x.at - y.at);
    if (list.length === 0) continue; // nothing translated in this cue: its source stays
    const lines = wrapCue(list.map((p) => p.text).join(' '));
    const sentence = list.find((p) => p.sentence !== undefined)?.sentence;
    const inSentence = sentence !== undefined ? { sentence } : {};
    if (lines.length > MAX_LINES || lines.some((l) => l.length > MAX_LINE_LENGTH)) {
      warnings.push({
        code: 'cue-overflow',
        message: `Cue ${i + 1} (${t.cue.startMs} ms) needs ${lines.length} lines${lines.some((l) => l.length > MAX_LINE_LENGTH) ? ' or a line over ' + MAX_LINE_LENGTH + ' characters' : ''} for its English (budget: ${MAX_LINES} lines of ${MAX_LINE_LENGTH}); kept whole.`,
        ...inSentence,
      });
    }
    if (t.innerTags) {
      warnings.push({ code: 'markup-dropped', message: `Cue ${i + 1} had formatting tags inside its text; they were dropped (tags around the whole cue are kept).`, ...inSentence });
    }
    out += source.slice(cursor, t.cue.textStart) + t.prefix + lines.join(newline) + t.suffix;
    cursor = t.cue.textEnd;
  }
  return out + source.slice(cursor);
}
