/**
 * Sentence segmentation: {@link segment} with swappable {@link LanguageRules}
 * ({@link french} by default).
 *
 * @module
 */
export { segment } from './segmenter';
export { french } from './fr';
export type { LanguageRules, SegmentOptions, Sentence } from './types';
