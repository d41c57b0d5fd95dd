/**
 * Markdown in, Markdown out. The source is parsed with micromark/mdast (CommonMark, GFM tables,
 * strikethrough, autolinks and footnotes, YAML front matter), which gives every node its source
 * offsets. Paragraphs, headings, table cells (and the paragraphs inside list items, block quotes
 * and footnotes) become runs of inline content, exactly like HTML runs, so the HTML renderer
 * places emphasis, links and inline code in the translation by the same rules. Everything
 * outside a translated sentence keeps its source bytes: fenced and indented code, HTML blocks
 * (not translated), link destinations, reference definitions, thematic breaks, front matter
 * (except the keys asked for).
 */
import type { Nodes, Parent, PhrasingContent, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import type { DecodedText } from '../../html/decode.js';
import { addRunSentences, FlowRunBuilder, type AttributeRun, type ExtractedHtml, type FlowRun, type HtmlUnit, type InlineNode } from '../../html/runs.js';
import { HtmlRenderer, type RenderSyntax } from '../../html/render.js';
import type { ParsedDocument } from '../types.js';

/** Options of Markdown input. */
export interface MarkdownOptions {
  /**
   * Front matter keys whose (single-line, scalar) values are translated; other keys are kept as they are.
   * @default [] (front matter kept byte for byte)
   * @example ['title', 'description']
   */
  frontMatterKeys?: readonly string[];
}

/** Parses Markdown source into a syntax tree with source positions. */
export function parseMarkdownTree(source: string): Root {
  return fromMarkdown(source, {
    extensions: [gfm(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
}

/** Characters with a meaning in Markdown inline syntax, escaped in translated text. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~#]/g;

/** Escapes text so Markdown reads it back as the same literal text. */
export function escapeMarkdown(text: string): string {
  // `\](` too: CommonMark reads an escaped bracket then a parenthesis as text, some renderers (marked) as a link
  return text.replace(MARKDOWN_SPECIAL, '\\$&').replace(/&(?=#?\w+;)/g, '\\&').replace(/\\\]\(/g, '\\]\\(');
}

const MARKDOWN_SYNTAX: RenderSyntax = {
  escapeText: escapeMarkdown,
  // a link the translation does not let place keeps its target: moved after the sentence, its URL as text
  unplacedText(node, source) {
    if (node.name !== 'link' || !node.close) return undefined;
    const destination = /^\]\(\s*(?:<([^>]*)>|([^\s)]+))/.exec(source.slice(node.close[0], node.close[1]));
    const url = destination?.[1] ?? destination?.[2];
    return url ? escapeMarkdown(url) : undefined;
  },
  attribute(run, value) {
    if (run.name === 'alt') return escapeMarkdown(value);
    if (run.name === 'title') return `"${value.replace(/["\\]/g, '\\$&')}"`;
    return JSON.stringify(value); // front matter: a YAML double-quoted scalar
  },
};

const start = (node: Nodes) => node.position?.start.offset;
const end = (node: Nodes) => node.position?.end.offset;

/**
 * Maps a node's value to its source: each character of `value` is looked for in the source from
 * where the previous one was found, skipping what the parser removed (escapes, block quote
 * markers, indentation); a character not found nearby (an entity) points at the cursor.
 */
function mapText(source: string, value: string, from: number, to: number): DecodedText {
  const out: DecodedText = { text: value, rawStart: [], rawEnd: [] };
  let cursor = from;
  for (const ch of value) {
    let at = -1;
    for (let k = cursor; k < Math.min(to, cursor + 16); k++) {
      if (source.startsWith(ch, k)) {
        at = k;
        break;
      }
    }
    const s = at >= 0 ? at : cursor;
    const e = at >= 0 ? at + ch.length : cursor;
    for (let u = 0; u < ch.length; u++) {
      out.rawStart.push(s);
      out.rawEnd.push(Math.max(e, s));
    }
    cursor = Math.max(cursor, e);
  }
  // white space reaches up to the next character: a line break then takes the block quote
  // marker or indentation of the next line with it
  for (let k = 0; k + 1 < value.length; k++) {
    if (/\s/.test(value[k]!)) out.rawEnd[k] = Math.max(out.rawEnd[k]!, out.rawStart[k + 1]!);
  }
  return out;
}

/** A quoted title at the end of a link or image's source, as `[from, to)` including its quotes. */
function titleSpan(source: string, node: { title?: string | null | undefined }, from: number, to: number): [number, number] | undefined {
  if (!node.title) return undefined;
  const raw = source.slice(from, to);
  const m = /\s(["'(])((?:[^\\]|\\[\s\S])*?)["')]\s*\)$/.exec(raw);
  if (!m || m[2] !== node.title) return undefined; // escapes or entities in the title: keep it as it is
  const qs = from + m.index + 1;
  return [qs, qs + m[2].length + 2];
}

/** True for a link whose text is its URL (`<https://…>`, a bare `www.…` or e-mail address). */
function isAutolink(node: PhrasingContent): boolean {
  if (node.type !== 'link' || node.children.length !== 1 || node.children[0]!.type !== 'text') return false;
  const text = node.children[0]!.value;
  return node.url === text || node.url.endsWith(`//${text}`) || node.url === `mailto:${text}`;
}

/** `text` mapped character by character to the source from `from` (text read as it is written). */
function identity(text: string, from: number): DecodedText {
  return {
    text,
    rawStart: [...text].flatMap((ch, i) => Array<number>(ch.length).fill(from + i)),
    rawEnd: [...text].flatMap((ch, i) => Array<number>(ch.length).fill(from + i + 1)),
  };
}

/** A translated attribute met in a run (an image's alt text, a title), read after the run's text: its name, source span, value and where the value starts. */
type DeferredAttribute = [name: string, span: [number, number], value: string, from: number];

/** The front matter keys to translate found in `[from, to)`, with their single-line scalar values (others are kept as they are). */
function frontMatterValues(source: string, from: number, to: number, frontMatterKeys: readonly string[]): DeferredAttribute[] {
  const keys = new Set(frontMatterKeys);
  const re = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.+?)[ \t]*$/gm;
  const text = source.slice(from, to);
  const found: DeferredAttribute[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!keys.has(m[1]!)) continue;
    const raw = m[2]!;
    const at = from + m.index + m[0].indexOf(raw, m[1]!.length + 1);
    let value: string;
    if (/^"(?:[^"\\]|\\["\\/bfnrt])*"$/.test(raw)) value = JSON.parse(raw) as string;
    else if (/^'(?:[^']|'')*'$/.test(raw)) value = raw.slice(1, -1).replace(/''/g, "'");
    else if (/^[^\s"'#&*!|>%@`{[\-?,]/.test(raw) && !/:\s|\s#/.test(raw)) value = raw;
    else continue; // a block scalar, a list, an anchor…: kept as it is
    found.push(['front-matter', [at, at + raw.length], value, at]);
  }
  return found;
}

function extractMarkdown(source: string, tree: Root, frontMatterKeys: readonly string[]): ExtractedHtml {
  const walker = new MarkdownWalker(source, frontMatterKeys);
  walker.visit(tree);
  return { source, units: walker.units, runs: walker.runs, langEdits: [] };
}

/** Walks a Markdown tree in reading order: paragraphs, headings and table cells become flow runs. */
class MarkdownWalker {
  readonly runs: (FlowRun | AttributeRun)[] = [];
  readonly units: HtmlUnit[] = [];

  constructor(
    private readonly source: string,
    private readonly frontMatterKeys: readonly string[],
  ) {}

  visit(node: Nodes): void {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
      case 'tableCell':
        this.flowRun(node.children);
        return;
      case 'yaml':
        if (this.frontMatterKeys.length > 0 && start(node) !== undefined) this.attributes(frontMatterValues(this.source, start(node)!, end(node)!, this.frontMatterKeys));
        return;
      case 'code':
      case 'html':
      case 'definition':
      case 'thematicBreak':
        return; // kept byte for byte
      default:
        if ('children' in node) for (const c of (node as Parent).children) this.visit(c as Nodes);
    }
  }

  private attributes(list: readonly DeferredAttribute[]): void {
    for (const [name, span, value, from] of list) {
      addRunSentences({ kind: 'attribute', name, span, text: identity(value, from), sentences: [] }, [], [], this.units, this.runs);
    }
  }

  /** Reads inline content into a flow run, then the attributes met inside it. */
  private flowRun(content: readonly PhrasingContent[]): void {
    const builder = new FlowRunBuilder();
    const deferred: DeferredAttribute[] = [];
    for (const node of content) this.addInline(builder, deferred, node, undefined);
    const first = content[0];
    const last = content[content.length - 1];
    const covered = first && last && start(first) !== undefined && end(last) !== undefined;
    builder.finish(covered ? [start(first)!, end(last)!] : undefined, this.units, this.runs);
    this.attributes(deferred);
  }

  private addInline(builder: FlowRunBuilder, deferred: DeferredAttribute[], node: PhrasingContent, parent: InlineNode | undefined): void {
    const s = start(node);
    const e = end(node);
    if (s === undefined || e === undefined) return;
    const { source } = this;
    const pos = builder.position;
    switch (node.type) {
      case 'text':
        builder.text(mapText(source, node.value, s, e));
        return;
      case 'inlineCode':
        builder.code(mapText(source, node.value, s, e));
        builder.atom(node.type, [s, e], parent, pos);
        return;
      case 'break':
        builder.lineBreak();
        builder.atom(node.type, [s, e], parent);
        return;
      case 'image': {
        const alt = node.alt ?? '';
        if (alt && source.startsWith(alt, s + 2) && source[s + 2 + alt.length] === ']') deferred.push(['alt', [s + 2, s + 2 + alt.length], alt, s + 2]);
        const title = titleSpan(source, node, s, e);
        if (title) deferred.push(['title', title, node.title!, title[0] + 1]);
        builder.atom(node.type, [s, e], parent);
        return;
      }
      case 'emphasis':
      case 'strong':
      case 'delete':
      case 'link':
      case 'linkReference': {
        const first = node.children[0];
        const last = node.children[node.children.length - 1];
        if (!first || !last || start(first) === undefined || end(last) === undefined || isAutolink(node)) {
          builder.atom(node.type, [s, e], parent); // an autolink's text is its URL: kept
          return;
        }
        if (node.type === 'link') {
          const title = titleSpan(source, node, end(last)!, e);
          if (title) deferred.push(['title', title, node.title!, title[0] + 1]);
        }
        const element = builder.open(node.type, [s, e], parent, { open: [s, start(first)!], close: [end(last)!, e] });
        for (const c of node.children) this.addInline(builder, deferred, c, element);
        builder.close(element);
        return;
      }
      default:
        // inline HTML, footnote references, image references: kept whole
        builder.atom(node.type, [s, e], parent);
    }
  }
}

/**
 * Reads a Markdown document for translation.
 *
 * @example
 * const doc = parseMarkdown('# Bonjour.\n\n**Le chat dort.**\n');
 * doc.render(['Hello.', 'The cat is sleeping.']).text; // '# Hello.\n\n**The cat is sleeping.**\n'
 */
export function parseMarkdown(source: string, options: MarkdownOptions = {}): ParsedDocument {
  const extracted = extractMarkdown(source, parseMarkdownTree(source), options.frontMatterKeys ?? []);
  const renderer = new HtmlRenderer(extracted, MARKDOWN_SYNTAX);
  return {
    units: extracted.units,
    warningsFor: (index, translation) => renderer.warningsFor(index, translation),
    render: (translations) => ({ text: renderer.render(translations), warnings: [] }),
  };
}
