/** `fr2en summarize`: a summary of English (abstractive) or French/English (extractive) text. */
import type { Command } from 'commander';
import { createSummarizer, DEFAULT_SUMMARIZATION_MODEL, type SummaryMethod } from '../../index.js';
import { readInput } from '../input.js';
import {
  beamsOption,
  dtypeOption,
  formatOption,
  generationOptions,
  lengthOption,
  maxNewTokensOption,
  methodOption,
  minNewTokensOption,
  modelSourceOptions,
  modelsDirOption,
  offlineOption,
  typeOption,
  type ModelFlags,
  type SummaryFlags,
} from '../options.js';
import { printJson, printWarnings } from '../output.js';
import { terminalProgress } from '../progress.js';

interface SummarizeFlags extends ModelFlags, SummaryFlags {
  model: string;
  method: SummaryMethod;
}

export function registerSummarize(program: Command): void {
  program
    .command('summarize')
    .description('summarise text (abstractive: English; extractive: French or English)')
    .argument('<input>', 'text file, or - for stdin')
    .addOption(modelsDirOption())
    .addOption(offlineOption())
    .addOption(maxNewTokensOption('cap on generated tokens of the summary'))
    .addOption(minNewTokensOption('generated tokens before the model may stop'))
    .addOption(typeOption())
    .addOption(lengthOption())
    .addOption(formatOption())
    .addOption(methodOption('how to summarise', 'abstractive'))
    .option('--model <id|dir>', 'summarisation model id or local folder', DEFAULT_SUMMARIZATION_MODEL)
    .addOption(dtypeOption())
    .addOption(beamsOption())
    .option('--json', 'print { summary, method, chunks, warnings, score }')
    .action(summarizeAction);
}

async function summarizeAction(input: string, opts: SummarizeFlags): Promise<void> {
  const text = readInput(input);
  const summarizer = createSummarizer({ model: opts.model, dtype: opts.dtype, ...(opts.beams ? { beams: opts.beams } : {}), ...modelSourceOptions(opts) });
  const onProgress = terminalProgress();
  const generation = generationOptions(opts);
  try {
    const result = await summarizer.summarize(text, {
      method: opts.method,
      type: opts.type,
      length: opts.length,
      format: opts.format,
      ...(generation ? { generation } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    if (opts.json) printJson({ summary: result.summary, method: result.method, chunks: result.chunks, warnings: result.warnings, score: result.score });
    else {
      process.stdout.write(`${result.summary}\n`);
      printWarnings(result.warnings);
    }
  } finally {
    await summarizer.dispose();
  }
}
