/** `fr2en segment`: French text → one sentence per line (or JSON). */
import type { Command } from 'commander';
import { segment } from '../../index.js';
import { readInput } from '../input.js';
import { printJson } from '../output.js';

export function registerSegment(program: Command): void {
  program
    .command('segment')
    .description('split French text into sentences')
    .argument('<input>', 'text file, or - for stdin')
    .option('--json', 'print [{ text, start, end, paragraph }]')
    .action((input: string, opts: { json?: boolean }) => {
      const sentences = segment(readInput(input));
      if (opts.json) printJson(sentences.map(({ text, start, end, paragraph }) => ({ text, start, end, paragraph })));
      else for (const s of sentences) process.stdout.write(`${s.text.replace(/\s*\n\s*/g, ' ')}\n`);
    });
}
