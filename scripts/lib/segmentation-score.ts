/**
 * Boundary scoring of sentence splitters on the segmentation dev sets, shared
 * by `scripts/diagnostics/score-segmentation.ts` and the dev-set tests.
 *
 * A boundary is the end offset (UTF-16, exclusive) of a sentence. Gold
 * boundaries come from locating each gold sentence in the text, searching
 * forward from the previous gold end. The messy sets keep the clean gold
 * sentences while their text lost capitals, spaces or gained line breaks, so
 * sentences are located on the non-whitespace characters, case-insensitively.
 * The end of the document is excluded from both gold and predicted
 * boundaries: every splitter gets it for free, so counting it would only
 * inflate the scores.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One document of the dev set (one JSON object per line). */
export interface DevDoc {
  id: string;
  text: string;
  /** Gold sentences, substrings of `text`, in order. */
  sentences: string[];
  /** Indices of gold sentences that hold more than one real sentence (clean set only). */
  suspect_multi_sentence?: number[];
}

/** A sentence splitter under test: text → sentence end offsets. */
export type Splitter = (text: string) => number[];

/** One boundary error, with some context around it. */
export interface BoundaryError {
  id: string;
  /** `fp`: predicted but not gold; `fn`: gold but not predicted. */
  kind: 'fp' | 'fn';
  offset: number;
  /** Text around the offset, the boundary shown as `⟂`. */
  context: string;
  /** Whether the offset lies inside a gold sentence flagged `suspect_multi_sentence`. */
  suspect: boolean;
}

/** Micro-averaged boundary scores over a set of documents. */
export interface Score {
  tp: number;
  fp: number;
  fn: number;
  /** False positives inside gold sentences flagged `suspect_multi_sentence`. */
  suspectFp: number;
  precision: number;
  recall: number;
  f1: number;
  errors: BoundaryError[];
}

/** Default location of the dev set: `<repo>/../shared/data/segmentation-dev.jsonl`. */
export const DEV_SET_PATH = fileURLToPath(new URL('../../../shared/data/segmentation-dev.jsonl', import.meta.url));

/** The five dev sets: the clean one and its four damaged variants (`../shared/data/segmentation-dev-messy/`). */
export const DEV_SETS = [
  { name: 'clean', path: DEV_SET_PATH },
  ...(['lines', 'wrapped', 'lowercase', 'nospace'] as const).map((name) => ({
    name,
    path: fileURLToPath(new URL(`../../../shared/data/segmentation-dev-messy/${name}.jsonl`, import.meta.url)),
  })),
] as const;

/** Name of one of the {@link DEV_SETS}. */
export type DevSetName = (typeof DEV_SETS)[number]['name'];

/** Reads a JSONL dev set. */
export function loadDevSet(path: string = DEV_SET_PATH): DevDoc[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DevDoc);
}

/** Non-whitespace characters of `text`, lowercased one by one, with their offsets. */
function compact(text: string): { chars: string; offsets: number[] } {
  let chars = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) continue;
    const lower = ch.toLowerCase();
    chars += lower.length === 1 ? lower : ch;
    offsets.push(i);
  }
  return { chars, offsets };
}

/**
 * Gold sentence spans `[start, end)` of a document, located in order on the
 * non-whitespace characters, ignoring case (so the clean gold sentences map
 * onto the damaged texts: lower-cased starts, lost spaces, hard wraps).
 */
export function goldSpans(doc: DevDoc): [number, number][] {
  const spans: [number, number][] = [];
  const text = compact(doc.text);
  let pos = 0;
  for (const sentence of doc.sentences) {
    const needle = compact(sentence).chars;
    const at = needle === '' ? -1 : text.chars.indexOf(needle, pos);
    if (at < 0) throw new Error(`${doc.id}: gold sentence not found after offset ${pos}: ${sentence.slice(0, 60)}`);
    pos = at + needle.length;
    spans.push([text.offsets[at]!, text.offsets[pos - 1]! + 1]);
  }
  return spans;
}

/** Gold boundary offsets of a document (its final end excluded). */
export function goldBoundaries(doc: DevDoc): number[] {
  return dropFinal(
    goldSpans(doc).map(([, end]) => end),
    doc.text,
  );
}

/** Removes boundaries at (or after, modulo trailing whitespace) the end of the text. */
export function dropFinal(ends: readonly number[], text: string): number[] {
  const last = text.trimEnd().length;
  return [...new Set(ends)].filter((e) => e < last).sort((a, b) => a - b);
}

/** Sentence end offsets from `Intl.Segmenter(locale, { granularity: 'sentence' })`, trimmed. */
export function intlSplitter(locale = 'fr'): Splitter {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
  return (text) => {
    const ends: number[] = [];
    for (const { segment, index } of segmenter.segment(text)) {
      const trimmed = segment.trimEnd();
      if (trimmed.trim() !== '') ends.push(index + trimmed.length);
    }
    return ends;
  };
}

function context(text: string, offset: number, width = 50): string {
  const left = text.slice(Math.max(0, offset - width), offset);
  const right = text.slice(offset, offset + width);
  return `${left}⟂${right}`.replace(/\n/g, '⏎');
}

/** Scores a splitter against the gold boundaries of `docs`. */
export function scoreSplitter(docs: readonly DevDoc[], split: Splitter): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let suspectFp = 0;
  const errors: BoundaryError[] = [];
  for (const doc of docs) {
    const spans = goldSpans(doc);
    const suspectSpans = (doc.suspect_multi_sentence ?? []).flatMap((i) => spans.slice(i, i + 1));
    const inSuspect = (offset: number): boolean => suspectSpans.some(([a, b]) => offset > a && offset < b);
    const gold = new Set(goldBoundaries(doc));
    const pred = new Set(dropFinal(split(doc.text), doc.text));
    for (const p of pred) {
      if (gold.has(p)) tp++;
      else {
        fp++;
        const suspect = inSuspect(p);
        if (suspect) suspectFp++;
        errors.push({ id: doc.id, kind: 'fp', offset: p, context: context(doc.text, p), suspect });
      }
    }
    for (const g of gold) {
      if (!pred.has(g)) {
        fn++;
        errors.push({ id: doc.id, kind: 'fn', offset: g, context: context(doc.text, g), suspect: false });
      }
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, suspectFp, precision, recall, f1, errors };
}

/**
 * Checks the lossless invariant of a segmentation: spans in order, trimmed,
 * `text === input.slice(start, end)`, whitespace-only gaps. Returns the first
 * violation found, or `null`.
 */
export function losslessViolation(
  input: string,
  sentences: readonly { text: string; start: number; end: number; paragraph: number }[],
): string | null {
  let pos = 0;
  let paragraph = 0;
  for (const [i, s] of sentences.entries()) {
    if (s.start < pos || s.end <= s.start || s.end > input.length) return `sentence ${i}: bad span ${s.start}-${s.end}`;
    if (input.slice(s.start, s.end) !== s.text) return `sentence ${i}: text differs from input.slice(start, end)`;
    if (/^\s|\s$/.test(s.text)) return `sentence ${i}: not trimmed`;
    if (/\S/.test(input.slice(pos, s.start))) return `sentence ${i}: non-whitespace gap before it`;
    if (s.paragraph < paragraph) return `sentence ${i}: paragraph index goes down`;
    pos = s.end;
    paragraph = s.paragraph;
  }
  if (/\S/.test(input.slice(pos))) return 'non-whitespace text after the last sentence';
  return null;
}

/**
 * Gold paragraph count of a document of the set `set`: its non-empty lines in
 * `lines` (one paragraph per line), its blank-line-separated blocks elsewhere.
 */
export function goldParagraphs(doc: DevDoc, set: DevSetName): number {
  const parts = set === 'lines' ? doc.text.split('\n') : doc.text.split(/\n[^\S\n]*\n/);
  return parts.filter((p) => p.trim() !== '').length;
}

/** Documents whose predicted paragraph count differs from {@link goldParagraphs}. */
export function paragraphMismatches(
  docs: readonly DevDoc[],
  set: DevSetName,
  countParagraphs: (text: string) => number,
): { id: string; gold: number; predicted: number }[] {
  return docs
    .map((doc) => ({ id: doc.id, gold: goldParagraphs(doc, set), predicted: countParagraphs(doc.text) }))
    .filter((m) => m.gold !== m.predicted);
}
