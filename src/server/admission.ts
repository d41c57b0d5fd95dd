/**
 * Admission of translation requests by the work they bring, not by their number: a request is
 * let in while the sentences and characters of the requests being translated stay within the
 * server's bounds, and is refused at once (503 + `Retry-After`) past them. Admitted requests run
 * together: their sentences meet in the translator's shared batches, so a burst of short
 * requests is a few full batches rather than a long line of single sentences.
 */
import type { Context } from 'hono';
import { segment } from '../index.js';
import { toHttpError, workSignal, type Env, type ServerContext } from './context.js';
import { QueueFullError } from './work-queue.js';

/** What a translation request brings. */
export interface TranslationCost {
  /** Sentences (as the segmenter counts them; an array item of `/v1/translate` is one). */
  sentences: number;
  /** Characters (UTF-16 code units). */
  chars: number;
}

/** The cost of translating `texts` (each segmented) or, with `units`, of array items taken as sentences. */
export function translationCost(texts: readonly string[], units = false): TranslationCost {
  let sentences = 0;
  let chars = 0;
  for (const text of texts) {
    chars += text.length;
    sentences += units ? 1 : Math.max(1, segment(text).length);
  }
  return { sentences, chars };
}

/**
 * Keeps the translation work in progress within `maxSentences` and `maxChars`. A request larger
 * than a bound on its own is admitted when nothing else is in progress, so that it can run at all.
 */
export class SentenceAdmission {
  private sentences = 0;
  private chars = 0;
  private requests = 0;

  constructor(
    private readonly maxSentences: number,
    private readonly maxChars: number,
  ) {}

  /** Sentences of the requests being translated now. */
  get queuedSentences(): number {
    return this.sentences;
  }

  /** Characters of the requests being translated now. */
  get queuedChars(): number {
    return this.chars;
  }

  /** Admits a request of `cost` and returns the function that ends it (call once); throws {@link QueueFullError} past the bounds. */
  admit(cost: TranslationCost): () => void {
    const over = this.sentences + cost.sentences > this.maxSentences || this.chars + cost.chars > this.maxChars;
    if (over && this.requests > 0) throw new QueueFullError();
    this.sentences += cost.sentences;
    this.chars += cost.chars;
    this.requests++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.sentences -= cost.sentences;
      this.chars -= cost.chars;
      this.requests--;
    };
  }
}

/** Runs translation `work` once admitted, with the request's signal; maps the failures to HTTP errors. */
export async function runAdmitted<T>(ctx: ServerContext, c: Context<Env>, cost: TranslationCost, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = workSignal(ctx, c);
  let release: (() => void) | undefined;
  try {
    release = ctx.admission.admit(cost);
    return await work(signal);
  } catch (error) {
    throw toHttpError(ctx, c, error, signal);
  } finally {
    release?.();
  }
}
