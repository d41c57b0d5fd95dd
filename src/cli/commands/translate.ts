/**
 * `fr2en translate`: French text → English, streamed sentence by sentence; a document (HTML,
 * Markdown, SRT, WebVTT, .docx) → the same document in English, written once whole.
 */
import type { Command } from 'commander';
import { createTranslator, DEFAULT_TRANSLATION_MODEL, InputError, textJoiner, type InputFormat, type QualityFlag, type Warning } from '../../index.js';
import { cacheOption, noCacheOption, openCliCache } from '../cache.js';
import { termOptions } from '../glossary.js';
import { readDocument } from '../input.js';
import {
  alternativesOption,
  glossaryOption,
  keepOption,
  noRepeatNgramSizeOption,
  repetitionPenaltyOption,
  type TermFlags,
  beamsOption,
  dtypeOption,
  forceOption,
  frontMatterOption,
  outOption,
  workersOption,
  generationOptions,
  inputFormatOption,
  intOption,
  maxNewTokensOption,
  minNewTokensOption,
  modelSourceOptions,
  modelsDirOption,
  offlineOption,
  type ModelFlags,
} from '../options.js';
import { bufferedWriter, printFlags, printJson, printWarnings } from '../output.js';
import { terminalProgress } from '../progress.js';
import { UsageError } from '../usage.js';
import { checkOutput, writeOutput } from '../write.js';

interface TranslateFlags extends ModelFlags, TermFlags {
  model: string;
  batchSize?: number;
  skipNonFrench?: boolean;
  inputFormat?: InputFormat;
  workers?: number | 'auto';
  /** False with `--no-repair`. */
  repair: boolean;
  out?: string;
  force?: boolean;
  frontMatter?: string[];
  cache?: boolean;
  shortlist?: string;
}

export function registerTranslate(program: Command): void {
  program
    .command('translate')
    .description('translate French text to English')
    .argument('<input>', 'a text, .html, .md, .srt, .vtt or .docx file, or - for stdin')
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
    .option('--no-repair', 'report flagged sentences without decoding them again')
    .addOption(glossaryOption())
    .addOption(keepOption())
    .addOption(alternativesOption())
    .addOption(repetitionPenaltyOption())
    .addOption(noRepeatNgramSizeOption())
    .addOption(frontMatterOption())
    .addOption(outOption())
    .addOption(forceOption())
    .option('--json', 'print { text, sentences (with score, flags, alternatives), warnings, model, flagCounts }')
    .addOption(cacheOption())
    .addOption(noCacheOption())
    .action(translateAction);
}

async function translateAction(input: string, opts: TranslateFlags): Promise<void> {
  const doc = readDocument(input, opts.inputFormat);
  const binary = doc.format === 'docx' && !opts.json;
  checkOutput(opts.out, opts.force, binary); // before any work: nothing is half-written
  const terms = termOptions(opts);
  const cache = await openCliCache(opts.cache);
  const translator = createTranslator({
    ...terms,
    ...(cache ? { cache } : {}),
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
    ...(opts.repair === false ? { repair: false } : {}),
    ...(opts.frontMatter ? { frontMatterKeys: opts.frontMatter } : {}),
    ...(opts.alternatives ? { alternatives: opts.alternatives } : {}),
    inputFormat: doc.format,
  };
  try {
    if (opts.json) {
      const result = await translator.translate(doc.content, callOptions);
      if (opts.out) await writeOutput(opts.out, result.document ?? result.text);
      printJson({
        text: result.text,
        sentences: result.sentences.map(({ source, translation, start, end, score, flags, repaired, alternatives }) => ({
          source,
          translation,
          start,
          end,
          score,
          flags,
          repaired,
          ...(alternatives ? { alternatives } : {}),
        })),
        warnings: result.warnings,
        model: result.model,
        flagCounts: result.flagCounts,
      });
    } else if (doc.format !== 'text' || opts.out !== undefined) {
      // a document is rebuilt once every sentence is translated
      const result = await translator.translate(doc.content, callOptions);
      await writeOutput(opts.out, result.document ?? result.text);
      printFlags(result.sentences.map((s, index) => ({ index, flags: s.flags })));
      printWarnings(result.warnings);
    } else {
      // stream: each sentence is printed as soon as it and all before it are translated
      const text = doc.content as string;
      const join = textJoiner(false, text);
      const warnings: Warning[] = [];
      const flagged: { index: number; flags: QualityFlag[] }[] = [];
      const out = bufferedWriter(process.stdout);
      for await (const s of translator.translateStream(text, callOptions)) {
        await out.write(join(s));
        warnings.push(...s.warnings);
        if (s.flags.length > 0) flagged.push(s);
      }
      await out.write('\n');
      await out.end();
      printFlags(flagged);
      printWarnings(warnings);
    }
  } catch (error) {
    // bad content (a corrupt .docx, a malformed timing): say which file
    if (InputError.isInstance(error) && error.option !== 'inputFormat') throw new UsageError(`${doc.name}: ${error.message}`);
    throw error;
  } finally {
    await translator.dispose();
    await cache?.close();
  }
}
