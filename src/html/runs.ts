/**
 * The runs of a document read for translation (HTML, and Markdown read the same way): a flow run
 * is the inline content between two block boundaries, an attribute run one translated attribute.
 * Each run is segmented into sentences; every inline element of a flow run is recorded with its
 * place in the run's text and its source bytes, so that the renderer can rebuild the document from
 * the original source around the translations.
 */
import { segment } from '../segment/index.js';
import type { DecodedText } from './decode.js';

/** A source range `[start, end)` in the input HTML. */
export type Span = readonly [number, number];

/** An inline element (or a piece of markup kept whole: code, an image, a comment) inside a run. */
export interface InlineNode {
  /** `element`: tags around text that may be placed; `atom`: kept whole, from its source bytes. */
  kind: 'element' | 'atom';
  /** Tag name, or `#comment`. */
  name: string;
  /** Range of the node's text in the run's text. */
  ts: number;
  te: number;
  /** Source of the start tag and end tag (elements; the end tag may be implied). */
  open?: Span;
  close?: Span;
  /** Source of the whole node. */
  outer: Span;
  parent: InlineNode | undefined;
  children: InlineNode[];
}

/** What a run's content is made of, in document order. */
export type Mark =
  | { type: 'text'; from: number; to: number }
  | { type: 'open'; node: InlineNode }
  | { type: 'close'; node: InlineNode }
  | { type: 'atom'; node: InlineNode };

/** One sentence of a run: its range in the run's text and its index among the document's units. */
export interface RunSentence {
  a: number;
  b: number;
  unit: number;
}

/** Inline content between block boundaries. */
export interface FlowRun {
  kind: 'flow';
  text: DecodedText;
  marks: Mark[];
  nodes: InlineNode[];
  /** Source range the run covers (rebuilt when it has sentences). */
  region: Span;
  sentences: RunSentence[];
}

/** A translated attribute (`alt`, `title`). */
export interface AttributeRun {
  kind: 'attribute';
  name: string;
  /** Source of the whole attribute, `name="value"`. */
  span: Span;
  text: DecodedText;
  sentences: RunSentence[];
}

/** One sentence to translate. */
export interface HtmlUnit {
  /** The sentence's text as the model sees it: entities decoded, white space collapsed. */
  source: string;
  /** Offset of the sentence in the input HTML. */
  start: number;
  /** Offset just past the sentence in the input HTML. */
  end: number;
  /** Index of the run (block, title, attribute) holding the sentence. */
  paragraph: number;
  /**
   * Text of the sentence that must reach the translation verbatim: inline code and markup with
   * `translate="no"` or `class="notranslate"`; the pipeline makes each one a constraint.
   */
  keep?: readonly string[];
}

/** A document read for translation. */
export interface ExtractedHtml {
  source: string;
  units: HtmlUnit[];
  runs: (FlowRun | AttributeRun)[];
  /** `lang` attributes to rewrite, by source span. */
  langEdits: Span[];
}

const LETTER = /\p{L}/u;
const WHITE_SPACE = /\s+/g;

/** Collapses white space (including no-break spaces) to single spaces and trims. */
export function normalizeSpace(text: string): string {
  return text.replace(WHITE_SPACE, ' ').trim();
}

/** The text of the atoms (code, markup not to translate) inside `[a, b)` of a run, each once, in order. */
function keptText(run: FlowRun, a: number, b: number): string[] {
  const keep: string[] = [];
  for (const node of run.nodes) {
    if (node.kind !== 'atom' || node.te <= node.ts || node.ts < a || node.te > b) continue;
    const text = normalizeSpace(run.text.text.slice(node.ts, node.te));
    if (text.length > 0 && !keep.includes(text)) keep.push(text);
  }
  return keep;
}

/**
 * Segments a run's text into sentences (never across `breaks`, the offsets of line breaks), and
 * appends them to `units` and the run to `runs` when it has any. Text made only of numbers,
 * punctuation or code (`codeChars`) is not a sentence: it is kept as it is.
 */
export function addRunSentences<R extends FlowRun | AttributeRun>(
  run: R,
  breaks: readonly number[],
  codeChars: readonly boolean[],
  units: HtmlUnit[],
  runs: (FlowRun | AttributeRun)[],
): void {
  const { text } = run;
  if (!LETTER.test(text.text)) return;
  // white space inside a run is not a line break: segment a copy with line breaks as spaces (same offsets)
  const flat = text.text.replace(/[\t\n\r\f]/g, ' ');
  const cuts = [0, ...breaks, flat.length];
  for (let c = 0; c + 1 < cuts.length; c++) {
    const from = cuts[c]!;
    for (const s of segment(flat.slice(from, cuts[c + 1]!))) {
      const a = from + s.start;
      const b = from + s.end;
      let hasWords = false;
      for (let k = a; k < b && !hasWords; k++) hasWords = !codeChars[k] && LETTER.test(text.text[k]!);
      if (!hasWords) continue; // numbers, punctuation, code alone: kept as they are
      run.sentences.push({ a, b, unit: units.length });
      const keep = run.kind === 'flow' ? keptText(run, a, b) : [];
      units.push({
        source: normalizeSpace(text.text.slice(a, b)),
        start: text.rawStart[a]!,
        end: text.rawEnd[b - 1]!,
        paragraph: runs.length,
        ...(keep.length > 0 ? { keep } : {}),
      });
    }
  }
  if (run.sentences.length > 0) runs.push(run);
}

/**
 * Builds a flow run from its inline content in document order: text, atoms kept whole (code, an
 * image, a comment, a line break) and elements around text, which the renderer places in the
 * translation. Each format reads its own syntax and hands the builder what it found.
 */
export class FlowRunBuilder {
  readonly run: FlowRun = { kind: 'flow', text: { text: '', rawStart: [], rawEnd: [] }, marks: [], nodes: [], region: [0, 0], sentences: [] };
  /** Offsets of the line breaks in the run's text: no sentence spans one. */
  private readonly breaks: number[] = [];
  /** Per character of the run's text: true for code (kept as it is, never a sentence's words). */
  private readonly codeChars: boolean[] = [];

  /** The length of the run's text so far: where the next content starts. */
  get position(): number {
    return this.run.text.text.length;
  }

  /** Appends translatable text. */
  text(t: DecodedText): void {
    const from = this.position;
    this.append(t, false);
    this.run.marks.push({ type: 'text', from, to: this.position });
  }

  /** Appends the text of code (or of markup not to translate): part of the run's text, never words to translate; an atom covers it. */
  code(t: DecodedText): void {
    this.append(t, true);
  }

  /** Marks a line break at the current position. */
  lineBreak(): void {
    this.breaks.push(this.position);
  }

  /** Records an atom kept whole from its source bytes `outer`, covering the run's text from `ts` to here. */
  atom(name: string, outer: Span, parent: InlineNode | undefined, ts = this.position): InlineNode {
    const atom: InlineNode = { kind: 'atom', name, ts, te: this.position, outer, parent, children: [] };
    return this.place(atom, 'atom');
  }

  /** Opens an element around the text that follows, with the source of its start and end tags; {@link close} ends it. */
  open(name: string, outer: Span, parent: InlineNode | undefined, tags: { open?: Span | undefined; close?: Span | undefined }): InlineNode {
    const pos = this.position;
    const element: InlineNode = {
      kind: 'element',
      name,
      ts: pos,
      te: pos,
      outer,
      parent,
      children: [],
      ...(tags.open ? { open: tags.open } : {}),
      ...(tags.close ? { close: tags.close } : {}),
    };
    return this.place(element, 'open');
  }

  /** Closes an element {@link open}ed before: it covers the text appended since. */
  close(element: InlineNode): void {
    element.te = this.position;
    this.run.marks.push({ type: 'close', node: element });
  }

  /** Adds the run covering the source `region` and its sentences to `units` and `runs` (nothing without a region). */
  finish(region: Span | undefined, units: HtmlUnit[], runs: (FlowRun | AttributeRun)[]): void {
    if (!region) return;
    this.run.region = region;
    addRunSentences(this.run, this.breaks, this.codeChars, units, runs);
  }

  private append(t: DecodedText, code: boolean): void {
    const { text } = this.run;
    text.text += t.text;
    text.rawStart.push(...t.rawStart);
    text.rawEnd.push(...t.rawEnd);
    for (let k = 0; k < t.text.length; k++) this.codeChars.push(code);
  }

  private place(node: InlineNode, mark: 'atom' | 'open'): InlineNode {
    node.parent?.children.push(node);
    this.run.nodes.push(node);
    this.run.marks.push({ type: mark, node });
    return node;
  }
}
