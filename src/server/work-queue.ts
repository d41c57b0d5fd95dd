/**
 * The bounded queue in front of the models: at most `maxConcurrent` jobs run, at most
 * `maxQueue` wait; one more is refused at once ({@link QueueFullError}), so memory stays bounded
 * however many requests arrive. A waiting job whose signal aborts leaves the queue.
 */
import { AbortError } from '../index.js';

/** The queue is full: the server answers 503 with `Retry-After`. */
export class QueueFullError extends Error {
  constructor() {
    super('The server is busy (the translation queue is full); retry later.');
    this.name = 'QueueFullError';
  }
}

/** A concurrency limiter with a bounded wait list. */
export class WorkQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueue: number,
  ) {}

  /** Jobs running now. */
  get running(): number {
    return this.active;
  }

  /** Jobs waiting for a slot. */
  get depth(): number {
    return this.waiting.length;
  }

  /**
   * Waits for a slot; resolves with the function that frees it (call it once). Rejects with
   * {@link QueueFullError} when the wait list is full, `AbortError` when `signal` aborts first.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    if (this.active >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxQueue) throw new QueueFullError();
      await new Promise<void>((resolve, reject) => {
        const start = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.waiting.indexOf(start);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new AbortError(undefined, { cause: signal?.reason }));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(start);
      });
    } else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // hand the slot over: `active` stays the same
      else this.active--;
    };
  }

  /** Runs `work` in a slot (see {@link WorkQueue.acquire}). */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await work();
    } finally {
      release();
    }
  }
}
