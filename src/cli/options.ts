/**
 * Option definitions the CLI's commands share, built from the library's value lists, and the
 * small mappings from parsed flags to the API's options.
 */
import { InvalidArgumentError, Option } from 'commander';
import {
  DTYPES,
  INPUT_FORMATS,
  SUMMARY_FORMATS,
  SUMMARY_LENGTHS,
  SUMMARY_METHODS,
  SUMMARY_TYPES,
  type Dtype,
  type ModelSourceOptions,
  type SummaryFormat,
  type SummaryLength,
  type SummaryMethod,
  type SummaryType,
} from '../index.js';
import { cliGlobals } from './globals.js';

/** Parses an integer flag of at least `min`. */
export function intOption(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer from ${min} and up.`);
    return n;
  };
}

/** The flags every model-running command shares, as parsed. */
export interface ModelFlags {
  dtype: Dtype;
  modelsDir?: string;
  offline?: boolean;
  maxNewTokens?: number;
  minNewTokens?: number;
  beams?: number;
  json?: boolean;
}

/** The summary flags, as parsed. */
export interface SummaryFlags {
  type: SummaryType;
  length: SummaryLength;
  format: SummaryFormat;
}

export const modelsDirOption = () => new Option('--models-dir <dir>', 'folder holding models as <org>/<name>/ (also FR2EN_MODELS_DIR)');
export const offlineOption = () => new Option('--offline', 'never download; use local models only');
export const maxNewTokensOption = (what: string) => new Option('--max-new-tokens <n>', what).argParser(intOption('--max-new-tokens', 1));
export const minNewTokensOption = (what: string) => new Option('--min-new-tokens <n>', what).argParser(intOption('--min-new-tokens', 0));
export const beamsOption = () =>
  new Option('--beams <n>', "beams: 1 is greedy decoding (fastest); default: the model's num_beams (4 for the default models)").argParser(intOption('--beams', 1));
/** `--workers <n|auto>`: translation lanes (the library's `workers`). */
export const workersOption = () =>
  new Option('--workers <n|auto>', 'batches translated in parallel, each by its own model copy in a worker thread (default auto: one per 2 cores)').argParser(
    (value: string): number | 'auto' => {
      if (value === 'auto') return value;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('--workers must be auto or an integer from 1 to 64.');
      return n;
    },
  );
export const dtypeOption = (what = 'weight type') => new Option('--dtype <dtype>', what).choices(DTYPES).default('auto');

export const typeOption = () => new Option('--type <type>', 'kind of summary').choices(SUMMARY_TYPES).default(SUMMARY_TYPES[0]);
export const lengthOption = () => new Option('--length <length>', 'summary length').choices(SUMMARY_LENGTHS).default('medium');
export const formatOption = () => new Option('--format <format>', 'output format').choices(SUMMARY_FORMATS).default('plain-text');
export const methodOption = (what: string, byDefault?: SummaryMethod) => {
  const option = new Option('--method <method>', what).choices(SUMMARY_METHODS);
  return byDefault ? option.default(byDefault) : option;
};

export const inputFormatOption = () =>
  new Option('--input-format <format>', 'what the input is (auto: by file extension, else by content)').choices(INPUT_FORMATS).default('auto');

/** `--out <file>` and `--force`: where a command writes its document. */
export const outOption = () => new Option('--out <file>', 'write the translated document to this file (required for .docx on a terminal)');
export const forceOption = () => new Option('--force', 'overwrite the --out file if it exists');
/** `--front-matter <keys>`: Markdown front matter keys to translate. */
export const frontMatterOption = () =>
  new Option('--front-matter <keys>', 'Markdown: front matter keys whose values are translated, comma-separated (e.g. title,description)').argParser((value: string) =>
    value.split(',').map((k) => k.trim()).filter((k) => k.length > 0),
  );

/** `--models-dir`, `--offline` and the global `--cache-dir` as model-source options. */
export function modelSourceOptions(opts: { modelsDir?: string; offline?: boolean }): ModelSourceOptions {
  return {
    ...(cliGlobals.cacheDir ? { cacheDir: cliGlobals.cacheDir } : {}),
    ...(opts.modelsDir ? { modelsDir: opts.modelsDir } : {}),
    ...(opts.offline ? { allowRemote: false } : {}),
  };
}

/** `--max-new-tokens` and `--min-new-tokens` as generation options, or undefined when neither is given. */
export function generationOptions(opts: {
  maxNewTokens?: number;
  minNewTokens?: number;
  repetitionPenalty?: number;
  noRepeatNgramSize?: number;
}): { maxNewTokens?: number; minNewTokens?: number; repetitionPenalty?: number; noRepeatNgramSize?: number } | undefined {
  const out = {
    ...(opts.maxNewTokens !== undefined ? { maxNewTokens: opts.maxNewTokens } : {}),
    ...(opts.minNewTokens !== undefined ? { minNewTokens: opts.minNewTokens } : {}),
    ...(opts.repetitionPenalty !== undefined ? { repetitionPenalty: opts.repetitionPenalty } : {}),
    ...(opts.noRepeatNgramSize !== undefined ? { noRepeatNgramSize: opts.noRepeatNgramSize } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The flags of constrained and n-best translation, as parsed. */
export interface TermFlags {
  glossary?: string;
  keep?: string[];
  alternatives?: number;
  repetitionPenalty?: number;
  noRepeatNgramSize?: number;
}

/** `--glossary <file>`: .json object, .tsv or .csv two columns (French, English). */
export const glossaryOption = () => new Option('--glossary <file>', 'French term → English term, written by constrained search (.json object, .tsv or .csv: French, English)');
/** `--keep <term>`, repeatable: kept verbatim, besides URLs, e-mail addresses, @handles and #hashtags. */
export const keepOption = () =>
  new Option('--keep <term>', 'text kept verbatim in the translation (repeatable; URLs, e-mails, @handles, #hashtags are kept anyway)').argParser(
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
export const alternativesOption = () => new Option('--alternatives <n>', 'other translations per sentence from the beam (runs at least n + 1 beams)').argParser(intOption('--alternatives', 0));
export const repetitionPenaltyOption = () =>
  new Option('--repetition-penalty <x>', 'penalise tokens already generated (1 is off; 1.2 is usual)').argParser((value: string): number => {
    const x = Number(value);
    if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError('--repetition-penalty must be a number above 0 (1 is off).');
    return x;
  });
export const noRepeatNgramSizeOption = () => new Option('--no-repeat-ngram-size <n>', 'forbid repeating n-grams of this size (0 is off)').argParser(intOption('--no-repeat-ngram-size', 0));
