/**
 * Everything the CLI writes: JSON results, warnings on stderr, and streamed text.
 */
import type { QualityFlag, Warning } from '../index.js';

/** Prints a value as indented JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints text on stdout, ending with one line break. */
export function printText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * Writes streamed text in chunks of about 16 KB (one syscall per sentence is slow on a pipe)
 * and waits for `drain` when the reader is slower, so memory stays bounded.
 */
export function bufferedWriter(stream: NodeJS.WritableStream): { write(text: string): Promise<void>; end(): Promise<void> } {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const chunk = pending;
    pending = '';
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  };
  return {
    async write(text) {
      pending += text;
      if (pending.length >= 16_384) await flush();
      // a slow model should not hold a sentence back: flush what is there within 200 ms
      else timer ??= setTimeout(() => void flush(), 200);
    },
    end: flush,
  };
}

/**
 * Prints one line per flagged sentence to stderr (`fr2en: sentence 12 flagged: number-mismatch,
 * repetition`; sentences numbered from 0, as in warnings and `--json`), nothing when all are clean.
 * `what` names the flagged thing when it is not a sentence (`summary`).
 */
export function printFlags(items: Iterable<{ index: number; flags: readonly QualityFlag[] }>, what = 'sentence'): void {
  for (const { index, flags } of items) {
    if (flags.length === 0) continue;
    const codes = [...new Set(flags.map((f) => f.code))].join(', ');
    process.stderr.write(`fr2en: ${what}${index < 0 ? '' : ` ${index}`} flagged: ${codes}\n`);
  }
}

/** Prints warnings to stderr, one line each, or one line per code when a code repeats more than 3 times. */
export function printWarnings(warnings: readonly Warning[]): void {
  const byCode = new Map<string, Warning[]>();
  for (const w of warnings) {
    const list = byCode.get(w.code);
    if (list) list.push(w);
    else byCode.set(w.code, [w]);
  }
  for (const [code, list] of byCode) {
    if (list.length <= 3) {
      for (const w of list) process.stderr.write(`warning [${code}]${w.sentence === undefined ? '' : ` sentence ${w.sentence}`}: ${w.message}\n`);
      continue;
    }
    const sentences = list.flatMap((w) => (w.sentence === undefined ? [] : [w.sentence]));
    const shown = sentences.slice(0, 10).join(', ') + (sentences.length > 10 ? ', …' : '');
    process.stderr.write(`warning [${code}]: ${list.length} times (sentences ${shown}); first: ${list[0]!.message}\n`);
  }
}
