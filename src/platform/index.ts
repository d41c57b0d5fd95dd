/**
 * The platform fr2en runs on. Library code imports `platform` from here, never a Node built-in;
 * a browser build swaps this one file (a bundler alias) for a browser implementation.
 */
export { nodePlatform as platform } from './node.js';
export { readEnv, readVariable, ENV, ENV_VARIABLES } from './env.js';
export { spawnThread, threadSide, type ThreadHandle } from './threads.js';
export type { Platform, PlatformPath, Fr2enEnv } from './types.js';
