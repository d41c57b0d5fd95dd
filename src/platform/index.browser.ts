/**
 * The browser build's `platform/index`: the bundler aliases `platform/index.js` to this file
 * (see tsup.config.ts and scripts/browser-build.mjs), so no Node built-in reaches a page.
 */
export { browserPlatform as platform, setBrowserEnv } from './browser.js';
export { readEnv, ENV_VARIABLES } from './env.js';
export type { Platform, PlatformPath, Fr2enEnv } from './types.js';
