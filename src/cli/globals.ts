/**
 * The flags every command shares (`--cache-dir`, `--progress`, `--quiet`), set from the parsed
 * command line before a command runs (a `preAction` hook in program.ts).
 */

/** Parsed global flags. */
export const cliGlobals: { cacheDir?: string; progress?: 'bar' | 'plain' | 'none'; quiet?: boolean } = {};
