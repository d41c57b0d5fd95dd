/**
 * Network settings of the model store (timeouts, retries) and the wording of transport errors.
 */
import { platform } from '../../platform/index.js';

/** How the store talks to the hub. */
export interface NetOptions {
  /**
   * Milliseconds to open a connection, and milliseconds without a byte (waiting for the answer
   * or between chunks) before the attempt fails.
   * @default 30000 (or `FR2EN_TIMEOUT_MS`)
   */
  timeoutMs?: number;
  /** Further attempts after a failure that may pass (5xx, 429, reset, timeout, cut body). @default 4 */
  retries?: number;
  /** First pause between attempts in ms, doubled each time. @default 500 */
  retryDelayMs?: number;
}

/** {@link NetOptions} with defaults filled in. */
export type Net = Required<NetOptions>;

/** Fills in the defaults of {@link NetOptions}. */
export function netDefaults(options: NetOptions = {}): Net {
  return {
    timeoutMs: options.timeoutMs ?? platform.env().timeoutMs ?? 30_000,
    retries: options.retries ?? 4,
    retryDelayMs: options.retryDelayMs ?? 500,
  };
}

/** The codes, in an error's `cause` chain, of failures worth another attempt. */
const TRANSIENT = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** The chain error → error.cause → … (at most 8 deep). */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = error, i = 0; e !== undefined && e !== null && i < 8; e = (e as { cause?: unknown }).cause, i++) out.push(e);
  return out;
}

const WHY: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'no answer within the timeout',
  UND_ERR_BODY_TIMEOUT: 'the download stalled (no data within the timeout)',
  UND_ERR_SOCKET: 'connection closed by the other side',
};

/** The real reason of a transport error, e.g. `connect ECONNREFUSED 127.0.0.1:9 (connection refused)`. */
export function describeNetError(error: unknown): string {
  const links = chain(error);
  const deepest = links[links.length - 1] as { message?: string; code?: string } | undefined;
  const code = links.map((e) => (e as { code?: unknown }).code).find((c): c is string => typeof c === 'string' && c in WHY);
  const message = String(deepest?.message ?? error);
  return code ? `${message} (${WHY[code]})` : message;
}

/** True when an error may pass on a later attempt. */
export function isTransient(error: unknown): boolean {
  return chain(error).some((e) => {
    const code = (e as { code?: unknown }).code;
    const message = String((e as { message?: unknown }).message ?? '');
    return (typeof code === 'string' && TRANSIENT.has(code)) || /terminated|other side closed|socket hang up/i.test(message);
  });
}

/** Waits `ms`, or rejects when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
