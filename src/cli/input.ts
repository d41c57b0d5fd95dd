/**
 * Reading the CLI's input: a file or `-` for stdin, as text, or as a document of a format
 * (`readDocument`: .docx as bytes).
 * - UTF-8 (a BOM is dropped); UTF-16 with a BOM (LE or BE) is decoded.
 * - A few stray NUL bytes in otherwise valid UTF-8 are read as spaces, with an `input-nul`
 *   warning on stderr (like other control characters, they carry no text).
 * - Invalid UTF-8, or NULs and other control bytes beyond 1 % of the bytes (at least 3), is
 *   binary: refused with a usage error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectFormat, formatOfFileName, type InputFormat, type ResolvedFormat } from '../index.js';
import { UsageError } from './usage.js';

const defaultWarn = (line: string) => process.stderr.write(`${line}\n`);

/** Reads `source` (a path, or `-` for stdin) and checks it is text. */
export function readInput(source: string, warn: (line: string) => void = defaultWarn): string {
  return decodeText(readBytes(source), source === '-' ? 'stdin' : source, warn);
}

/** A document read by the CLI: its format and its content (bytes for .docx, text otherwise). */
export interface InputDocument {
  format: ResolvedFormat;
  content: string | Uint8Array;
  /** The file name, or `stdin`. */
  name: string;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Reads `source` in the format `flag` names; with `auto`: by the file's extension when it is a
 * known one, else by content (a zip or OLE file is .docx; text is looked at by `detectFormat`).
 * A file with an unknown extension whose content is not text is refused.
 */
export function readDocument(source: string, flag: InputFormat = 'auto', warn: (line: string) => void = defaultWarn): InputDocument {
  const name = source === '-' ? 'stdin' : source;
  const bytes = readBytes(source);
  let format: ResolvedFormat | undefined = flag === 'auto' ? (source === '-' ? undefined : formatOfFileName(source)) : flag;
  // auto and an extension fr2en does not know: say so rather than guess (a file without an extension, or stdin, is read by its content)
  const extension = source === '-' ? '' : path.extname(source);
  if (flag === 'auto' && extension && format === undefined) {
    throw new UsageError(
      `${name}: unknown extension \`${extension}\`; --input-format auto reads .txt, .html, .md, .srt, .vtt and .docx files (pass --input-format text, html, markdown, srt, vtt or docx to read it anyway)`,
    );
  }
  if (format === undefined && (startsWith(bytes, ZIP) || startsWith(bytes, OLE))) format = 'docx';
  if (format === 'docx') return { format, content: bytes, name };
  const text = decodeText(bytes, name, warn);
  return { format: format ?? detectFormat(text), content: text, name };
}

function readBytes(source: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = source === '-' ? readFileSync(0) : readFileSync(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no such file: ${source}`);
    if (code === 'EISDIR') throw new UsageError(`${source} is a folder, not a text file`);
    throw new UsageError(`cannot read ${source === '-' ? 'stdin' : source}: ${(error as Error).message}`);
  }
  return bytes;
}

/** Decodes text bytes as described above. @throws UsageError on binary data */
export function decodeText(bytes: Uint8Array, name: string, warn: (line: string) => void = () => {}): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      throw new UsageError(`${name} starts with a UTF-16 byte-order mark but is not valid UTF-16 text`);
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UsageError(`${name} is not valid UTF-8 text (nor UTF-16 with a byte-order mark); convert it, e.g. \`iconv -f latin1 -t utf-8\``);
  }
  let nuls = 0;
  let controls = 0; // C0 controls other than tab, newlines, form feed, escape; and DEL
  for (const b of bytes) {
    if (b === 0) nuls++;
    else if ((b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) || b === 0x7f) controls++;
  }
  if (nuls === 0) return text;
  if (nuls + controls > Math.max(2, bytes.length / 100)) {
    throw new UsageError(`${name} looks like a binary file (${nuls} NUL bytes), not text; UTF-16 needs a byte-order mark`);
  }
  warn(`warning [input-nul]: ${name} holds ${nuls} NUL byte${nuls === 1 ? '' : 's'}, read as space${nuls === 1 ? '' : 's'}`);
  return text.replace(/\u0000/g, ' ');
}
