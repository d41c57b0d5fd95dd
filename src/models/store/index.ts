/** fr2en's model store: see store.ts. */
export { ensureModel, hubModelUrl, hubUrl, isComplete, listStore, missingFiles, removeModel, verifyModel } from './store.js';
export type { EnsureOptions, EnsureResult, StoreOptions, StoredModel, VerifiedFile } from './store.js';
export { storeFiles, storeModelDir, storeRoot } from './layout.js';
export type { NetOptions } from './net.js';

import { storeModelDir, storeRoot } from './layout.js';
/** The folder of model `id` in the store (`cacheDir`, else the default store). */
export function modelFolder(id: string, cacheDir?: string): string {
  return storeModelDir(storeRoot(cacheDir), id);
}
