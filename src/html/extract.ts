/**
 * Reading an HTML document into runs of translatable text. A run is the inline content between
 * two block boundaries (a paragraph, a list item, a table cell, a title, an `alt` or `title`
 * attribute); it is segmented into sentences with `segment()`. Every inline element of a run
 * is recorded with its place in the run's text and its source bytes, so that the document can
 * be rebuilt from the original source around the translations.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { segment } from '../segment/index.js';
import { decodeSource, type DecodedText } from './decode.js';
import { roleOf, TRANSLATED_ATTRIBUTES } from './elements.js';

type P5Node = DefaultTreeAdapterMap['node'];
type P5Element = DefaultTreeAdapterMap['element'];
type P5Text = DefaultTreeAdapterMap['textNode'];

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

function isElement(node: P5Node): node is P5Element {
  return 'tagName' in node;
}

/** True when a descendant of `element` asks to be translated (`translate="yes"`). */
function hasTranslatedPart(element: P5Element): boolean {
  return element.childNodes.some((c) => isElement(c) && (translateNo(c.attrs) === false || hasTranslatedPart(c)));
}

function location(node: P5Node) {
  return (node as P5Element).sourceCodeLocation ?? undefined;
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
 * Whether an element is marked not to be translated: `translate="no"` (any case, the HTML
 * attribute's "no" state) or the class `notranslate`. Undefined when it does not say
 * (it inherits its parent's state); false for `translate="yes"` or an empty value.
 */
export function translateNo(attrs: readonly { name: string; value: string }[]): boolean | undefined {
  const translate = attrs.find((a) => a.name === 'translate');
  if (translate) {
    const value = translate.value.trim().toLowerCase();
    if (value === 'no') return true;
    if (value === 'yes' || value === '') return false;
  }
  const cls = attrs.find((a) => a.name === 'class');
  if (cls && cls.value.split(/[\t\n\f\r ]+/).includes('notranslate')) return true;
  return undefined;
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

/** Parses `html` with parse5 and collects the runs, their sentences and the `lang` attributes. */
export function extractHtml(html: string): ExtractedHtml {
  const document = parse(html, { sourceCodeLocationInfo: true });
  const runs: (FlowRun | AttributeRun)[] = [];
  const units: HtmlUnit[] = [];
  const langEdits: Span[] = [];

  const addSentences = (run: FlowRun | AttributeRun, breaks: readonly number[], codeChars: readonly boolean[]) =>
    addRunSentences(run, breaks, codeChars, units, runs);

  // attributes met inside a run are read after the run's text, so units stay in reading order
  let deferred: P5Element[] | undefined;
  const visitAttributes = (element: P5Element) => {
    if (deferred) {
      deferred.push(element);
      return;
    }
    const attrs = location(element)?.attrs;
    if (!attrs) return;
    for (const attr of element.attrs) {
      const loc = attrs[attr.name];
      if (!loc || attr.namespace) continue;
      if (attr.name === 'lang' && /^fr(-|$)/i.test(attr.value.trim())) langEdits.push([loc.startOffset, loc.endOffset]);
      if ((TRANSLATED_ATTRIBUTES as readonly string[]).includes(attr.name)) {
        const raw = html.slice(loc.startOffset, loc.endOffset);
        const eq = raw.indexOf('=');
        if (eq < 0) continue;
        let from = eq + 1;
        while (from < raw.length && /\s/.test(raw[from]!)) from++;
        let to = raw.length;
        if (raw[from] === '"' || raw[from] === "'") {
          from++;
          to--;
        }
        const text = decodeSource(html, loc.startOffset + from, loc.startOffset + to, true);
        if (text.text !== attr.value) continue; // not as the parser read it: leave it alone
        addSentences({ kind: 'attribute', name: attr.name, span: [loc.startOffset, loc.endOffset], text, sentences: [] }, [], []);
      }
    }
  };

  /** True when an inline element holds a block, so that it must be walked as a block itself. */
  const holdsBlock = (element: P5Element): boolean =>
    element.childNodes.some((c) => isElement(c) && (roleOf(c.tagName) === 'block' || roleOf(c.tagName) === 'opaque' || (roleOf(c.tagName) === 'inline' && holdsBlock(c))));

  const isInlineContent = (node: P5Node): boolean => {
    if (node.nodeName === '#text' || node.nodeName === '#comment') return true;
    if (!isElement(node)) return false;
    const role = roleOf(node.tagName);
    return role === 'code' || role === 'empty' || (role === 'inline' && !holdsBlock(node));
  };

  /** Visits every element in a subtree for its attributes only (inside atoms kept whole). */
  const visitAttributesDeep = (node: P5Node) => {
    if (!isElement(node)) return;
    visitAttributes(node);
    if (roleOf(node.tagName) !== 'opaque' && roleOf(node.tagName) !== 'code') for (const c of node.childNodes) visitAttributesDeep(c);
  };

  const flowRun = (content: readonly P5Node[]) => {
    const run: FlowRun = { kind: 'flow', text: { text: '', rawStart: [], rawEnd: [] }, marks: [], nodes: [], region: [0, 0], sentences: [] };
    const breaks: number[] = [];
    const codeChars: boolean[] = [];
    let regionStart = Number.POSITIVE_INFINITY;
    let regionEnd = Number.NEGATIVE_INFINITY;
    const cover = (start: number, end: number) => {
      regionStart = Math.min(regionStart, start);
      regionEnd = Math.max(regionEnd, end);
    };
    const appendText = (t: DecodedText, code: boolean) => {
      run.text.text += t.text;
      run.text.rawStart.push(...t.rawStart);
      run.text.rawEnd.push(...t.rawEnd);
      for (let k = 0; k < t.text.length; k++) codeChars.push(code);
    };
    const textOf = (node: P5Text): DecodedText | undefined => {
      const loc = location(node);
      if (!loc) return undefined;
      const t = decodeSource(html, loc.startOffset, loc.endOffset);
      if (t.text === node.value) return t;
      // decoded differently from the parser (NUL handling…): the parser's text, mapped to the node
      return { text: node.value, rawStart: [...node.value].flatMap((ch) => Array<number>(ch.length).fill(loc.startOffset)), rawEnd: [...node.value].flatMap((ch) => Array<number>(ch.length).fill(loc.endOffset)) };
    };
    const codeText = (node: P5Node) => {
      if (node.nodeName === '#text') {
        const t = textOf(node as P5Text);
        if (t) appendText(t, true);
      } else if (isElement(node)) for (const c of node.childNodes) codeText(c);
    };
    const add = (node: P5Node, parent: InlineNode | undefined) => {
      const loc = location(node);
      if (node.nodeName === '#text') {
        const t = textOf(node as P5Text);
        if (!t || !loc) return;
        const from = run.text.text.length;
        appendText(t, false);
        run.marks.push({ type: 'text', from, to: run.text.text.length });
        cover(loc.startOffset, loc.endOffset);
        return;
      }
      const pos = run.text.text.length;
      if (!isElement(node)) {
        if (!loc) return;
        const atom: InlineNode = { kind: 'atom', name: node.nodeName, ts: pos, te: pos, outer: [loc.startOffset, loc.endOffset], parent, children: [] };
        (parent?.children ?? []).push(atom);
        run.nodes.push(atom);
        run.marks.push({ type: 'atom', node: atom });
        cover(loc.startOffset, loc.endOffset);
        return;
      }
      const role = roleOf(node.tagName);
      if (!loc) {
        // made by the parser (a formatting element it reopened): no bytes of its own
        for (const c of node.childNodes) add(c, parent);
        return;
      }
      cover(loc.startOffset, loc.endOffset);
      // markup not to translate is kept whole, like code (unless part of it asks to be translated again)
      const kept = role === 'inline' && translateNo(node.attrs) === true && !hasTranslatedPart(node);
      if (role === 'code' || role === 'empty' || kept) {
        if (node.tagName === 'br') breaks.push(pos);
        if (!kept) visitAttributesDeep(node);
        if (role === 'code' || kept) codeText(node);
        const atom: InlineNode = { kind: 'atom', name: node.tagName, ts: pos, te: run.text.text.length, outer: [loc.startOffset, loc.endOffset], parent, children: [] };
        parent?.children.push(atom);
        run.nodes.push(atom);
        run.marks.push({ type: 'atom', node: atom });
        return;
      }
      visitAttributes(node);
      const element: InlineNode = {
        kind: 'element',
        name: node.tagName,
        ts: pos,
        te: pos,
        outer: [loc.startOffset, loc.endOffset],
        parent,
        children: [],
        ...(loc.startTag ? { open: [loc.startTag.startOffset, loc.startTag.endOffset] as const } : {}),
        ...(loc.endTag ? { close: [loc.endTag.startOffset, loc.endTag.endOffset] as const } : {}),
      };
      parent?.children.push(element);
      run.nodes.push(element);
      run.marks.push({ type: 'open', node: element });
      for (const c of node.childNodes) add(c, element);
      element.te = run.text.text.length;
      run.marks.push({ type: 'close', node: element });
    };
    deferred = [];
    for (const node of content) add(node, undefined);
    const elements = deferred;
    deferred = undefined;
    if (regionStart <= regionEnd) {
      run.region = [regionStart, regionEnd];
      addSentences(run, breaks, codeChars);
    }
    for (const element of elements) visitAttributes(element);
  };

  /** Walks markup not to translate: only its parts with `translate="yes"` are read (HTML's inheritance). */
  const visitUntranslated = (element: P5Element) => {
    for (const child of element.childNodes) {
      if (!isElement(child) || roleOf(child.tagName) === 'opaque') continue;
      if (translateNo(child.attrs) === false) {
        visitAttributes(child);
        visitChildren(child.childNodes);
      } else visitUntranslated(child);
    }
  };

  const visitChildren = (children: readonly P5Node[]) => {
    let pending: P5Node[] = [];
    const flush = () => {
      if (pending.length > 0) flowRun(pending);
      pending = [];
    };
    for (const child of children) {
      if (isInlineContent(child)) {
        pending.push(child);
        continue;
      }
      flush();
      if (isElement(child)) {
        if (translateNo(child.attrs) === true) visitUntranslated(child);
        else {
          visitAttributes(child);
          if (roleOf(child.tagName) !== 'opaque') visitChildren(child.childNodes);
        }
      }
    }
    flush();
  };

  visitChildren(document.childNodes);
  return { source: html, units, runs, langEdits };
}
