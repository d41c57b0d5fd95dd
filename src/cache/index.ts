/**
 * The translation cache: stores (in memory, or a SQLite file shared by processes) and the keys
 * that make a cached translation equal a fresh one.
 */
export { createMemoryCacheStore, MEMORY_CACHE_DEFAULTS, type MemoryCacheOptions } from './memory.js';
export { cacheKey, canonicalJson, glossaryScope, sharedSettingsKey, shortlistScope, CACHE_KEY_VERSION, type CacheRow, type CacheScope } from './key.js';
export type { CacheEntry, CacheStats, ManagedCacheStore, TranslationCacheStore } from './types.js';
