/**
 * What producers (`fr2en submit`, `POST /v1/jobs`) and workers (`fr2en worker`) share: the queue's
 * job data, ids, statuses and the result's JSON (the same as `fr2en translate --json`).
 */
import { createHash } from 'node:crypto';
import { InputError, INPUT_FORMATS, type InputFormat, type QualityFlag, type TranslationResult } from '../index.js';

/** The default BullMQ queue name. */
export const DEFAULT_QUEUE = 'fr2en';

/** The statuses a job reports. BullMQ's `delayed` (waiting to retry), `prioritized` and `waiting-children` read as `waiting`. */
export const JOB_STATUSES = ['waiting', 'active', 'completed', 'failed'] as const;
/** One of {@link JOB_STATUSES}. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A document to translate: `text`, or `base64` for a binary format (.docx). */
export interface JobDocument {
  /** The French text (or the document, with `inputFormat` `html`, `markdown`, `srt`, `vtt`). */
  text?: string;
  /** A binary document (`inputFormat: 'docx'`), base64-encoded: jobs are JSON. */
  base64?: string;
  /** Job id; default `doc-` + the SHA-256 of the text and format, so the same document is translated once. */
  id?: string;
  /** Where it came from (a file name), echoed back. */
  file?: string;
  /** What the text is. @default 'text' */
  inputFormat?: InputFormat;
}

/** The data stored with a job. */
export interface JobData {
  /** The text, or the base64 of a binary document (see `base64`). */
  text: string;
  /** True when `text` holds a binary document in base64. */
  base64?: boolean;
  file?: string;
  inputFormat: InputFormat;
}

/** The JSON of a translated document: the same fields as `fr2en translate --json`. */
export interface TranslationJson {
  text: string;
  sentences: Array<{ source: string; translation: string; start: number; end: number; score?: number; flags: QualityFlag[]; repaired?: boolean }>;
  warnings: TranslationResult['warnings'];
  model: string;
  /** Flagged sentences per flag code (see `TranslationResult.flagCounts`). */
  flagCounts: TranslationResult['flagCounts'];
  /** A binary document's translation (`result.document`, e.g. a .docx), base64-encoded. */
  document?: string;
}

/** The error of a failed job: fr2en's error code (`INPUT`, `MODEL_LOAD`, `BACKEND`…) and message. */
export interface JobError {
  code: string;
  message: string;
}

/** What `fr2en job` and `GET /v1/jobs/:id` report. */
export interface JobReport {
  id: string;
  status: JobStatus;
  file?: string;
  /** Set once completed. */
  result?: TranslationJson;
  /** Set once failed (after the last retry). */
  error?: JobError;
  /** Tries so far. */
  attempts?: number;
}

/** The `fr2en translate --json` shape of a result. */
export function translationJson(result: TranslationResult): TranslationJson {
  return {
    text: result.text,
    sentences: result.sentences.map(({ source, translation, start, end, score, flags, repaired }) => ({
      source,
      translation,
      start,
      end,
      ...(score !== undefined ? { score } : {}),
      flags,
      ...(repaired ? { repaired } : {}),
    })),
    warnings: result.warnings,
    model: result.model,
    flagCounts: result.flagCounts,
    ...(result.document ? { document: Buffer.from(result.document).toString('base64') } : {}),
  };
}

const ID = /^[A-Za-z0-9._-]{1,200}$/;

/** Checks a document and returns its job id and data. */
export function jobOf(doc: JobDocument): { id: string; data: JobData } {
  const binary = typeof doc?.base64 === 'string';
  if (binary === (typeof doc?.text === 'string')) {
    throw new InputError('Expected a document with `text` (a string) or `base64` (a binary document such as a .docx), not both.', { option: 'text' });
  }
  if (binary && !/^[A-Za-z0-9+/]*={0,2}$/.test(doc.base64!)) throw new InputError('Expected `base64` to be base64-encoded bytes.', { option: 'base64' });
  const text = binary ? doc.base64! : doc.text!;
  const inputFormat = doc.inputFormat ?? (binary ? 'docx' : 'text');
  if (!INPUT_FORMATS.includes(inputFormat)) throw new InputError(`Expected \`inputFormat\` to be one of ${INPUT_FORMATS.join(', ')}.`, { option: 'inputFormat' });
  let id = doc.id;
  if (id === undefined) id = `doc-${createHash('sha256').update(`${inputFormat}\n${text}`).digest('hex').slice(0, 40)}`;
  // BullMQ refuses ids that are integers or contain ':'
  else if (!ID.test(id) || /^\d+$/.test(id)) {
    throw new InputError(`Expected a job id of letters, digits, '.', '_' or '-' (not only digits, at most 200), got ${JSON.stringify(id)}.`, { option: 'id' });
  }
  return { id, data: { text, inputFormat, ...(binary ? { base64: true } : {}), ...(doc.file !== undefined ? { file: doc.file } : {}) } };
}

/** BullMQ's job state → {@link JobStatus}. */
export function statusOf(state: string): JobStatus {
  if (state === 'active' || state === 'completed' || state === 'failed') return state;
  return 'waiting';
}

/** Splits a stored failure reason (`CODE: message`) into a {@link JobError}. */
export function errorOf(failedReason: string | undefined): JobError {
  const m = /^([A-Z][A-Z_]*): ([\s\S]*)$/.exec(failedReason ?? '');
  return m ? { code: m[1]!, message: m[2]! } : { code: 'UNKNOWN', message: failedReason ?? 'unknown error' };
}
