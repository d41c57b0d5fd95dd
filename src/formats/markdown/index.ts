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
import { addRunSentences, type AttributeRun, type ExtractedHtml, type FlowRun, type HtmlUnit, type InlineNode } from '../../html/extract.js';
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

function extractMarkdown(source: string, tree: Root, frontMatterKeys: readonly string[]): ExtractedHtml {
  const runs: (FlowRun | AttributeRun)[] = [];
  const units: HtmlUnit[] = [];
  const identity = (text: string, from: number): DecodedText => ({
    text,
    rawStart: [...text].flatMap((ch, i) => Array<number>(ch.length).fill(from + i)),
    rawEnd: [...text].flatMap((ch, i) => Array<number>(ch.length).fill(from + i + 1)),
  });
  const attribute = (name: string, span: [number, number], value: string, valueFrom: number) =>
    addRunSentences({ kind: 'attribute', name, span, text: identity(value, valueFrom), sentences: [] }, [], [], units, runs);

  const frontMatter = (from: number, to: number) => {
    const keys = new Set(frontMatterKeys);
    const re = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.+?)[ \t]*$/gm;
    const text = source.slice(from, to);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!keys.has(m[1]!)) continue;
      const raw = m[2]!;
      const at = from + m.index + m[0].indexOf(raw, m[1]!.length + 1);
      let value: string;
      if (/^"(?:[^"\\]|\\["\\/bfnrt])*"$/.test(raw)) value = JSON.parse(raw) as string;
      else if (/^'(?:[^']|'')*'$/.test(raw)) value = raw.slice(1, -1).replace(/''/g, "'");
      else if (/^[^\s"'#&*!|>%@`{[\-?,]/.test(raw) && !/:\s|\s#/.test(raw)) value = raw;
      else continue; // a block scalar, a list, an anchor…: kept as it is
      attribute('front-matter', [at, at + raw.length], value, at);
    }
  };

  const flowRun = (content: readonly PhrasingContent[]) => {
    const run: FlowRun = { kind: 'flow', text: { text: '', rawStart: [], rawEnd: [] }, marks: [], nodes: [], region: [0, 0], sentences: [] };
    const breaks: number[] = [];
    const codeChars: boolean[] = [];
    const deferred: [string, [number, number], string, number][] = [];
    const append = (t: DecodedText, code: boolean) => {
      run.text.text += t.text;
      run.text.rawStart.push(...t.rawStart);
      run.text.rawEnd.push(...t.rawEnd);
      for (let k = 0; k < t.text.length; k++) codeChars.push(code);
    };
    const atom = (node: Nodes, parent: InlineNode | undefined, ts: number): InlineNode => {
      const a: InlineNode = { kind: 'atom', name: node.type, ts, te: run.text.text.length, outer: [start(node)!, end(node)!], parent, children: [] };
      parent?.children.push(a);
      run.nodes.push(a);
      run.marks.push({ type: 'atom', node: a });
      return a;
    };
    const add = (node: PhrasingContent, parent: InlineNode | undefined) => {
      const s = start(node);
      const e = end(node);
      if (s === undefined || e === undefined) return;
      const pos = run.text.text.length;
      switch (node.type) {
        case 'text': {
          const from = pos;
          append(mapText(source, node.value, s, e), false);
          run.marks.push({ type: 'text', from, to: run.text.text.length });
          return;
        }
        case 'inlineCode': {
          append(mapText(source, node.value, s, e), true);
          atom(node, parent, pos);
          return;
        }
        case 'break':
          breaks.push(pos);
          atom(node, parent, pos);
          return;
        case 'image': {
          const alt = node.alt ?? '';
          if (alt && source.startsWith(alt, s + 2) && source[s + 2 + alt.length] === ']') deferred.push(['alt', [s + 2, s + 2 + alt.length], alt, s + 2]);
          const title = titleSpan(source, node, s, e);
          if (title) deferred.push(['title', title, node.title!, title[0] + 1]);
          atom(node, parent, pos);
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
            atom(node, parent, pos); // an autolink's text is its URL: kept
            return;
          }
          if (node.type === 'link') {
            const title = titleSpan(source, node, end(last)!, e);
            if (title) deferred.push(['title', title, node.title!, title[0] + 1]);
          }
          const element: InlineNode = {
            kind: 'element',
            name: node.type,
            ts: pos,
            te: pos,
            outer: [s, e],
            open: [s, start(first)!],
            close: [end(last)!, e],
            parent,
            children: [],
          };
          parent?.children.push(element);
          run.nodes.push(element);
          run.marks.push({ type: 'open', node: element });
          for (const c of node.children) add(c, element);
          element.te = run.text.text.length;
          run.marks.push({ type: 'close', node: element });
          return;
        }
        default:
          // inline HTML, footnote references, image references: kept whole
          atom(node, parent, pos);
      }
    };
    for (const node of content) add(node, undefined);
    const first = content[0];
    const last = content[content.length - 1];
    if (first && last && start(first) !== undefined && end(last) !== undefined) {
      run.region = [start(first)!, end(last)!];
      addRunSentences(run, breaks, codeChars, units, runs);
    }
    for (const [name, span, value, from] of deferred) attribute(name, span, value, from);
  };

  const visit = (node: Nodes) => {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
      case 'tableCell':
        flowRun(node.children);
        return;
      case 'yaml':
        if (frontMatterKeys.length > 0 && start(node) !== undefined) frontMatter(start(node)!, end(node)!);
        return;
      case 'code':
      case 'html':
      case 'definition':
      case 'thematicBreak':
        return; // kept byte for byte
      default:
        if ('children' in node) for (const c of (node as Parent).children) visit(c as Nodes);
    }
  };
  visit(tree);
  return { source, units, runs, langEdits: [] };
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
