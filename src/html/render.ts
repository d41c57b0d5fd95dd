/**
 * Rebuilding the document around the translations. Everything outside a translated sentence is
 * copied from the source bytes; inside a sentence, inline markup is placed by these rules:
 * - markup around whole sentences stays where it was;
 * - an inline element inside a sentence wraps the same text in the translation when the
 *   translation repeats that text verbatim (a name, a number); otherwise its tag is dropped
 *   (its text is translated with the sentence) and a `markup-dropped` warning says so;
 * - an element that crosses a sentence boundary is dropped the same way;
 * - markup kept whole (inline code, `translate="no"`), its text a constraint of the translation,
 *   is placed where the translation repeats that text, else moved whole after the sentence
 *   (`markup-moved`): it is never lost;
 * - markup without text inside a sentence (an image, a comment, an empty anchor) is moved,
 *   whole, to just after the sentence, with a `markup-moved` warning.
 */
import type { Warning } from '../warnings.js';
import { normalizeSpace, type AttributeRun, type ExtractedHtml, type FlowRun, type InlineNode } from './runs.js';

type Status = { kind: 'gap' } | { kind: 'inner'; sentence: number } | { kind: 'dropped' };

/** One sentence's markup being placed in its translation, and what could not be. */
interface Placing {
  run: FlowRun;
  translation: string;
  unit: number;
  /** Nodes kept whole after the sentence (code, markup without text). */
  moved: InlineNode[];
  /** Elements kept after the sentence with a text of their own (a Markdown link's URL). */
  kept: { node: InlineNode; text: string; needle: string }[];
  warnings: Warning[];
}

interface Placed {
  node: InlineNode;
  start: number;
  end: number;
  children: Placed[];
}

/** Escapes text for an HTML text node (also right inside `<title>`). */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a double-quoted attribute value. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/**
 * How translated text is written into the source's syntax: HTML by default; other formats that
 * reuse this renderer (Markdown) give their own escaping.
 */
export interface RenderSyntax {
  /** Escapes translated text for the place between markup. */
  escapeText(text: string): string;
  /** The source that replaces a translated attribute run's span, given its translated value. */
  attribute(run: AttributeRun, value: string): string;
  /**
   * For an element the translation does not let place (a link whose text is not repeated): the
   * text to keep it with, moved after the sentence (`markup-moved`) instead of dropped, so that
   * its target survives. Undefined: dropped as usual.
   */
  unplacedText?(node: InlineNode, source: string): string | undefined;
}

const HTML_SYNTAX: RenderSyntax = {
  escapeText,
  attribute: (run, value) => `${run.name}="${escapeAttribute(value)}"`,
};

const WORD = /[\p{L}\p{N}]/u;

/** Finds `needle` in `haystack[from, to)` at word boundaries. */
export function findVerbatim(haystack: string, needle: string, from: number, to: number): number {
  if (needle.length === 0) return -1;
  for (let i = haystack.indexOf(needle, from); i >= 0 && i + needle.length <= to; i = haystack.indexOf(needle, i + 1)) {
    const before = i > 0 && WORD.test(haystack[i - 1]!) && WORD.test(needle[0]!);
    const after = i + needle.length < haystack.length && WORD.test(haystack[i + needle.length]!) && WORD.test(needle[needle.length - 1]!);
    if (!before && !after) return i;
  }
  return -1;
}

const describeNode = (node: InlineNode) => (node.name === '#comment' ? 'a comment' : `<${node.name}>`);

/** Rebuilds HTML from an extracted document and one translation per unit. */
export class HtmlRenderer {
  private readonly statuses = new Map<InlineNode, Status>();
  /** Warnings that do not depend on the translation (crossing elements), by unit. */
  private readonly fixedWarnings = new Map<number, Warning[]>();
  /** Attribute rewrites by source start: `lang`, and translated `alt`/`title` once known. */
  private readonly edits = new Map<number, { end: number; text: (t: readonly string[]) => string }>();

  private readonly escape: (text: string) => string;
  private readonly unplacedText: RenderSyntax['unplacedText'];
  /** Elements crossing a sentence boundary kept after a sentence (by unit), see `unplacedText`. */
  private readonly keptAfter = new Map<number, { node: InlineNode; text: string; needle: string }[]>();

  constructor(
    private readonly doc: ExtractedHtml,
    syntax: RenderSyntax = HTML_SYNTAX,
  ) {
    this.escape = syntax.escapeText;
    this.unplacedText = syntax.unplacedText;
    for (const [s, e] of doc.langEdits) this.edits.set(s, { end: e, text: () => 'lang="en"' });
    for (const run of doc.runs) {
      if (run.kind === 'attribute') this.edits.set(run.span[0], { end: run.span[1], text: (t) => syntax.attribute(run, this.attributeValue(run, t)) });
      else this.classify(run);
    }
  }

  /** Warnings about the markup of unit `index` translated as `translation`. */
  warningsFor(index: number, translation: string): Warning[] {
    const found = this.locate(index);
    const fixed = this.fixedWarnings.get(index) ?? [];
    if (!found) return fixed;
    return [...fixed, ...this.sentence(found.run, found.k, translation, []).warnings];
  }

  /** The translated document: the source with every sentence, `alt`, `title` and `lang` rewritten. */
  render(translations: readonly string[]): string {
    const { source } = this.doc;
    let out = '';
    let cursor = 0;
    for (const run of this.doc.runs) {
      if (run.kind !== 'flow') continue;
      out += this.raw(cursor, run.region[0], translations);
      out += this.renderRun(run, translations);
      cursor = run.region[1];
    }
    return out + this.raw(cursor, source.length, translations);
  }

  private unitRun = new Map<number, { run: FlowRun; k: number }>();

  private locate(index: number) {
    if (this.unitRun.size === 0) {
      for (const run of this.doc.runs) if (run.kind === 'flow') run.sentences.forEach((s, k) => this.unitRun.set(s.unit, { run, k }));
    }
    return this.unitRun.get(index);
  }

  /** Source bytes of `[from, to)` with the attribute rewrites inside applied. */
  private raw(from: number, to: number, translations: readonly string[]): string {
    const { source } = this.doc;
    let out = '';
    let cursor = from;
    const starts = [...this.edits.keys()].filter((s) => s >= from && s < to).sort((a, b) => a - b);
    for (const s of starts) {
      const edit = this.edits.get(s)!;
      if (edit.end > to || s < cursor) continue;
      out += source.slice(cursor, s) + edit.text(translations);
      cursor = edit.end;
    }
    return out + source.slice(cursor, to);
  }

  private attributeValue(run: AttributeRun, translations: readonly string[]): string {
    let value = '';
    let cursor = 0;
    for (const s of run.sentences) {
      value += run.text.text.slice(cursor, s.a) + (translations[s.unit] ?? '');
      cursor = s.b;
    }
    return value + run.text.text.slice(cursor);
  }

  /** Decides, for each inline node of a run, whether it stays between sentences, goes inside one, or is dropped. */
  private classify(run: FlowRun) {
    const strictly = (pos: number) => run.sentences.findIndex((s) => s.a < pos && pos < s.b);
    for (const node of run.nodes) {
      let parent = node.parent;
      while (parent && this.statuses.get(parent)!.kind === 'dropped') parent = parent.parent;
      const parentStatus = parent ? this.statuses.get(parent)! : ({ kind: 'gap' } as const);
      let status: Status;
      if (parentStatus.kind === 'gap' && strictly(node.ts) < 0 && strictly(node.te) < 0) status = { kind: 'gap' };
      else if (parentStatus.kind === 'inner') status = parentStatus;
      else {
        const k = run.sentences.findIndex((s) => s.a <= node.ts && node.te <= s.b);
        status = k >= 0 ? { kind: 'inner', sentence: k } : { kind: 'dropped' };
      }
      this.statuses.set(node, status);
      if (status.kind === 'dropped') {
        const first = run.sentences.find((s) => s.b > node.ts && s.a < node.te) ?? run.sentences[0]!;
        const list = this.fixedWarnings.get(first.unit) ?? [];
        const keptText = node.kind === 'element' && node.open && node.close ? this.unplacedText?.(node, this.doc.source) : undefined;
        if (keptText !== undefined) {
          // kept, whole, after the first sentence it touches (see `unplacedText`)
          this.keptAfter.set(first.unit, [...(this.keptAfter.get(first.unit) ?? []), { node, text: keptText, needle: normalizeSpace(run.text.text.slice(node.ts, node.te)) }]);
          continue;
        }
        list.push({
          code: 'markup-dropped',
          message: `The ${describeNode(node)} element around "${normalizeSpace(run.text.text.slice(node.ts, node.te))}" spans a sentence boundary; its text is translated without the tag.`,
          sentence: first.unit,
        });
        this.fixedWarnings.set(first.unit, list);
      }
    }
  }

  private renderRun(run: FlowRun, translations: readonly string[]): string {
    const { text } = run;
    const { source } = this.doc;
    let out = '';
    const done = new Set<number>();
    const sentenceAt = (pos: number) => run.sentences.findIndex((s) => s.a <= pos && pos < s.b);
    for (const mark of run.marks) {
      if (mark.type === 'text') {
        let k = mark.from;
        while (k < mark.to) {
          const si = sentenceAt(k);
          if (si >= 0) {
            if (!done.has(si)) {
              done.add(si);
              const unit = run.sentences[si]!.unit;
              out += this.sentence(run, si, translations[unit] ?? '', translations).html;
            }
            k = Math.min(mark.to, run.sentences[si]!.b);
            continue;
          }
          // a stretch of white space between sentences: its source bytes
          let e = k;
          while (e < mark.to && sentenceAt(e) < 0) e++;
          out += source.slice(text.rawStart[k]!, text.rawEnd[e - 1]!);
          k = e;
        }
        continue;
      }
      if (this.statuses.get(mark.node)!.kind !== 'gap') continue;
      if (mark.type === 'atom') out += this.raw(mark.node.outer[0], mark.node.outer[1], translations);
      else if (mark.type === 'open' && mark.node.open) out += this.raw(mark.node.open[0], mark.node.open[1], translations);
      else if (mark.type === 'close' && mark.node.close) out += this.raw(mark.node.close[0], mark.node.close[1], translations);
    }
    return out;
  }

  /** HTML of sentence `k` of a run, with its inline markup placed, and the warnings that placing caused. */
  private sentence(run: FlowRun, k: number, translation: string, translations: readonly string[]): { html: string; warnings: Warning[] } {
    const unit = run.sentences[k]!.unit;
    const placing: Placing = { run, translation, unit, moved: [], kept: [...(this.keptAfter.get(unit) ?? [])], warnings: [] };
    const placed: Placed[] = [];
    this.place(placing, this.sentenceRoots(run, k), 0, translation.length, placed);
    const html = this.renderPlaced(translation, 0, translation.length, placed, translations) + this.renderUnplaced(placing, translations);
    return { html, warnings: placing.warnings };
  }

  /** The outermost inline nodes inside sentence `k` (a dropped node's children stand in for it). */
  private sentenceRoots(run: FlowRun, k: number): InlineNode[] {
    const isInner = (n: InlineNode) => {
      const s = this.statuses.get(n)!;
      return s.kind === 'inner' && s.sentence === k;
    };
    return run.nodes.filter((n) => {
      if (!isInner(n)) return false;
      let p = n.parent;
      while (p && this.statuses.get(p)!.kind === 'dropped') p = p.parent;
      return !p || !isInner(p);
    });
  }

  /**
   * Finds each node's text in the translation, in order from `lo` and before `hi`, and places it
   * there (its children inside it) in `into`; a node not found is kept after the sentence, moved
   * (code) or dropped with a warning. Returns where the next node is looked for.
   */
  private place(placing: Placing, nodes: readonly InlineNode[], lo: number, hi: number, into: Placed[]): number {
    const { run, translation } = placing;
    let cursor = lo;
    for (const node of nodes) {
      if (this.statuses.get(node)!.kind === 'dropped') {
        cursor = this.place(placing, node.children, cursor, hi, into);
        continue;
      }
      const needle = normalizeSpace(run.text.text.slice(node.ts, node.te));
      if (needle.length === 0) {
        placing.moved.push(node);
        continue;
      }
      const at = findVerbatim(translation, needle, cursor, hi);
      if (at >= 0) {
        const placed: Placed = { node, start: at, end: at + needle.length, children: [] };
        into.push(placed);
        if (node.kind === 'element') this.place(placing, node.children, placed.start, placed.end, placed.children);
        cursor = placed.end;
        continue;
      }
      const keptText = node.kind === 'element' && node.open && node.close ? this.unplacedText?.(node, this.doc.source) : undefined;
      if (keptText !== undefined) {
        placing.kept.push({ node, text: keptText, needle });
        continue;
      }
      if (node.kind === 'atom') {
        placing.moved.push(node); // code is never lost: kept whole after the sentence (its text may then appear twice)
        continue;
      }
      placing.warnings.push({
        code: 'markup-dropped',
        message: `The translation does not repeat "${needle}", so its ${describeNode(node)} tag was dropped; the text is translated without it.`,
        sentence: placing.unit,
      });
      if (node.kind === 'element') cursor = this.place(placing, node.children, cursor, hi, into);
    }
    return cursor;
  }

  /** The translation from `lo` to `hi`, escaped, with the placed nodes' source markup around their text. */
  private renderPlaced(translation: string, lo: number, hi: number, list: readonly Placed[], translations: readonly string[]): string {
    let html = '';
    let pos = lo;
    for (const p of list) {
      html += this.escape(translation.slice(pos, p.start));
      if (p.node.kind === 'atom') html += this.raw(p.node.outer[0], p.node.outer[1], translations);
      else {
        html += p.node.open ? this.raw(p.node.open[0], p.node.open[1], translations) : `<${p.node.name}>`;
        html += this.renderPlaced(translation, p.start, p.end, p.children, translations);
        html += p.node.close ? this.raw(p.node.close[0], p.node.close[1], translations) : `</${p.node.name}>`;
      }
      pos = p.end;
    }
    return html + this.escape(translation.slice(pos, hi));
  }

  /** What could not be placed, just after the sentence: elements kept with a text of their own, then nodes moved whole; a warning each. */
  private renderUnplaced({ run, unit, kept, moved, warnings }: Placing, translations: readonly string[]): string {
    let html = '';
    for (const { node, text, needle } of kept) {
      html += ` ${this.raw(node.open![0], node.open![1], translations)}${text}${this.raw(node.close![0], node.close![1], translations)}`;
      warnings.push({
        code: 'markup-moved',
        message: `The translation does not repeat "${needle}", so its ${describeNode(node)} was kept just after the translation, with "${text}" as its text.`,
        sentence: unit,
      });
    }
    for (const node of moved) {
      const hasText = node.te > node.ts;
      html += (hasText ? ' ' : '') + this.raw(node.outer[0], node.outer[1], translations);
      warnings.push({
        code: 'markup-moved',
        message: hasText
          ? `The translation does not repeat the code "${normalizeSpace(run.text.text.slice(node.ts, node.te))}"; it was kept, whole, just after the translation.`
          : `${describeNode(node)} inside the sentence has no text to place; it was moved, whole, to just after the translation.`,
        sentence: unit,
      });
    }
    return html;
  }
}
