/**
 * Cache keys: a canonical form of everything that decides a model output (the backend and model,
 * the weights' type, every shared decoding option, the row's budgets and constraints, the
 * glossary, the exact text sent to the model), hashed with SHA-256. Options are read generically
 * from the backend call, so a decoding option added later is part of the key without a change here.
 */

/** Version of the key layout: bump it when the meaning of an entry changes, so old entries are never read. */
export const CACHE_KEY_VERSION = 1;

/** Call fields that are per row or not decoding settings; everything else is part of the shared key. */
const NOT_SHARED = new Set(['inputs', 'maxNewTokens', 'minNewTokens', 'constraints', 'signal', 'onStep', 'onText']);

/** A JSON form with object keys sorted, `undefined` dropped, RegExps and Maps written out; stable across runs. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value instanceof RegExp) return { $re: value.source, flags: value.flags };
  if (value instanceof Map) return { $map: [...value.entries()].map(([k, v]) => [canonical(k), canonical(v)]).sort(byJson) };
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'function') return { $fn: String(value) };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

const byJson = (a: unknown, b: unknown) => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The shared (non-row) settings of a backend call, canonical: calls with equal settings may share a batch and a cache scope. */
export function sharedSettingsKey(options: object): string {
  const shared: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!NOT_SHARED.has(k) && v !== undefined) shared[k] = v;
  return canonicalJson(shared);
}

/** What identifies the model and the call's translation settings, once per call. */
export interface CacheScope {
  /** The backend's provider name. */
  provider: string;
  /** The model id or folder as the backend reports it. */
  modelId: string;
  /** The weights' type actually loaded. */
  dtype: string;
  /** {@link sharedSettingsKey} of the call. */
  settings: string;
  /** Canonical form of the glossary and do-not-translate list in force (`''` when none). */
  glossary: string;
  /**
   * The vocabulary shortlist the model decodes over, which changes outputs: {@link shortlistScope}
   * of the model (its content's hash). Optional: without one the key is what it was before
   * shortlists existed.
   */
  shortlist?: string | undefined;
}

/**
 * The shortlist part of a cache scope: the hash of the list's content (`sha256:<hex>`), so that
 * the same table at another path hits and a table changed in place misses; the file's path only
 * from a backend that reports no hash. Undefined without a shortlist.
 */
export function shortlistScope(info: { shortlist?: string | undefined; shortlistSha256?: string | undefined }): string | undefined {
  if (info.shortlistSha256 !== undefined) return `sha256:${info.shortlistSha256}`;
  return info.shortlist;
}

/** One row of a backend call. */
export interface CacheRow {
  input: string;
  maxNewTokens: number;
  minNewTokens: number;
  constraints?: readonly string[] | undefined;
}

/** The key of one row: hex SHA-256 of the canonical scope and row (the canonical string itself where Web Crypto is missing). */
export async function cacheKey(scope: CacheScope, row: CacheRow): Promise<string> {
  const text = canonicalJson([
    CACHE_KEY_VERSION,
    scope.provider,
    scope.modelId,
    scope.dtype,
    scope.settings,
    scope.glossary,
    row,
    // appended only when present, so that entries made over the full vocabulary stay valid
    ...(scope.shortlist !== undefined ? [{ shortlist: scope.shortlist }] : []),
  ]);
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return text;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The canonical glossary scope of a call: `''` when it has neither a glossary nor a do-not-translate list. */
export function glossaryScope(glossary: unknown, doNotTranslate: unknown): string {
  if (glossary === undefined && doNotTranslate === undefined) return '';
  return canonicalJson({ glossary, doNotTranslate });
}
