/** `fr2en digest`: French text → English translation and summary. */
import { Option, type Command } from 'commander';
import { digest, DIGEST_ORDERS, type DigestOrder, type InputFormat, type SummaryMethod } from '../../index.js';
import { cacheOption, noCacheOption, openCliCache } from '../cache.js';
import { readInput } from '../input.js';
import {
  beamsOption,
  workersOption,
  dtypeOption,
  formatOption,
  generationOptions,
  inputFormatOf,
  inputFormatOption,
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

interface DigestFlags extends ModelFlags, SummaryFlags {
  workers?: number | 'auto';
  method?: SummaryMethod;
  order: DigestOrder;
  translationModel?: string;
  summaryModel?: string;
  inputFormat?: InputFormat;
  cache?: boolean;
}

export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description('translate French text and summarise it in English')
    .argument('<input>', 'text file, or - for stdin')
    .addOption(modelsDirOption())
    .addOption(offlineOption())
    .addOption(maxNewTokensOption('cap on generated tokens per translated sentence'))
    .addOption(minNewTokensOption('generated tokens per sentence before the model may stop'))
    .addOption(new Option('--order <order>', 'translate everything first, or pick sentences first').choices(DIGEST_ORDERS).default(DIGEST_ORDERS[0]))
    .option('--translation-model <id|dir>', 'translation model id or local folder')
    .option('--summary-model <id|dir>', 'summarisation model id or local folder')
    .addOption(methodOption('how to summarise (default: abstractive for translate-first, extractive for summarize-first)'))
    .addOption(typeOption())
    .addOption(lengthOption())
    .addOption(formatOption())
    .addOption(dtypeOption('weight type of both models'))
    .addOption(inputFormatOption())
    .addOption(beamsOption())
    .addOption(workersOption())
    .option('--json', 'print { translation, summary, summaryScore, sentences (with score), warnings, timings }')
    .addOption(cacheOption())
    .addOption(noCacheOption())
    .action(digestAction);
}

async function digestAction(input: string, opts: DigestFlags): Promise<void> {
  const text = readInput(input);
  const onProgress = terminalProgress();
  const generation = generationOptions(opts);
  const shared = { dtype: opts.dtype, ...modelSourceOptions(opts) };
  const cache = await openCliCache(opts.cache);
  const result = await digest(text, {
    order: opts.order,
    type: opts.type,
    length: opts.length,
    format: opts.format,
    inputFormat: inputFormatOf(input, opts.inputFormat),
    translator: {
      ...shared,
      ...(opts.translationModel ? { model: opts.translationModel } : {}),
      ...(opts.workers ? { workers: opts.workers } : {}),
      ...(cache ? { cache } : {}),
    },
    summarizer: { ...shared, ...(opts.summaryModel ? { model: opts.summaryModel } : {}) },
    ...(opts.method ? { method: opts.method } : {}),
    ...(generation ? { generation } : {}),
    ...(opts.beams ? { beams: opts.beams } : {}),
    ...(onProgress ? { onProgress } : {}),
  }).finally(() => cache?.close());
  if (opts.json) {
    printJson({
      translation: result.translation,
      summary: result.summary,
      summaryScore: result.summaryScore,
      sentences: result.sentences.map(({ source, translation, start, end, selected, score }) => ({ source, translation, start, end, selected, score })),
      warnings: result.warnings,
      timings: result.timings,
    });
  } else {
    process.stdout.write(`${result.summary}\n\n${result.translation}\n`);
    printWarnings(result.warnings);
  }
}
