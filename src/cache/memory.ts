/** The in-memory translation cache: least recently used entries go first, bounded by entries and by bytes. */
import { checkInteger } from '../validate.js';
import type { CacheEntry, CacheStats, ManagedCacheStore } from './types.js';

/** Options of {@link createMemoryCacheStore}. */
export interface MemoryCacheOptions {
  /** Most entries kept. @default 10_000 */
  maxEntries?: number;
  /** Most bytes kept (keys and values, approximately: two bytes a character). @default 32 MiB */
  maxBytes?: number;
}

/** Default bounds of the in-memory cache (`cache: true`). */
export const MEMORY_CACHE_DEFAULTS = { maxEntries: 10_000, maxBytes: 32 * 1024 * 1024 } as const;

/** Approximate bytes an entry takes in memory: its strings at two bytes a character, plus a fixed overhead. */
export function entryBytes(key: string, entry: CacheEntry): number {
  let chars = key.length + entry.text.length;
  for (const a of entry.alternatives ?? []) chars += a.text.length + 16;
  return 2 * chars + 96;
}

/**
 * Creates an in-memory cache store (what `cache: true` uses). Entries past `maxEntries` or
 * `maxBytes` evict the least recently used ones; an entry larger than `maxBytes` is not kept.
 *
 * @example
 * const cache = createMemoryCacheStore({ maxEntries: 1000 });
 * const translator = createTranslator({ cache });
 */
export function createMemoryCacheStore(options: MemoryCacheOptions = {}): ManagedCacheStore {
  const maxEntries = checkInteger(options.maxEntries, 'maxEntries', 1) ?? MEMORY_CACHE_DEFAULTS.maxEntries;
  const maxBytes = checkInteger(options.maxBytes, 'maxBytes', 1) ?? MEMORY_CACHE_DEFAULTS.maxBytes;
  // a Map iterates in insertion order: re-inserting on use keeps the least recently used first
  const entries = new Map<string, { entry: CacheEntry; bytes: number }>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  const remove = (key: string) => {
    const held = entries.get(key);
    if (!held) return;
    entries.delete(key);
    bytes -= held.bytes;
  };
  return {
    get(key) {
      const held = entries.get(key);
      if (!held) {
        misses++;
        return undefined;
      }
      hits++;
      entries.delete(key);
      entries.set(key, held);
      return structuredClone(held.entry);
    },
    set(key, entry) {
      remove(key);
      const size = entryBytes(key, entry);
      if (size > maxBytes) return;
      entries.set(key, { entry: structuredClone(entry), bytes: size });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    stats: (): CacheStats => ({ entries: entries.size, bytes, maxEntries, maxBytes, hits, misses }),
    clear() {
      entries.clear();
      bytes = 0;
    },
    close() {
      entries.clear();
      bytes = 0;
    },
  };
}
