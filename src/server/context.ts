/** What the route modules share: models, limits, the work queue, metrics and request helpers. */
import type { Context } from 'hono';
import { AbortError, Fr2enError, InputError, type Summarizer, type TranslateOptions, type TranslationResult, type Translator } from '../index.js';
import type { JobClient } from '../queue/client.js';
import type { ApiKeys, RateLimiter } from './auth.js';
import type { LogEntry, ResolvedConfig } from './config.js';
import type { Metrics } from './metrics.js';
import { QueueFullError, type WorkQueue } from './work-queue.js';

/** Hono environment: `incoming` is node's request when served by @hono/node-server. */
export interface Env {
  Bindings: { incoming?: { socket?: { remoteAddress?: string } } };
  Variables: { apiKey?: string; outcome?: string };
}

/** The server's shared state. */
export interface ServerContext {
  config: ResolvedConfig;
  translator: Translator;
  summarizer: () => Summarizer;
  queue: WorkQueue;
  /** Admission of translation requests by queued sentences and characters (`SentenceAdmission`). */
  admission: { admit(cost: { sentences: number; chars: number }): () => void; readonly queuedSentences: number };
  metrics: Metrics;
  keys: ApiKeys | undefined;
  limiter: RateLimiter;
  jobs: (() => JobClient) | undefined;
  log: (entry: LogEntry) => void;
  /** `inFlight`: requests being served now. */
  state: { draining: boolean; ready: boolean; inFlight: number };
}

/** A request body as a flat record: JSON object, or query string + form fields (query first, like Flask's `request.values`). */
export type Body = Record<string, unknown>;

/** An error answered with `status` and `{ error }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly code?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Reads a JSON or form body (LibreTranslate's rules: a JSON body must be an object). */
export async function readBody(c: Context<Env>): Promise<Body> {
  const type = c.req.header('content-type') ?? '';
  if (/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    let value: unknown;
    try {
      value = await c.req.json();
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, `Failed to decode JSON object: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'Invalid JSON format');
    return value as Body;
  }
  const out: Body = {};
  for (const [k, v] of new URL(c.req.url).searchParams) if (!(k in out)) out[k] = v;
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    const form = await c.req.parseBody({ all: true });
    for (const [k, v] of Object.entries(form)) {
      if (k in out) continue;
      const first = Array.isArray(v) ? v[0] : v;
      if (typeof first === 'string') out[k] = first;
    }
  }
  return out;
}

/** The client's address (node) or `unknown`. */
export function clientAddress(c: Context<Env>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Access check, LibreTranslate's order: a wrong key → 403 `Invalid API key`; no key while keys are
 * required → 400; over the rate limit → 429 `Slowdown: N per 1 minute` (a batch costs its length).
 */
export function checkAccess(ctx: ServerContext, c: Context<Env>, key: unknown, cost = 1): void {
  const apiKey = typeof key === 'string' && key !== '' ? key : undefined;
  if (ctx.keys) {
    if (apiKey !== undefined && !ctx.keys.has(apiKey)) throw new HttpError(403, 'Invalid API key');
    if (apiKey === undefined && ctx.config.requireApiKey) {
      throw new HttpError(400, ctx.config.getApiKeyLink ? `Visit ${ctx.config.getApiKeyLink} to get an API key` : 'Please contact the server operator to get an API key');
    }
  }
  if (apiKey !== undefined) c.set('apiKey', apiKey);
  const client = apiKey !== undefined && ctx.keys ? `key:${apiKey}` : `ip:${clientAddress(c)}`;
  if (!ctx.limiter.take(client, Math.max(1, cost))) {
    ctx.metrics.rejected.inc({ reason: 'rate_limited' });
    throw new HttpError(429, `Slowdown: ${ctx.config.rateLimit} per 1 minute`);
  }
}

/** The signal of a request's work: aborted by the client's disconnect or the request timeout. */
export function workSignal(ctx: ServerContext, c: Context<Env>): AbortSignal {
  return AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(ctx.config.timeoutMs)]);
}

/** Runs `work` in a slot of the bounded queue, with the request's signal; maps the failures to HTTP errors. */
export async function runWork<T>(ctx: ServerContext, c: Context<Env>, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = workSignal(ctx, c);
  try {
    return await ctx.queue.run(() => work(signal), signal);
  } catch (error) {
    throw toHttpError(ctx, c, error, signal);
  }
}

/** Maps a failure of the work to an {@link HttpError}. */
export function toHttpError(ctx: ServerContext, c: Context<Env>, error: unknown, signal: AbortSignal): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof QueueFullError) {
    ctx.metrics.rejected.inc({ reason: 'queue_full' });
    return new HttpError(503, error.message, { 'Retry-After': String(ctx.config.retryAfter) }, 'BUSY');
  }
  if (AbortError.isInstance(error) || signal.aborted) {
    if (c.req.raw.signal.aborted) {
      ctx.metrics.rejected.inc({ reason: 'aborted' });
      c.set('outcome', 'client-closed');
      return new HttpError(499, 'Client closed the request', {}, 'ABORTED');
    }
    ctx.metrics.rejected.inc({ reason: 'timeout' });
    return new HttpError(504, `The request took longer than ${ctx.config.timeoutMs} ms and was aborted`, {}, 'TIMEOUT');
  }
  if (InputError.isInstance(error)) return new HttpError(400, error.message, {}, error.code);
  if (Fr2enError.isInstance(error)) return new HttpError(500, error.message, {}, error.code);
  return new HttpError(500, 'The server encountered an internal error and was unable to complete your request.', {}, 'INTERNAL');
}

/** Translates with the shared translator and records the usage metrics. */
export async function translateCounted(ctx: ServerContext, input: string | readonly string[], options: TranslateOptions): Promise<TranslationResult> {
  const started = performance.now();
  const result = await ctx.translator.translate(input, options);
  recordUsage(ctx, result, started);
  return result;
}

/** Adds a result's usage to the metrics. */
export function recordUsage(ctx: ServerContext, result: Pick<TranslationResult, 'usage' | 'sentences'>, started: number): void {
  ctx.metrics.tokens.inc({}, result.usage.outputTokens);
  ctx.metrics.inputTokens.inc({}, result.usage.inputTokens);
  ctx.metrics.modelSeconds.inc({}, (performance.now() - started) / 1000);
  ctx.metrics.sentences.inc({}, result.sentences.length);
}
