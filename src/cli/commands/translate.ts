/** `fr2en translate`: French text or HTML → English, streamed sentence by sentence. */
import type { Command } from 'commander';
import { createTranslator, DEFAULT_TRANSLATION_MODEL, textJoiner, type InputFormat, type Warning } from '../../index.js';
import { readInput } from '../input.js';
import {
  beamsOption,
  dtypeOption,
  workersOption,
  generationOptions,
  inputFormatOf,
  inputFormatOption,
  intOption,
  maxNewTokensOption,
  minNewTokensOption,
  modelSourceOptions,
  modelsDirOption,
  offlineOption,
  type ModelFlags,
} from '../options.js';
import { bufferedWriter, printJson, printText, printWarnings } from '../output.js';
import { terminalProgress } from '../progress.js';

interface TranslateFlags extends ModelFlags {
  model: string;
  batchSize?: number;
  skipNonFrench?: boolean;
  inputFormat?: InputFormat;
  workers?: number | 'auto';
  shortlist?: string;
}

export function registerTranslate(program: Command): void {
  program
    .command('translate')
    .description('translate French text to English')
    .argument('<input>', 'text file, or - for stdin')
    .addOption(modelsDirOption())
    .addOption(offlineOption())
    .addOption(maxNewTokensOption('cap on generated tokens per sentence'))
    .addOption(minNewTokensOption('generated tokens before the model may stop'))
    .option('--model <id|dir>', 'Hugging Face model id or local folder', DEFAULT_TRANSLATION_MODEL)
    .addOption(dtypeOption())
    .option('--batch-size <n>', 'sentences per model call', intOption('--batch-size', 1))
    .addOption(beamsOption())
    .addOption(workersOption())
    .option('--shortlist <file|none>', "vocabulary shortlist (fr2en shortlist build); none ignores the model folder's shortlist.bin")
    .option('--skip-non-french', 'pass input that is not French through untranslated')
    .addOption(inputFormatOption())
    .option('--json', 'print { text, sentences (with score), warnings, model }')
    .action(translateAction);
}

async function translateAction(input: string, opts: TranslateFlags): Promise<void> {
  const text = readInput(input);
  const translator = createTranslator({
    model: opts.model,
    dtype: opts.dtype,
    ...(opts.beams ? { beams: opts.beams } : {}),
    ...(opts.workers ? { workers: opts.workers } : {}),
    ...(opts.shortlist ? { shortlist: opts.shortlist === 'none' ? (false as const) : opts.shortlist } : {}),
    ...modelSourceOptions(opts),
  });
  const onProgress = terminalProgress();
  const generation = generationOptions(opts);
  const callOptions = {
    ...(onProgress ? { onProgress } : {}),
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    ...(generation ? { generation } : {}),
    ...(opts.skipNonFrench ? { onNonFrench: 'skip' as const } : {}),
    inputFormat: inputFormatOf(input, opts.inputFormat),
  };
  try {
    if (opts.json) {
      const result = await translator.translate(text, callOptions);
      printJson({
        text: result.text,
        sentences: result.sentences.map(({ source, translation, start, end, score }) => ({ source, translation, start, end, score })),
        warnings: result.warnings,
        model: result.model,
      });
    } else if (callOptions.inputFormat === 'html') {
      // the document is rebuilt once every sentence is translated
      const result = await translator.translate(text, callOptions);
      printText(result.text);
      printWarnings(result.warnings);
    } else {
      // stream: each sentence is printed as soon as it and all before it are translated
      const join = textJoiner(false, text);
      const warnings: Warning[] = [];
      const out = bufferedWriter(process.stdout);
      for await (const s of translator.translateStream(text, callOptions)) {
        await out.write(join(s));
        warnings.push(...s.warnings);
      }
      await out.write('\n');
      await out.end();
      printWarnings(warnings);
    }
  } finally {
    await translator.dispose();
  }
}
