/** fr2en's HTTP server: LibreTranslate-compatible routes and fr2en's `/v1` API. */
export { createServer } from './app.js';
export type { Fr2enServer } from './app.js';
export { serve } from './serve.js';
export type { RunningServer } from './serve.js';
export { serverOptionsFromEnv, SERVER_ENV } from './config.js';
export type { LogEntry, ServerOptions } from './config.js';
export { LANGUAGES } from './libretranslate.js';
