/** `fr2en digest`: French text → English translation and summary. */
import { Option, type Command } from 'commander';
import { digest, DIGEST_ORDERS, type DigestOrder, type InputFormat, type SummaryMethod } from '../../index.js';
import { cacheOption, noCacheOption, openCliCache } from '../cache.js';
import { termOptions } from '../glossary.js';
import { readDocument } from '../input.js';
import {
  beamsOption,
  glossaryOption,
  keepOption,
  noRepeatNgramSizeOption,
  repetitionPenaltyOption,
  type TermFlags,
  workersOption,
  dtypeOption,
  formatOption,
  generationOptions,
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
import { printFlags, printJson, printWarnings } from '../output.js';
import { terminalProgress } from '../progress.js';

interface DigestFlags extends ModelFlags, SummaryFlags, Omit<TermFlags, 'alternatives'> {
  workers?: number | 'auto';
  method?: SummaryMethod;
  order: DigestOrder;
  translationModel?: string;
  summaryModel?: string;
  inputFormat?: InputFormat;
  /** False with `--no-repair`. */
  repair: boolean;
  cache?: boolean;
}

export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description('translate French text and summarise it in English')
    .argument('<input>', 'a text, .html, .md, .srt, .vtt or .docx file, or - for stdin')
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
    .option('--no-repair', 'report flagged sentences without decoding them again')
    .addOption(beamsOption())
    .addOption(workersOption())
    .addOption(glossaryOption())
    .addOption(keepOption())
    .addOption(repetitionPenaltyOption())
    .addOption(noRepeatNgramSizeOption())
    .option('--json', 'print { translation, summary, summaryScore, summaryFlags, sentences (with score, flags), warnings, timings, flagCounts }')
    .addOption(cacheOption())
    .addOption(noCacheOption())
    .action(digestAction);
}

async function digestAction(input: string, opts: DigestFlags): Promise<void> {
  const doc = readDocument(input, opts.inputFormat);
  const onProgress = terminalProgress();
  const generation = generationOptions(opts);
  const shared = { dtype: opts.dtype, ...modelSourceOptions(opts) };
  const cache = await openCliCache(opts.cache);
  const result = await digest(doc.content, {
    order: opts.order,
    type: opts.type,
    length: opts.length,
    format: opts.format,
    inputFormat: doc.format,
    translator: {
      ...shared,
      ...termOptions(opts),
      ...(opts.translationModel ? { model: opts.translationModel } : {}),
      ...(opts.workers ? { workers: opts.workers } : {}),
      ...(opts.repair === false ? { repair: false } : {}),
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
      summaryFlags: result.summaryFlags,
      sentences: result.sentences.map(({ source, translation, start, end, selected, score, flags, repaired }) => ({ source, translation, start, end, selected, score, flags, repaired })),
      warnings: result.warnings,
      timings: result.timings,
      flagCounts: result.flagCounts,
    });
  } else {
    process.stdout.write(`${result.summary}\n\n${result.translation}\n`);
    printFlags([{ index: -1, flags: result.summaryFlags }], 'summary');
    printFlags(result.sentences.map((s, index) => ({ index, flags: s.flags })));
    printWarnings(result.warnings);
  }
}
