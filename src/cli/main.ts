/**
 * The `fr2en` command line. Argument parsing and printing only: the work is the public API's.
 * Exit codes: 0 ok, 1 failure, 2 bad usage or bad input.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  createSummarizer,
  createTranslator,
  digest,
  Fr2enError,
  INPUT_FORMATS,
  InputError,
  pullModels,
  type InputFormat,
  segment,
  VERSION,
  type Warning,
} from '../index.js';
import { textJoiner } from '../pipeline/translate.js';
import { registerServiceCommands } from './commands/services.js';
import { readInput } from './input.js';
import { terminalProgress } from './progress.js';
import { UsageError } from './usage.js';

function intOption(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer from ${min} and up.`);
    return n;
  };
}

interface SummaryCliOptions {
  type: 'key-points' | 'tldr' | 'teaser' | 'headline';
  length: 'short' | 'medium' | 'long';
  format: 'plain-text' | 'markdown';
  method: 'abstractive' | 'extractive';
  dtype: 'auto' | 'fp32' | 'q8';
  modelsDir?: string;
  offline?: boolean;
  json?: boolean;
}

/** Options every model-running command shares. */
const modelsDirOption = () => new Option('--models-dir <dir>', 'folder holding models as <org>/<name>/ (also FR2EN_MODELS_DIR)');
const offlineOption = () => new Option('--offline', 'never download; use local models only');
const maxNewTokensOption = (what: string) => new Option('--max-new-tokens <n>', what).argParser(intOption('--max-new-tokens', 1));
const beamsOption = () =>
  new Option('--beams <n>', "beams: 1 is greedy decoding (fastest); default: the model's num_beams (4 for the default models)").argParser(intOption('--beams', 1));
const minNewTokensOption = (what: string) => new Option('--min-new-tokens <n>', what).argParser(intOption('--min-new-tokens', 0));

const typeOption = () => new Option('--type <type>', 'kind of summary').choices(['key-points', 'tldr', 'teaser', 'headline']).default('key-points');
const lengthOption = () => new Option('--length <length>', 'summary length').choices(['short', 'medium', 'long']).default('medium');
const formatOption = () => new Option('--format <format>', 'output format').choices(['plain-text', 'markdown']).default('plain-text');

const inputFormatOption = () =>
  new Option('--input-format <format>', 'what the input is (default: html for .html/.htm files, else text)').choices(INPUT_FORMATS);

/** The input format: the flag, else `html` for a file named `.html`/`.htm`, else `text`. */
function inputFormatOf(input: string, flag: InputFormat | undefined): InputFormat {
  return flag ?? (/\.html?$/i.test(input) ? 'html' : 'text');
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes streamed text in chunks of about 16 KB (one syscall per sentence is slow on a pipe)
 * and waits for `drain` when the reader is slower, so memory stays bounded.
 */
function bufferedWriter(stream: NodeJS.WritableStream): { write(text: string): Promise<void>; end(): Promise<void> } {
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

/** Prints warnings to stderr, one line each, or one line per code when a code repeats more than 3 times. */
function printWarnings(warnings: readonly Warning[]): void {
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

function modelSourceOptions(opts: { modelsDir?: string; offline?: boolean }) {
  return {
    ...(opts.modelsDir ? { modelsDir: opts.modelsDir } : {}),
    ...(opts.offline ? { allowRemote: false } : {}),
  };
}

function generationOptions(opts: { maxNewTokens?: number; minNewTokens?: number }): { maxNewTokens?: number; minNewTokens?: number } | undefined {
  if (opts.maxNewTokens === undefined && opts.minNewTokens === undefined) return undefined;
  return {
    ...(opts.maxNewTokens !== undefined ? { maxNewTokens: opts.maxNewTokens } : {}),
    ...(opts.minNewTokens !== undefined ? { minNewTokens: opts.minNewTokens } : {}),
  };
}

/** Builds the command tree; `run` parses and executes. Exported for tests. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('fr2en')
    .description('On-device French → English translation and summarisation.')
    .version(VERSION)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

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

  program
    .command('translate')
    .description('translate French text to English')
    .argument('<input>', 'text file, or - for stdin')
    .addOption(modelsDirOption())
    .addOption(offlineOption())
    .addOption(maxNewTokensOption('cap on generated tokens per sentence'))
    .addOption(minNewTokensOption('generated tokens before the model may stop'))
    .option('--model <id|dir>', 'Hugging Face model id or local folder', 'Xenova/opus-mt-fr-en')
    .addOption(new Option('--dtype <dtype>', 'weight type').choices(['auto', 'fp32', 'q8']).default('auto'))
    .option('--batch-size <n>', 'sentences per model call', intOption('--batch-size', 1))
    .addOption(beamsOption())
    .option('--skip-non-french', 'pass input that is not French through untranslated')
    .addOption(inputFormatOption())
    .option('--json', 'print { text, sentences (with score), warnings, model }')
    .action(
      async (
        input: string,
        opts: {
          model: string;
          dtype: 'auto' | 'fp32' | 'q8';
          modelsDir?: string;
          offline?: boolean;
          batchSize?: number;
          maxNewTokens?: number;
          minNewTokens?: number;
          beams?: number;
          skipNonFrench?: boolean;
          inputFormat?: InputFormat;
          json?: boolean;
        },
      ) => {
        const text = readInput(input);
        const translator = createTranslator({ model: opts.model, dtype: opts.dtype, ...(opts.beams ? { beams: opts.beams } : {}), ...modelSourceOptions(opts) });
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
            process.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
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
      },
    );

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
    .addOption(new Option('--method <method>', 'how to summarise').choices(['abstractive', 'extractive']).default('abstractive'))
    .option('--model <id|dir>', 'summarisation model id or local folder', 'Xenova/distilbart-cnn-6-6')
    .addOption(new Option('--dtype <dtype>', 'weight type').choices(['auto', 'fp32', 'q8']).default('auto'))
    .addOption(beamsOption())
    .option('--json', 'print { summary, method, chunks, warnings, score }')
    .action(async (input: string, opts: SummaryCliOptions & { model: string; maxNewTokens?: number; minNewTokens?: number; beams?: number }) => {
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
    });

  program
    .command('digest')
    .description('translate French text and summarise it in English')
    .argument('<input>', 'text file, or - for stdin')
    .addOption(modelsDirOption())
    .addOption(offlineOption())
    .addOption(maxNewTokensOption('cap on generated tokens per translated sentence'))
    .addOption(minNewTokensOption('generated tokens per sentence before the model may stop'))
    .addOption(new Option('--order <order>', 'translate everything first, or pick sentences first').choices(['translate-first', 'summarize-first']).default('translate-first'))
    .option('--translation-model <id|dir>', 'translation model id or local folder')
    .option('--summary-model <id|dir>', 'summarisation model id or local folder')
    .addOption(new Option('--method <method>', 'how to summarise (default: abstractive for translate-first, extractive for summarize-first)').choices(['abstractive', 'extractive']))
    .addOption(typeOption())
    .addOption(lengthOption())
    .addOption(formatOption())
    .addOption(new Option('--dtype <dtype>', 'weight type of both models').choices(['auto', 'fp32', 'q8']).default('auto'))
    .addOption(inputFormatOption())
    .addOption(beamsOption())
    .option('--json', 'print { translation, summary, summaryScore, sentences (with score), warnings, timings }')
    .action(
      async (
        input: string,
        opts: Omit<SummaryCliOptions, 'method'> & {
          method?: 'abstractive' | 'extractive';
          order: 'translate-first' | 'summarize-first';
          translationModel?: string;
          summaryModel?: string;
          maxNewTokens?: number;
          minNewTokens?: number;
          inputFormat?: InputFormat;
          beams?: number;
        },
      ) => {
        const text = readInput(input);
        const onProgress = terminalProgress();
        const generation = generationOptions(opts);
        const result = await digest(text, {
          order: opts.order,
          type: opts.type,
          length: opts.length,
          format: opts.format,
          dtype: opts.dtype,
          inputFormat: inputFormatOf(input, opts.inputFormat),
          ...(opts.method ? { method: opts.method } : {}),
          ...(opts.translationModel ? { translationModel: opts.translationModel } : {}),
          ...(opts.summaryModel ? { summaryModel: opts.summaryModel } : {}),
          ...(generation ? { generation } : {}),
          ...(opts.beams ? { beams: opts.beams } : {}),
          ...modelSourceOptions(opts),
          ...(onProgress ? { onProgress } : {}),
        });
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
      },
    );

  const models = program.command('models').description('manage local copies of the default models');
  models
    .command('pull')
    .description('download the default models into a folder, for offline use')
    .addOption(new Option('--dtype <dtype...>', 'weight types to fetch (default: what dtype auto loads: q8 for translation, fp32 for summaries)').choices(['fp32', 'q8']))
    .option('--dir <dir>', 'destination folder', 'models')
    .option('--hub <url>', 'hub address (also FR2EN_HUB_URL)')
    .option('--force', 'download files again even when present')
    .action(async (opts: { dtype?: Array<'fp32' | 'q8'>; dir: string; hub?: string; force?: boolean }) => {
      const onProgress = terminalProgress();
      const files = await pullModels({
        dir: opts.dir,
        ...(opts.dtype ? { dtypes: opts.dtype } : {}),
        ...(opts.hub ? { hub: opts.hub } : {}),
        ...(opts.force ? { force: true } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      onProgress?.({ type: 'done', ms: 0 });
      for (const f of files) process.stdout.write(`${f.skipped ? 'have' : 'got '} ${f.model}/${f.file} (${f.bytes} bytes)\n`);
    });

  registerServiceCommands(program);
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed a one-line message
    }
    const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
    process.stderr.write(`fr2en: ${message}\n`);
    if (error instanceof UsageError || InputError.isInstance(error)) return 2;
    if (!Fr2enError.isInstance(error) && process.env.FR2EN_DEBUG) console.error(error);
    return 1;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
