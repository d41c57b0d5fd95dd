/** fr2en's model store: see store.ts. */
export { ensureModel, hubUrl, isComplete, listStore, removeModel, verifyModel } from './store.js';
export type { EnsureResult, StoreOptions, StoredModel, VerifiedFile } from './store.js';
export { storeFiles, storeModelDir, storeRoot } from './layout.js';
export type { NetOptions } from './net.js';
