/**
 * Reading the CLI's input: a file or `-` for stdin, as strict UTF-8 text.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './usage.js';

/** Reads `source` (a path, or `-` for stdin) and checks it is text. */
export function readInput(source: string): string {
  let bytes: Buffer;
  try {
    bytes = source === '-' ? readFileSync(0) : readFileSync(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no such file: ${source}`);
    if (code === 'EISDIR') throw new UsageError(`${source} is a folder, not a text file`);
    throw new UsageError(`cannot read ${source === '-' ? 'stdin' : source}: ${(error as Error).message}`);
  }
  return decodeText(bytes, source === '-' ? 'stdin' : source);
}

/** Decodes UTF-8, refusing binary data and invalid byte sequences. */
export function decodeText(bytes: Uint8Array, name: string): string {
  if (bytes.includes(0)) throw new UsageError(`${name} looks like a binary file (it holds NUL bytes), not UTF-8 text`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UsageError(`${name} is not valid UTF-8 text`);
  }
}
