/**
 * The translation cache's types: what is stored for a sentence, and the small store interface
 * a cache of your own implements (in memory, on disk, in Redis…).
 */

/**
 * What the cache keeps of one model output: everything the pipeline reads from a fresh one, so
 * that a cached translation equals a fresh translation (text, score, truncation, alternatives).
 */
export interface CacheEntry {
  /** The model's output text. */
  text: string;
  /** Tokens generated (the end token excluded). */
  tokens: number;
  /** False when the output stopped at its token cap. */
  finished: boolean;
  /** The search's score of the output, when the backend reports one. */
  score?: number;
  /** Other hypotheses of the beam, when they were asked. */
  alternatives?: { text: string; score: number; tokens: number }[];
  /** Indexes of the constraints the output does not contain. */
  unmetConstraints?: number[];
}

/**
 * A place to keep translations: `get` and `set` by an opaque string key (fr2en builds the keys
 * from the model, the decoding settings, the glossary and the exact text sent to the model).
 * Either method may be synchronous or return a promise; a store that fails is skipped (a
 * `cache-error` warning says so), never fatal.
 *
 * @example
 * const map = new Map<string, CacheEntry>();
 * const translator = createTranslator({ cache: { get: (k) => map.get(k), set: (k, e) => void map.set(k, e) } });
 */
export interface TranslationCacheStore {
  /** The entry kept under `key`, or undefined. */
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  /** Keeps `entry` under `key` (replacing any). */
  set(key: string, entry: CacheEntry): void | Promise<void>;
}

/** What a store built by fr2en holds and how it was used (since it was opened). */
export interface CacheStats {
  /** Entries held. */
  entries: number;
  /** Approximate bytes the entries take (keys and values). */
  bytes: number;
  /** Most entries kept before the least recently used are evicted. */
  maxEntries: number;
  /** Most bytes kept before the least recently used are evicted. */
  maxBytes: number;
  /** Lookups that found an entry, since this store was opened. */
  hits: number;
  /** Lookups that found none, since this store was opened. */
  misses: number;
}

/** A store fr2en built: the store interface plus its statistics and a way to empty it. */
export interface ManagedCacheStore extends TranslationCacheStore {
  /** Counts and limits (for a persistent store: of the file, across every process using it). */
  stats(): CacheStats | Promise<CacheStats>;
  /** Removes every entry. */
  clear(): void | Promise<void>;
  /** Frees what the store holds open (a database file); later calls reject. */
  close(): void | Promise<void>;
}
