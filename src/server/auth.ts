/** API keys (constant-time comparison) and the per-key rate limit. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../index.js';

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** A set of API keys, compared in constant time (every stored key is compared, equal-length digests). */
export class ApiKeys {
  private readonly digests: Buffer[];

  /** `keys`: the keys, or the path of a file with one key per line (blank lines and `#` comments skipped). */
  constructor(keys: readonly string[] | string) {
    const list = typeof keys === 'string' ? readKeyFile(keys) : [...keys];
    if (list.length === 0) throw new InputError('Expected at least one API key.', { option: 'apiKeys' });
    this.digests = list.map(digest);
  }

  /** Whether `key` is one of the keys. Takes the same time whichever key matches, or none. */
  has(key: string): boolean {
    const d = digest(key);
    let found = false;
    for (const stored of this.digests) found = timingSafeEqual(stored, d) || found;
    return found;
  }
}

function readKeyFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InputError(`Cannot read the API keys file ${file}: ${(cause as Error).message}`, { option: 'apiKeys', cause });
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0);
}

/**
 * A moving-window limit of `limit` requests per minute per key (LibreTranslate's strategy).
 * Memory: at most `limit` timestamps per client seen in the last minute; idle clients are dropped.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Records a request of `client` costing `cost`; false when it is over the limit (then nothing is recorded). */
  take(client: string, cost = 1, now = Date.now()): boolean {
    if (this.limit <= 0) return true;
    this.sweep(now);
    const since = now - this.windowMs;
    const list = (this.hits.get(client) ?? []).filter((t) => t > since);
    if (list.length + cost > this.limit) {
      this.hits.set(client, list);
      return false;
    }
    for (let i = 0; i < cost; i++) list.push(now);
    this.hits.set(client, list);
    return true;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [client, list] of this.hits) if ((list.at(-1) ?? 0) <= now - this.windowMs) this.hits.delete(client);
  }
}
