/** The consumer side of the queue: a BullMQ worker that translates documents with one translator. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UnrecoverableError, Worker } from 'bullmq';
import { createTranslator, Fr2enError, InputError, type Dtype, type TranslationCacheStore, type Translator } from '../index.js';
import { DEFAULT_QUEUE, jobOf, translationJson, type JobData, type TranslationJson } from './jobs.js';

/** An event a worker reports (one JSON line each in `fr2en worker`). */
export interface WorkerEvent {
  event: 'ready' | 'active' | 'completed' | 'failed' | 'retry' | 'stalled' | 'error' | 'closed';
  id?: string;
  file?: string;
  /** Error code and message (`failed`, `retry`, `error`). */
  code?: string;
  message?: string;
  /** Milliseconds spent on the job (`completed`). */
  ms?: number;
  sentences?: number;
  attempt?: number;
}

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** Redis URL. */
  redis: string;
  /** Queue name. @default 'fr2en' */
  queueName?: string;
  /** Translation model id or folder. @default 'Xenova/opus-mt-fr-en' */
  model?: string;
  modelsDir?: string;
  allowRemote?: boolean;
  dtype?: Dtype;
  beams?: number;
  /** ONNX Runtime threads. @default half the cores */
  threads?: number;
  /** A translator of your own (not disposed by `close()`). */
  translator?: Translator;
  /**
   * The translation cache of the worker's own translator: `true` in memory, or a store (e.g. the
   * SQLite file of `openTranslationCache()`, which every worker of the machine can share). @default false
   */
  cache?: boolean | TranslationCacheStore;
  /** Jobs this process works on at once. @default 1 */
  concurrency?: number;
  /** Longest document in characters; a longer one fails at once with code `INPUT` (no retry). @default 5_000_000 */
  maxChars?: number;
  /**
   * Milliseconds a job's lock lasts without renewal: after a worker dies, its job goes back to the
   * queue within about `lockDuration + stalledInterval`.
   * @default 30_000
   */
  lockDuration?: number;
  /** Milliseconds between checks for stalled jobs (jobs of dead workers). @default 30_000 */
  stalledInterval?: number;
  /** Also write each result as `<dir>/<id>.json`. */
  outDir?: string;
  /** Receives what happens. */
  onEvent?: (event: WorkerEvent) => void;
}

/** A running worker. */
export interface RunningWorker {
  /** Resolves once the model is loaded and the worker takes jobs. */
  ready: Promise<void>;
  /** Finishes the active jobs, then disconnects (and frees the model it loaded). */
  close(): Promise<void>;
}

/** The error a processor throws: `CODE: message`; input errors are not retried. */
function jobError(error: unknown): Error {
  const code = Fr2enError.isInstance(error) ? error.code : 'INTERNAL';
  const message = `${code}: ${(error as Error)?.message ?? String(error)}`;
  return code === 'INPUT' ? new UnrecoverableError(message) : new Error(message);
}

/** Starts a worker: it loads the model, then translates jobs until `close()`. */
export function startWorker(options: WorkerOptions): RunningWorker {
  const onEvent = options.onEvent ?? (() => {});
  const maxChars = options.maxChars ?? 5_000_000;
  const own = options.translator === undefined;
  const translator =
    options.translator ??
    createTranslator({
      ...(options.model ? { model: options.model } : {}),
      ...(options.modelsDir ? { modelsDir: options.modelsDir } : {}),
      ...(options.allowRemote === false ? { allowRemote: false } : {}),
      ...(options.dtype ? { dtype: options.dtype } : {}),
      ...(options.beams ? { beams: options.beams } : {}),
      ...(options.threads ? { threads: options.threads } : {}),
      ...(options.cache !== undefined ? { cache: options.cache } : {}),
    });
  let worker: Worker<JobData, TranslationJson> | undefined;

  const ready = (async () => {
    await translator.load();
    worker = new Worker<JobData, TranslationJson>(
      options.queueName ?? DEFAULT_QUEUE,
      async (job, _token, signal) => {
        const started = performance.now();
        onEvent({ event: 'active', id: job.id!, ...(job.data.file ? { file: job.data.file } : {}), attempt: job.attemptsMade + 1 });
        try {
          const stored = job.data;
          const { data } = jobOf({
            ...(stored.base64 ? { base64: stored.text } : { text: stored.text }),
            inputFormat: stored.inputFormat,
            ...(stored.file !== undefined ? { file: stored.file } : {}),
            id: job.id!,
          });
          if (data.text.length > maxChars) {
            throw new InputError(`The document has ${data.text.length} characters, more than this worker's limit (${maxChars}).`, { option: 'maxChars' });
          }
          const result = translationJson(await translator.translate(data.base64 ? Buffer.from(data.text, 'base64') : data.text, { inputFormat: data.inputFormat, ...(signal ? { signal } : {}) }));
          if (options.outDir) {
            const file = path.join(options.outDir, `${job.id}.json`);
            await mkdir(options.outDir, { recursive: true });
            await writeFile(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
            await rename(`${file}.tmp`, file);
          }
          onEvent({ event: 'completed', id: job.id!, ms: Math.round(performance.now() - started), sentences: result.sentences.length });
          return result;
        } catch (error) {
          throw jobError(error);
        }
      },
      {
        connection: { url: options.redis },
        concurrency: options.concurrency ?? 1,
        lockDuration: options.lockDuration ?? 30_000,
        stalledInterval: options.stalledInterval ?? 30_000,
      },
    );
    worker.on('failed', (job, error) => {
      if (!job) return;
      const [code, ...rest] = error.message.split(': ');
      const last = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      onEvent({ event: last ? 'failed' : 'retry', id: job.id!, code: code!, message: rest.join(': '), attempt: job.attemptsMade });
    });
    worker.on('stalled', (id) => onEvent({ event: 'stalled', id }));
    worker.on('error', (error) => onEvent({ event: 'error', message: error.message }));
    await worker.waitUntilReady();
    onEvent({ event: 'ready' });
  })();

  return {
    ready,
    async close() {
      await ready.catch(() => {});
      await worker?.close();
      if (own) await translator.dispose();
      onEvent({ event: 'closed' });
    },
  };
}
