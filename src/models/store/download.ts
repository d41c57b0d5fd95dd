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

/**
 * Downloads `url` to `target` (through `target.part`, which a later call resumes), retrying
 * transient failures with exponential backoff.
 * @throws NotOnHub on 404; ModelLoadError naming the URL and the real cause; AbortError
 */
export async function downloadFile(options: {
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
}): Promise<Downloaded> {
  const { url, target, net, signal } = options;
  const part = `${target}.part`;
  let expected: Expected = options.expected ?? {};
  let fetched = 0;
  let lastError: unknown;
  let probed = options.expected !== undefined;
  const fail = (why: string, cause?: unknown) =>
    new ModelLoadError(`Could not download ${url}: ${why}.`, { model: options.model, file: options.file, ...(cause !== undefined ? { cause } : {}) });
  for (let attempt = 0; attempt <= net.retries; attempt++) {
    if (attempt > 0) {
      try {
        await sleep(net.retryDelayMs * 2 ** (attempt - 1), signal);
      } catch {
        throw new AbortError(undefined, { cause: signal?.reason });
      }
    }
    try {
      if (!probed) {
        expected = await probe(url, net, signal);
        probed = true;
      }
      let have = platform.fileSize(part) ?? 0;
      if (expected.size !== undefined && have > expected.size) {
        platform.remove(part);
        have = 0;
      }
      if (expected.size === undefined || have < expected.size) {
        const response = await platform.http(url, {
          headers: have > 0 ? { range: `bytes=${have}-` } : {},
          connectTimeoutMs: net.timeoutMs,
          idleTimeoutMs: net.timeoutMs,
          ...(signal ? { signal } : {}),
        });
        if (response.status === 404) throw new NotOnHub(url);
        if (response.status === 416 && have > 0) {
          // nothing more to send: what we have is checked below
          await response.body?.cancel();
        } else {
          if (response.status >= 500 || response.status === 429) {
            await response.body?.cancel();
            lastError = new Error(`HTTP ${response.status}`);
            continue;
          }
          if (response.status !== 200 && response.status !== 206) {
            await response.body?.cancel();
            throw fail(`HTTP ${response.status}`);
          }
          const resumed = response.status === 206 && (response.headers.get('content-range') ?? '').startsWith(`bytes ${have}-`);
          if (!resumed) {
            platform.remove(part);
            have = 0;
          }
          const length = Number(response.headers.get('content-length'));
          const total = expected.size ?? (response.headers.get('content-length') ? have + length : undefined);
          let loaded = have;
          options.onBytes?.(loaded, total);
          if (response.body) {
            fetched += await platform.appendStream(part, response.body, {
              ...(signal ? { signal } : {}),
              onChunk(bytes) {
                loaded += bytes;
                options.onBytes?.(loaded, total);
              },
            });
          }
          if (expected.size === undefined && total !== undefined) expected = { ...expected, size: total };
        }
      }
      const size = platform.fileSize(part) ?? 0;
      if (expected.size !== undefined && size !== expected.size) {
        // a body shorter than announced is resumed; a longer one (a wrong file) is fetched again
        if (size > expected.size) platform.remove(part);
        lastError = new Error(`got ${size} bytes, expected ${expected.size}`);
        continue;
      }
      const sha256 = await platform.sha256File(part, signal);
      if (expected.sha256 && sha256 !== expected.sha256) {
        platform.remove(part);
        lastError = new Error(`sha256 ${sha256} does not match the hub's ${expected.sha256}`);
        continue;
      }
      platform.rename(part, target);
      return { size, sha256, ...(expected.etag ? { etag: expected.etag } : {}), fetched };
    } catch (error) {
      if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
      if (error instanceof NotOnHub || ModelLoadError.isInstance(error)) throw error;
      if ((error as { status?: number }).status !== undefined || isTransient(error)) {
        lastError = error;
        continue;
      }
      throw fail(describeNetError(error), error);
    }
  }
  throw fail(`${describeNetError(lastError)} (after ${net.retries + 1} attempts)`, lastError);
}
