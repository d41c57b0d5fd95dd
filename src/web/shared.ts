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
