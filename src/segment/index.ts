/**
 * Sentence segmentation: {@link segment} with swappable {@link LanguageRules}
 * ({@link french} by default).
 *
 * @module
 */
export { segment } from './segmenter.js';
export { french } from './fr.js';
export type { LanguageRules, SegmentOptions, Sentence } from './types.js';
