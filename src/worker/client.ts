/**
 * The page side of `fr2en/worker`: the translator and summarizer API of fr2en, run in a Web
 * Worker so the page never freezes while a model runs. Signals abort the worker's call (the
 * promise rejects with fr2en's `AbortError` at once); progress callbacks receive the worker's events.
 */
import type { BrowserConfig } from '../browser.js';
import type { BackendModelInfo } from '../backend/spec.js';
import { BackendError, DisposedError, InputError } from '../errors.js';
import { DEFAULT_SUMMARIZATION_MODEL, DEFAULT_TRANSLATION_MODEL } from '../models/manifest.js';
import type { DigestOptions, DigestResult } from '../pipeline/digest.js';
import type { StreamedSentence, TranslateOptions, TranslationResult, Translator, TranslatorOptions } from '../pipeline/translate/index.js';
import type { ProgressCallback } from '../progress.js';
import type { Sentence } from '../segment/index.js';
import type { BaseSummarizerOptions as SummarizerOptions, SummarizeOptions, Summarizer, SummaryResult } from '../summarize/summarizer.js';
import { createPendingRequests } from '../util/thread-protocol.js';
import type { ClientMessage, HostMessage, WorkerKind, WorkerMethod } from './protocol.js';

/** The part of a `Worker` the client uses (a real Worker, or a MessagePort-like double in tests). */
export interface WorkerLike {
  postMessage(message: ClientMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<HostMessage>) => void): void;
  /** A worker's `error` event: before `ready`, its script failed to start. */
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate?(): void;
}

/** fr2en's API, served by a Web Worker. */
export interface WorkerClient {
  /** Resolves when the worker has started; rejects with a `BackendError` when its script fails to start. */
  readonly ready: Promise<void>;
  /** Sets the worker's runtime (model base URL, WASM paths, device, threads); see `configure` of `fr2en`. */
  configure(config: BrowserConfig): Promise<void>;
  /** A translator living in the worker (options must be structured-clonable: no `backend`). */
  createTranslator(options?: TranslatorOptions): Translator;
  /** A summarizer living in the worker. */
  createSummarizer(options?: SummarizerOptions): Summarizer;
  /** `digest` of fr2en, in the worker. */
  digest(text: string, options?: DigestOptions): Promise<DigestResult>;
  /** `segment` of fr2en, in the worker. */
  segment(text: string): Promise<Sentence[]>;
  /** Stops the worker; pending calls reject with `DisposedError`. */
  terminate(): void;
}

/** What the client keeps with each open request: the callbacks of its progress messages. */
interface Listeners {
  onProgress: ProgressCallback | undefined;
  onChunk: ((value: unknown) => void) | undefined;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Options that cannot cross to a worker, kept on the page. */
function split<T extends { signal?: AbortSignal; onProgress?: ProgressCallback }>(
  options: T | undefined,
): { rest: Record<string, unknown>; signal: AbortSignal | undefined; onProgress: ProgressCallback | undefined } {
  const { signal, onProgress, ...rest } = (options ?? {}) as T;
  return { rest, signal, onProgress };
}

/**
 * Connects to a worker running fr2en's host (`fr2en/worker-host`, or your own script calling `serveFr2en(self)`).
 * @example
 * const worker = new Worker(new URL('fr2en/worker-host', import.meta.url), { type: 'module' });
 * const fr2en = connectWorker(worker);
 * await fr2en.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
 * const { text } = await fr2en.createTranslator({ model: 'Xenova/opus-mt-fr-en' }).translate('Bonjour.');
 */
export function connectWorker(worker: WorkerLike): WorkerClient {
  const channel = new WorkerChannel(worker);
  return {
    ready: channel.ready,
    async configure(config) {
      await channel.request({ type: 'configure', config });
    },
    createTranslator: (options = {}) => workerTranslator(channel, options),
    createSummarizer: (options = {}) => workerSummarizer(channel, options),
    digest(text, options) {
      const { rest, signal, onProgress } = split(options);
      return channel.request({ type: 'call', instance: null, method: 'digest', input: text, options: rest }, { signal, onProgress }) as Promise<DigestResult>;
    },
    segment(text) {
      return channel.request({ type: 'call', instance: null, method: 'segment', input: text, options: {} }) as Promise<Sentence[]>;
    },
    terminate: () => channel.terminate(),
  };
}

/** The page's end of the worker: its start, and requests matched with their answers, progress and chunks. */
class WorkerChannel {
  /** Resolves when the worker has started; rejects when its script fails to start. */
  readonly ready: Promise<void>;
  terminated = false;
  private started = false;
  private startFailure: BackendError | undefined;
  private readonly pending: ReturnType<typeof createPendingRequests<Listeners>>;

  constructor(private readonly worker: WorkerLike) {
    this.pending = createPendingRequests<Listeners>({
      cancel: (id, reason) => worker.postMessage({ type: 'abort', id, reason: reason === undefined ? undefined : String(reason) }),
    });
    let markReady!: () => void;
    let failReady!: (error: unknown) => void;
    this.ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));
    this.ready.catch(() => undefined); // a caller that never awaits `ready` sees the failure on its calls

    // an error before `ready` means the worker's script did not start: nothing will ever answer
    worker.addEventListener('error', (event) => {
      if (this.started) return;
      const message = (event as { message?: unknown }).message;
      const failure = new BackendError(`The fr2en worker failed to start${typeof message === 'string' && message ? `: ${message}` : ''}.`);
      this.startFailure = failure;
      failReady(failure);
      this.pending.rejectAll(failure);
    });

    worker.addEventListener('message', (event) => {
      const m = event.data;
      if (m.type === 'ready') return (this.started = true), markReady();
      if (m.type === 'progress') this.pending.extra(m.id)?.onProgress?.(m.event);
      else if (m.type === 'chunk') this.pending.extra(m.id)?.onChunk?.(m.value);
      else this.pending.settle(m);
    });
  }

  /** Sends a request; resolves with its answer (a signal aborts it in the worker too). */
  request(
    message: DistributiveOmit<ClientMessage, 'id'>,
    extra: { signal?: AbortSignal | undefined; onProgress?: ProgressCallback | undefined; onChunk?: (value: unknown) => void } = {},
  ): Promise<unknown> {
    if (this.terminated) return Promise.reject(new DisposedError('worker'));
    if (this.startFailure) return Promise.reject(this.startFailure);
    return this.pending.open((id) => this.worker.postMessage({ ...message, id } as ClientMessage), {
      signal: extra.signal,
      extra: { onProgress: extra.onProgress, onChunk: extra.onChunk },
    });
  }

  terminate(): void {
    this.terminated = true;
    this.worker.terminate?.();
    this.pending.rejectAll(new DisposedError('worker'));
  }
}

type CallOptions = { signal?: AbortSignal; onProgress?: ProgressCallback };

/** A translator or summarizer created in the worker: its calls go to that instance once it exists. */
function hosted(channel: WorkerChannel, kind: WorkerKind, options: Record<string, unknown>) {
  if (options.backend !== undefined) throw new InputError('`backend` cannot cross to a worker: create the backend inside your own worker script.', { option: 'backend' });
  const instance = channel.request({ type: 'create', kind, options }) as Promise<number>;
  instance.catch(() => undefined); // reported by the first call
  const callOn = async (method: WorkerMethod, input: unknown, o: CallOptions | undefined, onChunk?: (v: unknown) => void) => {
    const { rest, signal, onProgress } = split(o);
    const id = await instance;
    return channel.request({ type: 'call', instance: id, method, input, options: rest }, { signal, onProgress, ...(onChunk ? { onChunk } : {}) });
  };
  const dispose = async () => {
    const id = await instance.catch(() => undefined);
    if (id !== undefined && !channel.terminated) await channel.request({ type: 'dispose', instance: id });
  };
  return { callOn, dispose };
}

function workerTranslator(channel: WorkerChannel, options: TranslatorOptions): Translator {
  const { callOn, dispose } = hosted(channel, 'translator', options as Record<string, unknown>);
  return {
    model: options.model ?? DEFAULT_TRANSLATION_MODEL,
    translate: (input: string | readonly string[], o?: TranslateOptions) => callOn('translate', input, o) as Promise<TranslationResult>,
    translateStream: (input: string | readonly string[], o?: TranslateOptions) =>
      chunkStream<StreamedSentence>((onChunk) => callOn('translateStream', input, o, onChunk as (v: unknown) => void)),
    load: (o?: CallOptions) => callOn('load', undefined, o) as Promise<BackendModelInfo>,
    dispose,
  };
}

function workerSummarizer(channel: WorkerChannel, options: SummarizerOptions): Summarizer {
  const { callOn, dispose } = hosted(channel, 'summarizer', options as Record<string, unknown>);
  return {
    model: options.model ?? DEFAULT_SUMMARIZATION_MODEL,
    summarize: (text: string, o?: SummarizeOptions) => callOn('summarize', text, o) as Promise<SummaryResult>,
    load: (o?: CallOptions) => callOn('load', undefined, o) as Promise<BackendModelInfo>,
    dispose,
  };
}

/**
 * The chunks a call pushes (`start` gets the chunk callback) as an async iterable, in order; it
 * ends when the call resolves and throws when it rejects. The call starts on iteration.
 */
function chunkStream<T>(start: (onChunk: (value: T) => void) => Promise<unknown>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      const queue: T[] = [];
      let wake: (() => void) | undefined;
      let finished = false;
      let failure: unknown;
      start((v) => {
        queue.push(v);
        wake?.();
      }).then(
        () => ((finished = true), wake?.()),
        (e: unknown) => ((failure = e), (finished = true), wake?.()),
      );
      for (;;) {
        if (queue.length > 0) {
          yield queue.shift()!;
          continue;
        }
        if (finished) {
          if (failure !== undefined) throw failure;
          return;
        }
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    },
  };
}
