/**
 * The library's errors advise API options (`modelsDir`, `allowRemote: true`…); on the command
 * line the same advice is given in flags.
 */

const TERMS: ReadonlyArray<[RegExp, string]> = [
  [/`allowRemote: true`/g, 'leave out `--offline`'],
  [/`allowRemote: false`/g, '`--offline`'],
  [/`modelsDir`/g, '`--models-dir`'],
  [/`cacheDir`/g, '`--cache-dir`'],
  [/`dtype: "(\w+)"`/g, '`--dtype $1`'],
  [/`batchSize`/g, '`--batch-size`'],
  [/`maxNewTokens`/g, '`--max-new-tokens`'],
  [/`minNewTokens`/g, '`--min-new-tokens`'],
  [/`inputFormat`/g, '`--input-format`'],
  [/`onNonFrench: 'skip'`/g, '`--skip-non-french`'],
];

/** Rewrites an error message's API advice into CLI flags. */
export function inCliTerms(message: string): string {
  return TERMS.reduce((text, [pattern, flag]) => text.replace(pattern, flag), message);
}
