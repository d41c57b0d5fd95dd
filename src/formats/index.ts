/**
 * Document formats: each reads its input into sentences with offsets (units) and rebuilds the
 * same format around their translations, behind one interface ({@link ParsedDocument}). HTML
 * lives in src/html/ (its renderer also places Markdown's inline markup); Markdown, subtitles
 * and .docx each have a folder here, loaded with `import()` on first use so that their parsers
 * (micromark, fflate, htmlparser2) cost nothing to who never reads them (the browser bundle).
 * No model code: the pipeline translates the units.
 *
 * @module
 */
import { InputError } from '../errors.js';
import { parseHtml } from '../html/index.js';
import type { MarkdownOptions } from './markdown/index.js';
import type { ParsedDocument } from './types.js';

export type { FormatUnit, ParsedDocument, RenderedDocument } from './types.js';
export type { MarkdownOptions } from './markdown/index.js';
export { MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES, SUBTITLE_MAX_LINE_LENGTH, SUBTITLE_MAX_LINES } from './limits.js';

/**
 * Input formats of `translate`, `translateStream` and `digest`: `auto` picks one from the
 * content (see {@link detectFormat}).
 */
export const INPUT_FORMATS = ['text', 'html', 'markdown', 'srt', 'vtt', 'docx', 'auto'] as const;
/** One of {@link INPUT_FORMATS}. */
export type InputFormat = (typeof INPUT_FORMATS)[number];
/** A format read from input; `auto` resolved. */
export type ResolvedFormat = Exclude<InputFormat, 'auto'>;

/** Formats whose input and output are bytes, not a string. */
export const BINARY_FORMATS = ['docx'] as const;

/** File extensions (lower case, with the dot) of each format. */
export const FORMAT_EXTENSIONS: Readonly<Record<ResolvedFormat, readonly string[]>> = {
  text: ['.txt', '.text'],
  html: ['.html', '.htm', '.xhtml'],
  markdown: ['.md', '.markdown', '.mdown', '.mkd'],
  srt: ['.srt'],
  vtt: ['.vtt'],
  docx: ['.docx'],
};

/** The format of a file name by its extension, or undefined when the extension is not one of {@link FORMAT_EXTENSIONS}. */
export function formatOfFileName(name: string): ResolvedFormat | undefined {
  const lower = name.toLowerCase();
  for (const [format, extensions] of Object.entries(FORMAT_EXTENSIONS) as [ResolvedFormat, readonly string[]][]) {
    if (extensions.some((e) => lower.endsWith(e))) return format;
  }
  return undefined;
}

const MARKDOWN_SIGNS = /^(?:#{1,6}[ \t]+\S|```|~~~|\|.*\|[ \t]*$)|\]\([^)\s]+\)|^---\r?\n[\s\S]*?\r?\n---\r?$/m;

/**
 * Guesses a format from content: a zip or OLE file is `docx`; `WEBVTT` starts a WebVTT file; a
 * cue number then an SRT timing line starts an SRT file; a tag first is `html`; headings,
 * fences, tables or links in Markdown syntax make `markdown`; anything else is `text`.
 */
export function detectFormat(input: string | Uint8Array | ArrayBuffer): ResolvedFormat {
  if (typeof input !== 'string') return 'docx';
  const head = input.replace(/^\uFEFF/, '').slice(0, 4096);
  if (/^WEBVTT(?:[ \t]|\r?\n|$)/.test(head)) return 'vtt';
  if (/^\s*\d+[ \t]*\r?\n[ \t]*\d{1,3}:\d\d:\d\d[,.]\d{3}[ \t]*-->/.test(head)) return 'srt';
  if (/^\s*<(?:!doctype|html|head|body|p|div|h[1-6]|article|section|span|table|ul|ol)\b/i.test(head)) return 'html';
  if (MARKDOWN_SIGNS.test(head)) return 'markdown';
  return 'text';
}

/** Options the formats read. */
export type FormatOptions = MarkdownOptions;

/**
 * Reads a document of a structured format; `text` (and `auto` on plain text) gives undefined:
 * plain text is segmented by the pipeline.
 * @throws InputError when the input does not fit the format (bytes for a text format, a string for .docx, malformed content)
 */
export async function parseDocument(input: string | Uint8Array | ArrayBuffer, format: InputFormat, options: FormatOptions = {}): Promise<ParsedDocument | undefined> {
  const resolved = format === 'auto' ? detectFormat(input) : format;
  if (resolved === 'docx') {
    if (typeof input === 'string') {
      throw new InputError("Expected `input` to be the bytes of the file (a Uint8Array, Buffer or ArrayBuffer) with `inputFormat: 'docx'`, got a string.", { option: 'input' });
    }
    return (await import('./docx/index.js')).parseDocx(input);
  }
  if (typeof input !== 'string') {
    throw new InputError(`Expected \`input\` to be a string with \`inputFormat: '${resolved}'\`; bytes are read as .docx only.`, { option: 'inputFormat' });
  }
  switch (resolved) {
    case 'text':
      return undefined;
    case 'html': {
      const html = parseHtml(input);
      return { units: html.units, warningsFor: (i, t) => html.warningsFor(i, t), render: (t) => ({ text: html.render(t), warnings: [] }) };
    }
    case 'markdown':
      return (await import('./markdown/index.js')).parseMarkdown(input, options);
    case 'srt':
    case 'vtt':
      return (await import('./subtitles/index.js')).parseSubtitles(input, resolved);
  }
}

/**
 * The French plain text of a document: its sentences, a space between those of a block, a
 * blank line between blocks (for summarising a document without translating it).
 */
export function documentText(document: ParsedDocument): string {
  let out = '';
  let paragraph = -1;
  for (const u of document.units) {
    out += out.length === 0 ? u.source : `${u.paragraph === paragraph ? ' ' : '\n\n'}${u.source}`;
    paragraph = u.paragraph;
  }
  return out;
}

/**
 * The French plain text of any input: plain text as it is; a document's sentences, blocks
 * separated by a blank line (to summarise a document without translating it).
 *
 * @example
 * await summarize(await extractText(readFileSync('article.docx'), 'docx'));
 */
export async function extractText(input: string | Uint8Array | ArrayBuffer, inputFormat: InputFormat = 'auto'): Promise<string> {
  const document = await parseDocument(input, inputFormat);
  return document ? documentText(document) : (input as string);
}
