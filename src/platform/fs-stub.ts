/**
 * Stands in for Node's `fs` in the browser build: `@sctg/sentencepiece-js` imports it at top
 * level but only calls it for `load(path)`, which fr2en never uses (it loads models from bytes).
 */
function unavailable(): never {
  throw new Error('fr2en: the file system is not available in a browser.');
}
export const readFileSync = unavailable;
export const existsSync = (): boolean => false;
export default { readFileSync, existsSync };
