/**
 * Writing a translated document: to `--out` (never over an existing file without `--force`,
 * and whole or not at all: written to a temporary file beside it, then renamed), or to stdout
 * (binary output never to a terminal).
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './usage.js';

/** Refuses now, before any work, an `--out` that exists without `--force`, or binary output bound for a terminal. */
export function checkOutput(out: string | undefined, force: boolean | undefined, binary: boolean): void {
  if (out !== undefined) {
    if (existsSync(out) && !force) throw new UsageError(`${out} exists; use --force to overwrite it`);
    if (!existsSync(path.dirname(path.resolve(out)))) throw new UsageError(`cannot write ${out}: no folder ${path.dirname(out)}`);
    return;
  }
  if (binary && process.stdout.isTTY) throw new UsageError('a .docx is binary and is not written to a terminal; use --out <file.docx>, or redirect stdout to a file');
}

/** Writes `content` to `out` atomically, or to stdout when `out` is undefined. */
export async function writeOutput(out: string | undefined, content: string | Uint8Array): Promise<void> {
  if (out === undefined) {
    const data = typeof content === 'string' && !content.endsWith('\n') ? `${content}\n` : content;
    await new Promise<void>((resolve, reject) => process.stdout.write(data, (error) => (error ? reject(error) : resolve())));
    return;
  }
  const temporary = path.join(path.dirname(path.resolve(out)), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${out}: ${(error as Error).message}`);
  }
}
