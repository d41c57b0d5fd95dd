/**
 * Stands in for Node's `module` in the browser build: the emscripten glue of
 * `@sctg/sentencepiece-js` imports it only on Node (`createRequire`), never in a browser.
 */
export function createRequire(): never {
  throw new Error('fr2en: `module` is not available in a browser.');
}
export default { createRequire };
