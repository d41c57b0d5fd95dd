/**
 * Reading an HTML document into runs of translatable text (see `runs.ts`): parse5 gives every
 * node its source offsets; the walker cuts the document at block boundaries, reads each stretch
 * of inline content into a flow run, and each translated attribute (`alt`, `title`) into an
 * attribute run, in reading order.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { decodeSource, type DecodedText } from './decode.js';
import { roleOf, TRANSLATED_ATTRIBUTES } from './elements.js';
import { addRunSentences, FlowRunBuilder, type AttributeRun, type ExtractedHtml, type FlowRun, type HtmlUnit, type InlineNode, type Span } from './runs.js';


type P5Node = DefaultTreeAdapterMap['node'];
type P5Element = DefaultTreeAdapterMap['element'];
type P5Text = DefaultTreeAdapterMap['textNode'];

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

/** True when an inline element holds a block, so that it must be walked as a block itself. */
function holdsBlock(element: P5Element): boolean {
  return element.childNodes.some((c) => isElement(c) && (roleOf(c.tagName) === 'block' || roleOf(c.tagName) === 'opaque' || (roleOf(c.tagName) === 'inline' && holdsBlock(c))));
}

function isInlineContent(node: P5Node): boolean {
  if (node.nodeName === '#text' || node.nodeName === '#comment') return true;
  if (!isElement(node)) return false;
  const role = roleOf(node.tagName);
  return role === 'code' || role === 'empty' || (role === 'inline' && !holdsBlock(node));
}

/** The value of an attribute as written in the source (`name="value"`, quoted or not) at `[start, end)`. */
function attributeValue(html: string, start: number, end: number): DecodedText | undefined {
  const raw = html.slice(start, end);
  const eq = raw.indexOf('=');
  if (eq < 0) return undefined;
  let from = eq + 1;
  while (from < raw.length && /\s/.test(raw[from]!)) from++;
  let to = raw.length;
  if (raw[from] === '"' || raw[from] === "'") {
    from++;
    to--;
  }
  return decodeSource(html, start + from, start + to, true);
}

/** Parses `html` with parse5 and collects the runs, their sentences and the `lang` attributes. */
export function extractHtml(html: string): ExtractedHtml {
  const document = parse(html, { sourceCodeLocationInfo: true });
  const walker = new HtmlWalker(html);
  walker.visitChildren(document.childNodes);
  return { source: html, units: walker.units, runs: walker.runs, langEdits: walker.langEdits };
}

/** Walks a parsed document in reading order, collecting runs, their sentences and `lang` attributes. */
class HtmlWalker {
  readonly runs: (FlowRun | AttributeRun)[] = [];
  readonly units: HtmlUnit[] = [];
  readonly langEdits: Span[] = [];
  /** While a flow run is read: the elements whose attributes wait for the run's text, so units stay in reading order. */
  private deferred: P5Element[] | undefined;

  constructor(private readonly html: string) {}

  /** Walks block content: inline content between blocks becomes a flow run; blocks are walked in turn. */
  visitChildren(children: readonly P5Node[]): void {
    let pending: P5Node[] = [];
    const flush = () => {
      if (pending.length > 0) this.flowRun(pending);
      pending = [];
    };
    for (const child of children) {
      if (isInlineContent(child)) {
        pending.push(child);
        continue;
      }
      flush();
      if (isElement(child)) {
        if (translateNo(child.attrs) === true) this.visitUntranslated(child);
        else {
          this.visitAttributes(child);
          if (roleOf(child.tagName) !== 'opaque') this.visitChildren(child.childNodes);
        }
      }
    }
    flush();
  }

  /** Walks markup not to translate: only its parts with `translate="yes"` are read (HTML's inheritance). */
  private visitUntranslated(element: P5Element): void {
    for (const child of element.childNodes) {
      if (!isElement(child) || roleOf(child.tagName) === 'opaque') continue;
      if (translateNo(child.attrs) === false) {
        this.visitAttributes(child);
        this.visitChildren(child.childNodes);
      } else this.visitUntranslated(child);
    }
  }

  /** Records an element's French `lang` attribute and reads its translated attributes (after the run's text, inside a run). */
  private visitAttributes(element: P5Element): void {
    if (this.deferred) {
      this.deferred.push(element);
      return;
    }
    const attrs = location(element)?.attrs;
    if (!attrs) return;
    for (const attr of element.attrs) {
      const loc = attrs[attr.name];
      if (!loc || attr.namespace) continue;
      if (attr.name === 'lang' && /^fr(-|$)/i.test(attr.value.trim())) this.langEdits.push([loc.startOffset, loc.endOffset]);
      if (!(TRANSLATED_ATTRIBUTES as readonly string[]).includes(attr.name)) continue;
      const text = attributeValue(this.html, loc.startOffset, loc.endOffset);
      if (text?.text !== attr.value) continue; // not as the parser read it: leave it alone
      addRunSentences({ kind: 'attribute', name: attr.name, span: [loc.startOffset, loc.endOffset], text, sentences: [] }, [], [], this.units, this.runs);
    }
  }

  /** Visits every element in a subtree for its attributes only (inside atoms kept whole). */
  private visitAttributesDeep(node: P5Node): void {
    if (!isElement(node)) return;
    this.visitAttributes(node);
    if (roleOf(node.tagName) !== 'opaque' && roleOf(node.tagName) !== 'code') for (const c of node.childNodes) this.visitAttributesDeep(c);
  }

  /** Reads a stretch of inline content into a flow run, then the attributes met inside it. */
  private flowRun(content: readonly P5Node[]): void {
    const builder = new FlowRunBuilder();
    const region: [number, number] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    this.deferred = [];
    for (const node of content) this.addInline(builder, region, node, undefined);
    const elements = this.deferred;
    this.deferred = undefined;
    builder.finish(region[0] <= region[1] ? region : undefined, this.units, this.runs);
    for (const element of elements) this.visitAttributes(element);
  }

  /** Adds an inline node to the run, widening `region` to the source it covers. */
  private addInline(builder: FlowRunBuilder, region: [number, number], node: P5Node, parent: InlineNode | undefined): void {
    const loc = location(node);
    const cover = (start: number, end: number) => {
      region[0] = Math.min(region[0], start);
      region[1] = Math.max(region[1], end);
    };
    if (node.nodeName === '#text') {
      const t = this.textOf(node as P5Text);
      if (!t || !loc) return;
      builder.text(t);
      cover(loc.startOffset, loc.endOffset);
      return;
    }
    if (!isElement(node)) {
      if (!loc) return;
      builder.atom(node.nodeName, [loc.startOffset, loc.endOffset], parent);
      cover(loc.startOffset, loc.endOffset);
      return;
    }
    if (!loc) {
      // made by the parser (a formatting element it reopened): no bytes of its own
      for (const c of node.childNodes) this.addInline(builder, region, c, parent);
      return;
    }
    cover(loc.startOffset, loc.endOffset);
    const role = roleOf(node.tagName);
    // markup not to translate is kept whole, like code (unless part of it asks to be translated again)
    const kept = role === 'inline' && translateNo(node.attrs) === true && !hasTranslatedPart(node);
    if (role === 'code' || role === 'empty' || kept) {
      const pos = builder.position;
      if (node.tagName === 'br') builder.lineBreak();
      if (!kept) this.visitAttributesDeep(node);
      if (role === 'code' || kept) this.codeText(builder, node);
      builder.atom(node.tagName, [loc.startOffset, loc.endOffset], parent, pos);
      return;
    }
    this.visitAttributes(node);
    const open = loc.startTag ? ([loc.startTag.startOffset, loc.startTag.endOffset] as const) : undefined;
    const close = loc.endTag ? ([loc.endTag.startOffset, loc.endTag.endOffset] as const) : undefined;
    const element = builder.open(node.tagName, [loc.startOffset, loc.endOffset], parent, { open, close });
    for (const c of node.childNodes) this.addInline(builder, region, c, element);
    builder.close(element);
  }

  /** The text of code: every text node inside, kept as it is. */
  private codeText(builder: FlowRunBuilder, node: P5Node): void {
    if (node.nodeName === '#text') {
      const t = this.textOf(node as P5Text);
      if (t) builder.code(t);
    } else if (isElement(node)) for (const c of node.childNodes) this.codeText(builder, c);
  }

  /** A text node's decoded text, each character mapped to its source bytes. */
  private textOf(node: P5Text): DecodedText | undefined {
    const loc = location(node);
    if (!loc) return undefined;
    const t = decodeSource(this.html, loc.startOffset, loc.endOffset);
    if (t.text === node.value) return t;
    // decoded differently from the parser (NUL handling…): the parser's text, mapped to the node
    return { text: node.value, rawStart: [...node.value].flatMap((ch) => Array<number>(ch.length).fill(loc.startOffset)), rawEnd: [...node.value].flatMap((ch) => Array<number>(ch.length).fill(loc.endOffset)) };
  }
}
