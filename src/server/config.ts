/**
 * The server's settings: one options object, defaults in one place, and the environment
 * variables that fill it (read only here, in {@link serverOptionsFromEnv}).
 */
import type { Dtype, Summarizer, TranslationCacheStore, Translator } from '../index.js';
import { InputError } from '../index.js';
import { readVariable, type EnvName } from '../platform/env.js';

/** A structured log entry: one JSON line (never a request or response body). */
export interface LogEntry {
  /** What happened, e.g. `request`, `listening`, `shutdown`. */
  msg: string;
  [field: string]: unknown;
}

/** Options of {@link createServer} and `serve()`. */
export interface ServerOptions {
  /** Address to listen on (`serve()` only). @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; 0 picks a free one (`serve()` only). @default 5000 */
  port?: number;
  /** Translation model id or local folder. @default 'Xenova/opus-mt-fr-en' */
  model?: string;
  /** Summary model id or local folder (`/v1/summarize`, `/v1/digest`). @default 'Xenova/distilbart-cnn-6-6' */
  summaryModel?: string;
  /** Folder holding models as `<org>/<name>/`. */
  modelsDir?: string;
  /** Allow downloads from the hub. @default true */
  allowRemote?: boolean;
  /** Weight type of the models. @default 'auto' */
  dtype?: Dtype;
  /** Beams per sentence (1 = greedy, fastest). @default the model's `num_beams` */
  beams?: number;
  /** A translator of your own (then `model`, `dtype`… are ignored for translation); not disposed by `close()`. */
  translator?: Translator;
  /** A summarizer of your own; not disposed by `close()`. */
  summarizer?: Summarizer;
  /**
   * API keys: the keys themselves, or the path of a file with one key per line (`#` comments).
   * Unset: no keys, every request is allowed.
   */
  apiKeys?: readonly string[] | string;
  /**
   * With `apiKeys`: refuse requests without a key (400, LibreTranslate's message). `false` is
   * LibreTranslate's default: keyless requests are allowed, wrong keys get 403.
   * @default true
   */
  requireApiKey?: boolean;
  /** Shown in the "get an API key" error when set (LibreTranslate's `--get-api-key-link`). */
  getApiKeyLink?: string;
  /** Largest request body in bytes (413 beyond). @default 1_048_576 */
  maxBodyBytes?: number;
  /** Longest text per `q` item in characters (code points); -1: no limit. @default -1 */
  charLimit?: number;
  /** Most items in an array `q`; -1: no limit. @default -1 */
  batchLimit?: number;
  /** Requests per minute per API key (or per client address without one); 0: no limit. @default 0 */
  rateLimit?: number;
  /** Summary and digest requests given to the models at the same time (translations are admitted by `maxQueuedSentences`). @default 2 */
  maxConcurrent?: number;
  /** Summary and digest requests waiting beyond `maxConcurrent`; one more gets 503 with `Retry-After`. @default 64 */
  maxQueue?: number;
  /**
   * Translation requests are admitted while the sentences of those in progress stay within this
   * bound; past it, 503 with `Retry-After` (a request over it alone is still admitted on an idle
   * server). Requests in progress are translated together, in shared batches.
   * @default 1000
   */
  maxQueuedSentences?: number;
  /** The same bound in characters of the requests in progress. @default 250_000 */
  maxQueuedChars?: number;
  /**
   * Milliseconds the first sentence reaching an idle model waits for other requests' sentences to
   * join its batch (only with the server's own translator). @default 5
   */
  batchWindowMs?: number;
  /**
   * The translation cache of the server's own translator: `true` in memory, a store of your own
   * (e.g. `await openTranslationCache()`, the SQLite file `fr2en serve` uses), or `false`.
   * @default false
   */
  cache?: boolean | TranslationCacheStore;
  /** The `Retry-After` seconds of a 503. @default 1 */
  retryAfter?: number;
  /** Milliseconds a request may run (waiting included) before its work is aborted (504). @default 120_000 */
  timeoutMs?: number;
  /** Milliseconds `serve()` waits for in-flight requests after SIGTERM before closing their connections. @default 30_000 */
  shutdownGraceMs?: number;
  /** Redis URL: enables `POST /v1/jobs` and `GET /v1/jobs/:id` (the BullMQ queue of `fr2en worker`). */
  redis?: string;
  /** BullMQ queue name. @default 'fr2en' */
  queueName?: string;
  /** Receives structured log entries; default: JSON lines on stderr. `false`: no logs. */
  log?: ((entry: LogEntry) => void) | false;
}

/** The environment variables read by {@link serverOptionsFromEnv}, and the option each sets. */
export const SERVER_ENV = {
  FR2EN_HOST: 'host',
  FR2EN_PORT: 'port',
  FR2EN_MODEL: 'model',
  FR2EN_SUMMARY_MODEL: 'summaryModel',
  FR2EN_MODELS_DIR: 'modelsDir',
  FR2EN_API_KEYS: 'apiKeys',
  FR2EN_REQUIRE_API_KEY: 'requireApiKey',
  FR2EN_GET_API_KEY_LINK: 'getApiKeyLink',
  FR2EN_MAX_BODY_BYTES: 'maxBodyBytes',
  FR2EN_CHAR_LIMIT: 'charLimit',
  FR2EN_BATCH_LIMIT: 'batchLimit',
  FR2EN_RATE_LIMIT: 'rateLimit',
  FR2EN_MAX_CONCURRENT: 'maxConcurrent',
  FR2EN_MAX_QUEUE: 'maxQueue',
  FR2EN_MAX_QUEUED_SENTENCES: 'maxQueuedSentences',
  FR2EN_MAX_QUEUED_CHARS: 'maxQueuedChars',
  FR2EN_BATCH_WINDOW_MS: 'batchWindowMs',
  FR2EN_SERVER_TIMEOUT_MS: 'timeoutMs',
  FR2EN_SHUTDOWN_GRACE_MS: 'shutdownGraceMs',
  FR2EN_REDIS_URL: 'redis',
  FR2EN_QUEUE: 'queueName',
} as const satisfies Partial<Record<EnvName, keyof ServerOptions>>;

/**
 * Reads the server's environment variables ({@link SERVER_ENV}) from `env` (the CLI passes
 * the process environment); command-line flags and code options override them. `FR2EN_API_KEYS` is a file
 * path; `FR2EN_REQUIRE_API_KEY` is `0`/`1`.
 */
export function serverOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): ServerOptions {
  const out: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(SERVER_ENV) as [keyof typeof SERVER_ENV, keyof ServerOptions][]) {
    const value = readVariable(env, name);
    if (value !== undefined) out[option] = value;
  }
  if (readVariable(env, 'FR2EN_OFFLINE')) out.allowRemote = false;
  return out as ServerOptions;
}

/** Settings with the defaults filled in. */
export interface ResolvedConfig {
  maxBodyBytes: number;
  charLimit: number;
  batchLimit: number;
  rateLimit: number;
  maxConcurrent: number;
  maxQueue: number;
  maxQueuedSentences: number;
  maxQueuedChars: number;
  batchWindowMs: number;
  retryAfter: number;
  timeoutMs: number;
  requireApiKey: boolean;
  getApiKeyLink: string;
  queueName: string;
}

function int(value: number | undefined, name: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new InputError(`Expected \`${name}\` to be an integer from ${min} and up, got ${String(value)}.`, { option: name });
  return value;
}

/** Validates the options and fills in the defaults. */
export function resolveConfig(o: ServerOptions): ResolvedConfig {
  return {
    maxBodyBytes: int(o.maxBodyBytes, 'maxBodyBytes', 1, 1_048_576),
    charLimit: int(o.charLimit, 'charLimit', -1, -1),
    batchLimit: int(o.batchLimit, 'batchLimit', -1, -1),
    rateLimit: int(o.rateLimit, 'rateLimit', 0, 0),
    maxConcurrent: int(o.maxConcurrent, 'maxConcurrent', 1, 2),
    maxQueue: int(o.maxQueue, 'maxQueue', 0, 64),
    maxQueuedSentences: int(o.maxQueuedSentences, 'maxQueuedSentences', 1, 1000),
    maxQueuedChars: int(o.maxQueuedChars, 'maxQueuedChars', 1, 250_000),
    batchWindowMs: int(o.batchWindowMs, 'batchWindowMs', 0, 5),
    retryAfter: int(o.retryAfter, 'retryAfter', 1, 1),
    timeoutMs: int(o.timeoutMs, 'timeoutMs', 1, 120_000),
    requireApiKey: o.requireApiKey ?? true,
    getApiKeyLink: o.getApiKeyLink ?? '',
    queueName: o.queueName ?? 'fr2en',
  };
}
