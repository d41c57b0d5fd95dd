/**
 * What fr2en/web's Translator and Summarizer share, after the WICG writing-assistance-apis
 * "Shared infrastructure": availability values, the create monitor and its `downloadprogress`
 * events, DOMException errors, language tags, destruction and composite abort signals.
 */

/** The availability values of the specifications, least to most available. */
export const AVAILABILITIES = ['unavailable', 'downloadable', 'downloading', 'available'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** A DOMException with a specified name (`NotSupportedError`, `OperationError`, ...). */
export function domError(name: string, message: string): DOMException {
  return new DOMException(message, name);
}

/** A `QuotaExceededError` with numeric `requested` and `quota` (the WebIDL subclass where the browser has it). */
export function quotaError(requested: number, quota: number): DOMException {
  const message = `The input is too large: ${requested} > ${quota}.`;
  const Native = (globalThis as { QuotaExceededError?: new (m: string, o: { requested: number; quota: number }) => DOMException }).QuotaExceededError;
  if (typeof Native === 'function') {
    try {
      return new Native(message, { requested, quota });
    } catch {
      // an older shape: fall through
    }
  }
  const error = domError('QuotaExceededError', message);
  Object.defineProperties(error, { requested: { value: requested }, quota: { value: quota } });
  return error;
}

/**
 * Canonicalises a BCP 47 tag. @throws RangeError for a structurally invalid tag (as `Intl` does)
 */
export function canonicalTag(tag: unknown): string {
  return Intl.getCanonicalLocales(String(tag))[0]!;
}

/** True when `tag` is `lang` or one of its regional/script variants (`fr`, `fr-CA`, `fr-Latn-FR`). */
export function isLanguage(tag: string, lang: string): boolean {
  return tag.toLowerCase() === lang || tag.toLowerCase().startsWith(`${lang}-`);
}

/** The `monitor` object passed to a create callback: an EventTarget with `ondownloadprogress`. */
export class CreateMonitor extends EventTarget {
  #handler: ((event: Event) => void) | null = null;
  get ondownloadprogress(): ((event: Event) => void) | null {
    return this.#handler;
  }
  set ondownloadprogress(handler: ((event: Event) => void) | null) {
    if (this.#handler) this.removeEventListener('downloadprogress', this.#handler);
    this.#handler = typeof handler === 'function' ? handler : null;
    if (this.#handler) this.addEventListener('downloadprogress', this.#handler);
  }
}

function progressEvent(loaded: number): Event {
  if (typeof ProgressEvent === 'function') return new ProgressEvent('downloadprogress', { loaded, total: 1, lengthComputable: true });
  return Object.assign(new Event('downloadprogress'), { loaded, total: 1, lengthComputable: true });
}

/**
 * Fires `downloadprogress` on a monitor as the specs say: `loaded` a fraction in [0, 1]
 * (rounded down to 1/65536), `total` 1; 0 first and 1 last always (even with nothing to
 * download), only on change, intermediate events at least 50 ms apart, none once `signal` aborted.
 */
export function downloadReporter(monitor: CreateMonitor | undefined, signal: AbortSignal | undefined, clock: () => number = () => performance.now()) {
  let last = -1;
  let lastAt = 0;
  const fire = (fraction: number, force: boolean) => {
    if (!monitor || signal?.aborted) return;
    const loaded = Math.floor(Math.min(1, Math.max(0, fraction)) * 65536) / 65536;
    if (loaded <= last) return;
    const now = clock();
    if (!force && now - lastAt < 50) return;
    last = loaded;
    lastAt = now;
    monitor.dispatchEvent(progressEvent(loaded));
  };
  const files = new Map<string, { loaded: number; total: number }>();
  return {
    start: () => fire(0, true),
    /** A file's bytes so far (fr2en's `download` progress event). */
    file(name: string, loaded: number, total: number | undefined) {
      files.set(name, { loaded, total: total ?? Math.max(loaded, files.get(name)?.total ?? 0) });
      let l = 0;
      let t = 0;
      for (const f of files.values()) {
        l += f.loaded;
        t += f.total;
      }
      if (t > 0 && l < t) fire(l / t, false); // 1 is fired by finish(), after initialisation
    },
    finish: () => fire(1, true),
  };
}

/** The destruction part of the specs' DestroyableModel: one controller, and every call's signal combined with it. */
export class Destruction {
  readonly #controller = new AbortController();
  /** Aborts every ongoing and later call with an `AbortError` DOMException (or `reason`). */
  destroy(reason: unknown = domError('AbortError', 'The object was destroyed.')): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }
  get destroyed(): boolean {
    return this.#controller.signal.aborted;
  }
  /** The call's signal combined with destruction. */
  signal(callSignal: AbortSignal | undefined): AbortSignal {
    return callSignal ? AbortSignal.any([this.#controller.signal, callSignal]) : this.#controller.signal;
  }
}

/**
 * Resolves in a later task, not a microtask: the specs' "queue a global task on the AI task
 * source". Settling a promise there gives code that ran in between (an `abort()`, a `destroy()`)
 * the chance to win, as the specs require.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel !== 'function') return void setTimeout(resolve, 0);
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });
}

/**
 * Whether the page has transient user activation (`navigator.userActivation.isActive`):
 * `undefined` where the global has no `navigator.userActivation` (a worker).
 */
export function transientActivation(): boolean | undefined {
  const nav = (globalThis as { navigator?: { userActivation?: { isActive?: unknown } } }).navigator;
  const ua = nav?.userActivation;
  return ua && typeof ua.isActive === 'boolean' ? ua.isActive : undefined;
}

/**
 * True when `input` has nothing to translate or summarise: only white space, control
 * characters (C0, DEL, C1) and invisible format characters (Cf: zero-width joiners, BOM, ...).
 * The specs give white space and control characters as examples; such input is answered
 * without the model.
 */
export function nothingToProcess(input: string): boolean {
  return /^[\p{White_Space}\p{Cc}\p{Cf}]*$/u.test(input);
}

/** Rejects with the signal's reason when aborted (the specs' "abort reason", not fr2en's AbortError). */
export function checkSignal(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

/**
 * Maps an error of fr2en during an operation to the specs' errors: the abort reason when the
 * signal aborted, else `UnknownError` (the message kept).
 */
export function operationError(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (error instanceof DOMException) return error;
  return domError('UnknownError', String((error as Error)?.message ?? error));
}

/**
 * A ReadableStream of string deltas from an async generator, produced only as the reader asks;
 * cancel() stops it silently, an abort errors it with the reason at once (queued chunks dropped).
 */
export function deltaStream(produce: (signal: AbortSignal) => AsyncIterable<string>, signal: AbortSignal): ReadableStream<string> {
  const cancel = new AbortController();
  const combined = AbortSignal.any([signal, cancel.signal]);
  let iterator: AsyncIterator<string> | undefined;
  let closed = false;
  const source: UnderlyingDefaultSource<string> = {
    start(controller) {
      const onAbort = () => {
        if (!closed) controller.error(signal.reason);
        closed = true;
      };
      signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      if (closed) return;
      try {
        iterator ??= produce(combined)[Symbol.asyncIterator]();
        const next = await iterator.next();
        if (closed) return;
        if (next.done) {
          closed = true;
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        if (!closed) controller.error(operationError(error, signal));
        closed = true;
      }
    },
    async cancel() {
      closed = true;
      cancel.abort();
      await iterator?.return?.();
    },
  };
  return new ReadableStream<string>(source, { highWaterMark: 0 });
}

/** What a model class's `create()` hands to {@link createModelObject}, after validating its options. */
export interface CreateSteps<T> {
  /** `options.signal`. */
  signal: AbortSignal | undefined;
  /** `options.monitor`. */
  monitor: ((monitor: CreateMonitor) => void) | undefined;
  /** The options' availability (the specs' "compute options availability"). */
  availability(): Promise<Availability>;
  /** The `NotSupportedError` message for `"unavailable"` options. */
  unsupported: string;
  /** Whether `"downloadable"`/`"downloading"` options need transient user activation (`setup({ requireUserActivation })`). */
  requireActivation: boolean;
  /** The browser's own object when fr2en hands creation over to it (`preferBuiltIn`), else `undefined`. */
  handOver?(): Promise<T | undefined>;
  /** Downloads and initialises what the object needs, reporting bytes; rejects with the DOMException to surface. */
  load(signal: AbortSignal, progress: ReturnType<typeof downloadReporter>): Promise<void>;
  /** Makes the object (in the task that resolves `create()`). */
  make(): T;
  /** Destroys the object with `reason` (the create signal aborted after creation). */
  destroy(object: T, reason: unknown): void;
}

/**
 * The specs' "create an AI model object": rejects at once when the signal is already aborted,
 * invokes the monitor callback (its exception rejects), then answers `NotSupportedError` for
 * `"unavailable"` options before anything else, `NotAllowedError` when a download is needed and
 * the call had no transient user activation, else loads with `downloadprogress` events (0 first,
 * 1 last) and resolves in a later task that first checks the signal, so an abort made after the
 * last event wins. Aborting the signal after creation destroys the object with its reason.
 */
export async function createModelObject<T>(steps: CreateSteps<T>): Promise<T> {
  const { signal } = steps;
  if (signal?.aborted) throw signal.reason;
  // read at the call: a click's activation belongs to the call made from its handler
  const active = transientActivation();
  const monitor = new CreateMonitor();
  steps.monitor?.(monitor);
  try {
    const availability = await steps.availability();
    if (availability === 'unavailable') throw domError('NotSupportedError', steps.unsupported);
    const native = await steps.handOver?.();
    if (native !== undefined) return native;
    if (availability !== 'available' && steps.requireActivation && active !== true) {
      throw domError(
        'NotAllowedError',
        active === undefined
          ? 'The model must be downloaded, which needs a user activation, and this context has none (a worker): call setup({ requireUserActivation: false }) there.'
          : 'The model must be downloaded first, which needs a user activation: call create() from a click or key press handler.',
      );
    }
    const progress = downloadReporter(monitor, signal);
    progress.start();
    await steps.load(signal ?? new AbortController().signal, progress);
    progress.finish();
  } catch (error) {
    await nextTask();
    throw signal?.aborted ? signal.reason : error;
  }
  await nextTask();
  if (signal?.aborted) throw signal.reason;
  const object = steps.make();
  signal?.addEventListener('abort', () => steps.destroy(object, signal.reason), { once: true });
  return object;
}

/**
 * The specs' "get an aggregated AI model result": rejects at once when `signal` (the call's
 * signal combined with destruction) is aborted; otherwise concatenates the chunks and settles in
 * a later task that first checks the signal, so an abort or `destroy()` made meanwhile wins.
 */
export async function aggregatedResult(signal: AbortSignal, produce: (signal: AbortSignal) => AsyncIterable<string>): Promise<string> {
  checkSignal(signal);
  let result = '';
  try {
    for await (const chunk of produce(signal)) result += chunk;
  } catch (error) {
    await nextTask();
    throw operationError(error, signal);
  }
  await nextTask();
  checkSignal(signal);
  return result;
}

/**
 * The specs' "measure AI model input usage": rejects at once when `signal` is aborted, else
 * measures and answers in a later task that first checks the signal (so `destroy()` or an abort
 * right after the call rejects it).
 */
export async function measuredUsage(signal: AbortSignal, measure: () => number): Promise<number> {
  checkSignal(signal);
  const usage = measure();
  await nextTask();
  checkSignal(signal);
  return usage;
}
