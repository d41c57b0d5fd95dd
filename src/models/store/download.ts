/**
 * Downloading one file of a model: to `<file>.part`, resumed with HTTP Range after an
 * interruption, checked against the size and sha256 the hub announces, then renamed.
 */
import { AbortError, ModelLoadError } from '../../errors.js';
import { platform } from '../../platform/index.js';
import { describeNetError, isTransient, sleep, type Net } from './net.js';

/** What the hub says a file should be. */
export interface Expected {
  size?: number;
  /** Lowercase hex sha256 (Git LFS files: the hub's `x-linked-etag`). */
  sha256?: string;
  etag?: string;
}

/** What {@link downloadFile} did. */
export interface Downloaded {
  size: number;
  sha256: string;
  etag?: string;
  /** Bytes fetched by this call (less than `size` after a resume). */
  fetched: number;
}

/** The file is not on the hub (HTTP 404). */
export class NotOnHub extends Error {
  constructor(readonly url: string) {
    super(`${url}: HTTP 404`);
  }
}

const unquote = (v: string | null) => (v ? v.replace(/^W\//, '').replace(/^"|"$/g, '') : undefined);

/** Asks the hub (HEAD, redirects not followed) for a file's size and sha256; undefined fields when it does not say. */
export async function probe(url: string, net: Net, signal?: AbortSignal): Promise<Expected> {
  const response = await platform.http(url, {
    method: 'HEAD',
    redirect: 'manual',
    connectTimeoutMs: net.timeoutMs,
    idleTimeoutMs: net.timeoutMs,
    ...(signal ? { signal } : {}),
  });
  if (response.status === 404) throw new NotOnHub(url);
  if (response.status >= 500 || response.status === 429) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
  const linkedSize = Number(response.headers.get('x-linked-size'));
  const linkedEtag = unquote(response.headers.get('x-linked-etag'));
  const etag = unquote(response.headers.get('etag'));
  const redirected = response.status >= 300 && response.status < 400;
  const length = Number(response.headers.get('content-length'));
  const size = linkedSize > 0 ? linkedSize : !redirected && response.status === 200 && length >= 0 && response.headers.get('content-length') ? length : undefined;
  const sha = [linkedEtag, etag].find((v) => v !== undefined && /^[0-9a-f]{64}$/.test(v));
  return { ...(size !== undefined ? { size } : {}), ...(sha ? { sha256: sha } : {}), ...((linkedEtag ?? etag) ? { etag: (linkedEtag ?? etag)! } : {}) };
}

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  url: string;
  target: string;
  model: string;
  file: string;
  net: Net;
  /** What the hub said (from {@link probe}); asked when not given. */
  expected?: Expected;
  signal?: AbortSignal;
  /** Called with the bytes now in `.part` and the expected total. */
  onBytes?: (loaded: number, total: number | undefined) => void;
}

/** What the attempts of one download share. */
interface Attempts {
  expected: Expected;
  probed: boolean;
  /** Bytes fetched so far by this call. */
  fetched: number;
  /** Why the last attempt failed, when it is to be retried. */
  lastError: unknown;
}

/**
 * Downloads `url` to `target` (through `target.part`, which a later call resumes), retrying
 * transient failures with exponential backoff.
 * @throws NotOnHub on 404; ModelLoadError naming the URL and the real cause; AbortError
 */
export async function downloadFile(options: DownloadOptions): Promise<Downloaded> {
  const { net, signal } = options;
  const state: Attempts = { expected: options.expected ?? {}, probed: options.expected !== undefined, fetched: 0, lastError: undefined };
  for (let attempt = 0; attempt <= net.retries; attempt++) {
    if (attempt > 0) {
      try {
        await sleep(net.retryDelayMs * 2 ** (attempt - 1), signal);
      } catch {
        throw new AbortError(undefined, { cause: signal?.reason });
      }
    }
    try {
      const done = await downloadOnce(options, state);
      if (done) return done;
    } catch (error) {
      if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
      if (error instanceof NotOnHub || ModelLoadError.isInstance(error)) throw error;
      if ((error as { status?: number }).status === undefined && !isTransient(error)) throw downloadError(options, describeNetError(error), error);
      state.lastError = error;
    }
  }
  throw downloadError(options, `${describeNetError(state.lastError)} (after ${net.retries + 1} attempts)`, state.lastError);
}

function downloadError(options: DownloadOptions, why: string, cause?: unknown): ModelLoadError {
  return new ModelLoadError(`Could not download ${options.url}: ${why}.`, { model: options.model, file: options.file, ...(cause !== undefined ? { cause } : {}) });
}

/** One attempt: fetch what `.part` lacks, check its size and sha256, rename it. Undefined when the attempt is to be retried (`state.lastError` says why). */
async function downloadOnce(options: DownloadOptions, state: Attempts): Promise<Downloaded | undefined> {
  const { url, target, net, signal } = options;
  const part = `${target}.part`;
  if (!state.probed) {
    state.expected = await probe(url, net, signal);
    state.probed = true;
  }
  let have = platform.fileSize(part) ?? 0;
  if (state.expected.size !== undefined && have > state.expected.size) {
    platform.remove(part);
    have = 0;
  }
  if ((state.expected.size === undefined || have < state.expected.size) && !(await fetchPart(options, state, have))) return undefined;
  const { expected } = state;
  const size = platform.fileSize(part) ?? 0;
  if (expected.size !== undefined && size !== expected.size) {
    // a body shorter than announced is resumed; a longer one (a wrong file) is fetched again
    if (size > expected.size) platform.remove(part);
    state.lastError = new Error(`got ${size} bytes, expected ${expected.size}`);
    return undefined;
  }
  const sha256 = await platform.sha256File(part, signal);
  if (expected.sha256 && sha256 !== expected.sha256) {
    platform.remove(part);
    state.lastError = new Error(`sha256 ${sha256} does not match the hub's ${expected.sha256}`);
    return undefined;
  }
  platform.rename(part, target);
  return { size, sha256, ...(expected.etag ? { etag: expected.etag } : {}), fetched: state.fetched };
}

/** Appends the rest of the file to `.part` (`have` bytes there, resumed with Range). False when the server failed in a way worth retrying. */
async function fetchPart(options: DownloadOptions, state: Attempts, have: number): Promise<boolean> {
  const { url, target, net, signal } = options;
  const part = `${target}.part`;
  const response = await platform.http(url, {
    headers: have > 0 ? { range: `bytes=${have}-` } : {},
    connectTimeoutMs: net.timeoutMs,
    idleTimeoutMs: net.timeoutMs,
    ...(signal ? { signal } : {}),
  });
  if (response.status === 404) throw new NotOnHub(url);
  if (response.status === 416 && have > 0) {
    // nothing more to send: what we have is checked by the caller
    await response.body?.cancel();
    return true;
  }
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    state.lastError = new Error(`HTTP ${response.status}`);
    return false;
  }
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    throw downloadError(options, `HTTP ${response.status}`);
  }
  const resumed = response.status === 206 && (response.headers.get('content-range') ?? '').startsWith(`bytes ${have}-`);
  if (!resumed) {
    platform.remove(part);
    have = 0;
  }
  const length = Number(response.headers.get('content-length'));
  const total = state.expected.size ?? (response.headers.get('content-length') ? have + length : undefined);
  let loaded = have;
  options.onBytes?.(loaded, total);
  if (response.body) {
    state.fetched += await platform.appendStream(part, response.body, {
      ...(signal ? { signal } : {}),
      onChunk(bytes) {
        loaded += bytes;
        options.onBytes?.(loaded, total);
      },
    });
  }
  if (state.expected.size === undefined && total !== undefined) state.expected = { ...state.expected, size: total };
  return true;
}
