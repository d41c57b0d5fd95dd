/**
 * The browser build's `platform/index`: the bundler aliases `platform/index.js` to this file
 * (see tsup.config.ts and scripts/build/browser-build.ts), so no Node built-in reaches a page.
 */
export { browserPlatform as platform, setBrowserEnv } from './browser.js';
export { readEnv, readVariable, ENV, ENV_VARIABLES } from './env.js';
export type { Platform, PlatformPath, Fr2enEnv } from './types.js';
export type { ThreadHandle } from './threads.js';

/** Worker threads are Node's (the worker pool, `workers` > 1): a page uses `fr2en/worker` instead. */
export function spawnThread(): never {
  throw new Error('fr2en: worker threads (`workers` > 1) are Node-only; in a browser run fr2en in a Web Worker with `fr2en/worker`.');
}

/** See {@link spawnThread}: there is no thread side in a browser build. */
export function threadSide(): never {
  throw new Error('fr2en: worker threads are Node-only.');
}
