/** `fr2en summarize`: a summary of English (abstractive) or French/English (extractive) text. */
import { Option, type Command } from 'commander';
import {
  createSummarizer,
  DEFAULT_SUMMARIZATION_MODEL,
  DEFAULT_TRANSLATION_MODEL,
  extractText,
  SUMMARY_LANGUAGES,
  type InputFormat,
  type SummaryLanguage,
  type SummaryMethod,
} from '../../index.js';
import { readDocument } from '../input.js';
import {
  beamsOption,
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

interface SummarizeFlags extends ModelFlags, SummaryFlags {
  model: string;
  translationModel: string;
  language: SummaryLanguage;
  keepFrench?: boolean;
  method: SummaryMethod;
  inputFormat?: InputFormat;
}

export function registerSummarize(program: Command): void {
  program
    .command('summarize')
    .description('summarise French (or English) text in English: French is translated first (abstractive) or its picked sentences are (extractive)')
    .argument('<input>', 'a text, .html, .md, .srt, .vtt or .docx file, or - for stdin')
    .addOption(inputFormatOption())
    .addOption(modelsDirOption())
    .addOption(offlineOption())
    .addOption(maxNewTokensOption('cap on generated tokens of the summary'))
    .addOption(minNewTokensOption('generated tokens before the model may stop'))
    .addOption(typeOption())
    .addOption(lengthOption())
    .addOption(formatOption())
    .addOption(methodOption('how to summarise', 'abstractive'))
    .option('--model <id|dir>', 'summarisation model id or local folder', DEFAULT_SUMMARIZATION_MODEL)
    // French in, English summary out
    .option('--translation-model <id|dir>', 'translation model for French input', DEFAULT_TRANSLATION_MODEL)
    .addOption(new Option('--language <lang>', 'language of the input (auto: detected)').choices(SUMMARY_LANGUAGES).default('auto'))
    .option('--keep-french', 'extractive: print the picked French sentences untranslated (abstractive refuses French then)')
    .addOption(dtypeOption())
    .addOption(beamsOption())
    .option('--json', 'print { summary, method, chunks, warnings, score, flags }')
    .action(summarizeAction);
}

async function summarizeAction(input: string, opts: SummarizeFlags): Promise<void> {
  // a document (HTML, Markdown, subtitles, .docx) is summarised from its text
  const doc = readDocument(input, opts.inputFormat);
  const text = await extractText(doc.content, doc.format);
  const summarizer = createSummarizer({ model: opts.model, translationModel: opts.translationModel, dtype: opts.dtype, ...(opts.beams ? { beams: opts.beams } : {}), ...modelSourceOptions(opts) });
  const onProgress = terminalProgress();
  const generation = generationOptions(opts);
  try {
    const result = await summarizer.summarize(text, {
      method: opts.method,
      language: opts.language,
      ...(opts.keepFrench ? { english: false } : {}),
      type: opts.type,
      length: opts.length,
      format: opts.format,
      ...(generation ? { generation } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    if (opts.json) printJson({ summary: result.summary, method: result.method, chunks: result.chunks, warnings: result.warnings, score: result.score, flags: result.flags, fromFrench: result.fromFrench });
    else {
      process.stdout.write(`${result.summary}\n`);
      printFlags([{ index: -1, flags: result.flags }], 'summary');
      printWarnings(result.warnings);
    }
  } finally {
    await summarizer.dispose();
  }
}
