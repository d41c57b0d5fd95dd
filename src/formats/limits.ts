/**
 * The documented limits of the formats, apart from their parsers so that importing them loads
 * no parser.
 */

/** Most characters per subtitle line in the output (the common broadcast guideline). */
export const SUBTITLE_MAX_LINE_LENGTH = 42;
/** Most lines per subtitle cue in the output before a `cue-overflow` warning. */
export const SUBTITLE_MAX_LINES = 2;

/** Most entries a .docx may hold. */
export const MAX_ZIP_ENTRIES = 10_000;
/** Most bytes all entries of a .docx may inflate to, together (256 MiB). */
export const MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;
/** Highest inflated/compressed ratio a .docx entry over {@link RATIO_FLOOR_BYTES} may have. */
export const MAX_COMPRESSION_RATIO = 200;
/** Entries that inflate to less than this (1 MiB) are not held to {@link MAX_COMPRESSION_RATIO}. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;
