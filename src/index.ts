/**
 * fr2en: on-device French → English translation and summarisation of news text,
 * on transformers.js, behind a small typed API with a pluggable model backend.
 * This is the Node entry: the shared API (`public.ts`) plus the model store and the worker-thread pool.
 *
 * @packageDocumentation
 */

export * from './public.js';

export { openTranslationCache, translationCacheFile, PERSISTENT_CACHE_DEFAULTS } from './cache/sqlite.js';
export type { PersistentCacheOptions, PersistentCacheStore } from './cache/sqlite.js';
// the shortlist builder reads model folders and corpora from disk: Node only
export { buildShortlist, SHORTLIST_DEFAULTS } from './backend/transformers/shortlist/build.js';
export type { BuildShortlistOptions, BuildShortlistResult, ShortlistBuildProgress } from './backend/transformers/shortlist/build.js';
export { SHORTLIST_FILE } from './backend/transformers/shortlist/table.js';
export { createPooledBackend, sizePool } from './backend/pool/index.js';
export type { PooledBackend, PooledBackendSettings, PoolSize, PoolSizingInput, WorkerBackendSettings } from './backend/pool/index.js';

export { pullModels } from './models/pull.js';
export type { PullOptions, PulledModel } from './models/pull.js';
export { listStore as listModels, verifyModel, removeModel, storeRoot as modelStoreDir, modelFolder } from './models/store/index.js';
export type { StoredModel, VerifiedFile, NetOptions } from './models/store/index.js';
