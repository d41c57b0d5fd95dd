/**
 * The translation checker: flags what looks wrong in a translation (a changed number, a loop,
 * French left in, a lost name, a length no human translator would give) and what a summary invents.
 */
export { checkTranslation, vetSummary } from './check.js';
export { QUALITY_FLAG_CODES } from './types.js';
export type { QualityFlag, QualityFlagCode, CheckOptions, Glossary } from './types.js';
