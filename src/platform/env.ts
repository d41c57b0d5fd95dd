/**
 * fr2en's environment variables: each declared once in {@link ENV} (name, parser, meaning,
 * default, who reads it), and read through {@link readVariable}. Pure: no Node import; the
 * platform passes `process.env` or its equivalent, the CLI and the server pass theirs.
 */
import { InputError } from '../errors.js';
import type { Fr2enEnv } from './types.js';

/** Who reads a variable: the library (any entry point), the CLI, the HTTP server, the queue worker. */
export const ENV_READERS = ['library', 'cli', 'server', 'worker'] as const;
/** One of {@link ENV_READERS}. */
export type EnvReader = (typeof ENV_READERS)[number];

/** The words a boolean variable accepts (case-insensitive, surrounding spaces ignored). */
export const BOOLEAN_WORDS = { true: ['1', 'true', 'yes', 'on'], false: ['0', 'false', 'no', 'off'] } as const;

/** The declaration of one environment variable. */
export interface EnvVariable<T> {
  /** What the variable means, one sentence (the reference table in docs/reference/environment.md). */
  readonly meaning: string;
  /** What applies when it is unset, as documented. */
  readonly default: string;
  /** The kind of value, as documented: `boolean`, `integer`, `path`, `url`, `text`. */
  readonly kind: 'boolean' | 'integer' | 'path' | 'url' | 'text';
  /** Who reads it. */
  readonly readers: readonly EnvReader[];
  /** Parses a non-empty, trimmed value; throws an {@link InputError} naming the variable. */
  readonly parse: (value: string, name: string) => T;
}

/** Parses a boolean variable: `1|true|yes|on` or `0|false|no|off`; anything else is an {@link InputError}. */
export function parseBoolean(value: string, name: string): boolean {
  const word = value.trim().toLowerCase();
  if ((BOOLEAN_WORDS.true as readonly string[]).includes(word)) return true;
  if ((BOOLEAN_WORDS.false as readonly string[]).includes(word)) return false;
  throw new InputError(
    `Expected ${name} to be one of ${[...BOOLEAN_WORDS.true, ...BOOLEAN_WORDS.false].join(', ')}; got ${JSON.stringify(value)}.`,
    { option: name },
  );
}

/** An integer parser with a lower bound. */
function integer(min: number): (value: string, name: string) => number {
  return (value, name) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InputError(`Expected ${name} to be an integer from ${min} and up; got ${JSON.stringify(value)}.`, { option: name });
    return n;
  };
}

const text = (value: string): string => value;

/** An http(s) URL, without trailing slashes. */
function url(value: string, name: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new InputError(`Expected ${name} to be an http(s) URL; got ${JSON.stringify(value)}.`, { option: name });
  }
  return value.replace(/\/+$/, '');
}

/** A Redis URL (`redis://` or `rediss://`). */
function redisUrl(value: string, name: string): string {
  if (!/^rediss?:\/\//i.test(value)) throw new InputError(`Expected ${name} to be a redis:// URL; got ${JSON.stringify(value)}.`, { option: name });
  return value;
}

const variable = <T>(v: EnvVariable<T>): EnvVariable<T> => v;

/**
 * Every environment variable fr2en reads, once. Add a variable here, read it with
 * {@link readVariable}, and run `npm run docs:env` to update docs/reference/environment.md
 * (test/platform/env.test.ts checks that the page matches).
 */
export const ENV = {
  FR2EN_MODELS_DIR: variable({ kind: 'path', parse: text, readers: ['library', 'server', 'worker'], default: 'unset (then `./models`)', meaning: 'A folder holding models as `<org>/<name>/`, searched after `modelsDir` and before `./models`.' }),
  FR2EN_CACHE_DIR: variable({ kind: 'path', parse: text, readers: ['library'], default: '`$XDG_CACHE_HOME/fr2en`, else `~/.cache/fr2en`', meaning: "fr2en's model store, where downloads land (`<dir>/models/<org>/<name>/`); `cacheDir` and `--cache-dir` override it." }),
  FR2EN_HUB_URL: variable({ kind: 'url', parse: url, readers: ['library'], default: '`https://huggingface.co`', meaning: 'A mirror of the Hugging Face hub; files are fetched as `<hub>/<id>/resolve/main/<file>`. Read at the first model load.' }),
  FR2EN_OFFLINE: variable({ kind: 'boolean', parse: parseBoolean, readers: ['library', 'server', 'worker'], default: 'off', meaning: 'Never download: `allowRemote` defaults to false (the CLI\'s `--offline`).' }),
  HF_HUB_OFFLINE: variable({ kind: 'boolean', parse: parseBoolean, readers: ['library'], default: 'off', meaning: "Hugging Face's own offline switch, honoured like `FR2EN_OFFLINE`." }),
  FR2EN_TIMEOUT_MS: variable({ kind: 'integer', parse: integer(1), readers: ['library'], default: '`30000`', meaning: 'Connect and idle timeout of model downloads, in milliseconds (`timeoutMs` of `pullModels`). Not the server\'s request timeout.' }),
  FR2EN_DEBUG: variable({ kind: 'boolean', parse: parseBoolean, readers: ['cli'], default: 'off', meaning: 'The CLI prints the stack trace of an unexpected error.' }),
  XDG_CACHE_HOME: variable({ kind: 'path', parse: text, readers: ['library'], default: '`~/.cache`', meaning: "The user's cache root; the model store defaults to `<it>/fr2en`." }),
  LOCALAPPDATA: variable({ kind: 'path', parse: text, readers: ['library'], default: '`~/AppData/Local`', meaning: "Windows only: the user's cache root when `XDG_CACHE_HOME` is unset." }),
  HF_HUB_CACHE: variable({ kind: 'path', parse: text, readers: ['library'], default: '`$HF_HOME/hub`, else `~/.cache/huggingface/hub`', meaning: 'A Hugging Face hub cache searched, read-only, for models before the model store.' }),
  HF_HOME: variable({ kind: 'path', parse: text, readers: ['library'], default: '`~/.cache/huggingface`', meaning: "Hugging Face's home; its `hub/` folder is the hub cache when `HF_HUB_CACHE` is unset." }),
  HTTPS_PROXY: variable({ kind: 'url', parse: text, readers: ['library'], default: 'none', meaning: 'Proxy for https downloads (also `https_proxy`), through undici\'s `EnvHttpProxyAgent`.' }),
  HTTP_PROXY: variable({ kind: 'url', parse: text, readers: ['library'], default: 'none', meaning: 'Proxy for http downloads (also `http_proxy`).' }),
  NO_PROXY: variable({ kind: 'text', parse: text, readers: ['library'], default: 'none', meaning: 'Hosts reached without the proxy (also `no_proxy`).' }),
  FR2EN_MODEL: variable({ kind: 'text', parse: text, readers: ['server', 'worker'], default: '`Xenova/opus-mt-fr-en`', meaning: 'Translation model (hub id or folder) of `fr2en serve` and `fr2en worker` (`--model`).' }),
  FR2EN_SUMMARY_MODEL: variable({ kind: 'text', parse: text, readers: ['server'], default: '`Xenova/distilbart-cnn-6-6`', meaning: 'Summary model of `fr2en serve` (`--summary-model`).' }),
  FR2EN_HOST: variable({ kind: 'text', parse: text, readers: ['server'], default: '`127.0.0.1`', meaning: 'Address `fr2en serve` listens on (`--host`).' }),
  FR2EN_PORT: variable({ kind: 'integer', parse: integer(0), readers: ['server'], default: '`5000`', meaning: 'Port `fr2en serve` listens on; 0 picks a free one (`--port`).' }),
  FR2EN_API_KEYS: variable({ kind: 'path', parse: text, readers: ['server'], default: 'none (every request allowed)', meaning: 'File of API keys, one per line, `#` comments (`--api-keys`).' }),
  FR2EN_REQUIRE_API_KEY: variable({ kind: 'boolean', parse: parseBoolean, readers: ['server'], default: 'on when keys are set', meaning: 'Refuse requests without a key (`--no-require-api-key` turns it off).' }),
  FR2EN_GET_API_KEY_LINK: variable({ kind: 'url', parse: text, readers: ['server'], default: 'none', meaning: 'Link shown in the "get an API key" error.' }),
  FR2EN_MAX_BODY_BYTES: variable({ kind: 'integer', parse: integer(1), readers: ['server'], default: '`1048576`', meaning: 'Largest request body in bytes (413 beyond).' }),
  FR2EN_CHAR_LIMIT: variable({ kind: 'integer', parse: integer(-1), readers: ['server'], default: '`-1` (none)', meaning: 'Longest text per `q` item in characters.' }),
  FR2EN_BATCH_LIMIT: variable({ kind: 'integer', parse: integer(-1), readers: ['server'], default: '`-1` (none)', meaning: 'Most items in an array `q`.' }),
  FR2EN_RATE_LIMIT: variable({ kind: 'integer', parse: integer(0), readers: ['server'], default: '`0` (none)', meaning: 'Requests per minute per API key (per client address without keys).' }),
  FR2EN_MAX_CONCURRENT: variable({ kind: 'integer', parse: integer(1), readers: ['server'], default: '`2`', meaning: 'Requests given to the models at the same time.' }),
  FR2EN_MAX_QUEUE: variable({ kind: 'integer', parse: integer(0), readers: ['server'], default: '`64`', meaning: 'Requests waiting for the models; one more gets 503 with `Retry-After`.' }),
  FR2EN_MAX_QUEUED_SENTENCES: variable({ kind: 'integer', parse: integer(1), readers: ['server'], default: '`1000`', meaning: 'Sentences the server holds queued for translation; a request that would pass it gets 503 with `Retry-After` (`--max-queued-sentences`).' }),
  FR2EN_MAX_QUEUED_CHARS: variable({ kind: 'integer', parse: integer(1), readers: ['server'], default: '`250000`', meaning: 'Characters the server holds queued for translation; a request that would pass it gets 503 with `Retry-After` (`--max-queued-chars`).' }),
  FR2EN_BATCH_WINDOW_MS: variable({ kind: 'integer', parse: integer(0), readers: ['server'], default: '`5`', meaning: 'Milliseconds the server waits to gather sentences of concurrent requests into shared batches (`--batch-window`).' }),
  FR2EN_SERVER_TIMEOUT_MS: variable({ kind: 'integer', parse: integer(1), readers: ['server'], default: '`120000`', meaning: "Milliseconds a server request may run, waiting included, before its work is aborted (504) (`--timeout`)." }),
  FR2EN_SHUTDOWN_GRACE_MS: variable({ kind: 'integer', parse: integer(0), readers: ['server'], default: '`30000`', meaning: 'Milliseconds `fr2en serve` waits for in-flight requests after SIGTERM.' }),
  FR2EN_REDIS_URL: variable({ kind: 'url', parse: redisUrl, readers: ['server', 'worker', 'cli'], default: 'none', meaning: 'Redis of the job queue: enables `/v1/jobs` on the server; `--redis` of `worker`, `submit`, `job`.' }),
  FR2EN_QUEUE: variable({ kind: 'text', parse: text, readers: ['server'], default: '`fr2en`', meaning: 'BullMQ queue name of the server\'s `/v1/jobs`.' }),
  FR2EN_TRANSLATION_CACHE: variable({ kind: 'boolean', parse: parseBoolean, readers: ['cli', 'server', 'worker'], default: '`on`', meaning: 'The CLI, server and worker keep translations in the persistent cache beside the model store; `0` turns it off where no `--cache`/`--no-cache` flag says otherwise.' }),
} as const;

/** The name of a registered variable. */
export type EnvName = keyof typeof ENV;
/** The parsed value of variable `N`. */
export type EnvValue<N extends EnvName> = ReturnType<(typeof ENV)[N]['parse']>;

/** The registered variables' names, in declaration order. */
export const ENV_VARIABLES = Object.keys(ENV) as EnvName[];

/**
 * Reads one registered variable from `vars` (e.g. `process.env`): `undefined` when unset or
 * blank, else its parsed value (surrounding spaces trimmed). A value its parser refuses is an
 * {@link InputError} whose `option` is the variable's name.
 */
export function readVariable<N extends EnvName>(vars: Readonly<Record<string, string | undefined>>, name: N): EnvValue<N> | undefined {
  const raw = vars[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return ENV[name].parse(raw.trim(), name) as EnvValue<N>;
}

/**
 * The proxy settings undici's `EnvHttpProxyAgent` reads: each upper-case variable, else its
 * lower-case twin (both spellings are common; undici honours both).
 */
export function readProxyEnv(vars: Readonly<Record<string, string | undefined>>): { https: string | undefined; http: string | undefined; noProxy: string | undefined } {
  const lower = (name: 'HTTPS_PROXY' | 'HTTP_PROXY' | 'NO_PROXY') => readVariable(vars, name) ?? readVariable({ [name]: vars[name.toLowerCase()] }, name);
  return { https: lower('HTTPS_PROXY'), http: lower('HTTP_PROXY'), noProxy: lower('NO_PROXY') };
}

/** Parses the library's variables out of `vars` (empty values count as unset). */
export function readEnv(vars: Readonly<Record<string, string | undefined>>): Fr2enEnv {
  const hfHome = readVariable(vars, 'HF_HOME');
  return {
    modelsDir: readVariable(vars, 'FR2EN_MODELS_DIR'),
    hubUrl: readVariable(vars, 'FR2EN_HUB_URL'),
    offline: (readVariable(vars, 'FR2EN_OFFLINE') ?? false) || (readVariable(vars, 'HF_HUB_OFFLINE') ?? false),
    debug: readVariable(vars, 'FR2EN_DEBUG') ?? false,
    cacheDir: readVariable(vars, 'FR2EN_CACHE_DIR'),
    xdgCacheHome: readVariable(vars, 'XDG_CACHE_HOME'),
    hfHubCache: readVariable(vars, 'HF_HUB_CACHE') ?? (hfHome ? `${hfHome.replace(/[\\/]+$/, '')}/hub` : undefined),
    timeoutMs: readVariable(vars, 'FR2EN_TIMEOUT_MS'),
  };
}
