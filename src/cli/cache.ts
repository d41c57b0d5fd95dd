/**
 * The persistent translation cache from the command line: `--cache` / `--no-cache` on the
 * commands that translate (on by default), and opening the store beside the model store.
 */
import { Option } from 'commander';
import { MissingDependencyError, openTranslationCache, type PersistentCacheStore } from '../index.js';
import { readVariable } from '../platform/env.js';
import { cliGlobals } from './globals.js';

/** `FR2EN_TRANSLATION_CACHE=0` (or `off`, `false`, `no`) turns the cache off where no flag says otherwise. */
const offByEnv = () => readVariable(process.env, 'FR2EN_TRANSLATION_CACHE') === false;

/** `--cache`; with {@link noCacheOption}, unset means on when the store can be opened. */
export function cacheOption(): Option {
  return new Option('--cache', 'keep translations in the persistent cache and reuse them (the default; an error if the cache cannot open)');
}

/** `--no-cache`. */
export function noCacheOption(): Option {
  return new Option('--no-cache', 'neither read nor write the translation cache');
}

/**
 * Opens the persistent cache unless `flag` is false (or, without a flag, `FR2EN_TRANSLATION_CACHE=0`). Without a flag, a missing optional
 * dependency is a one-line note on stderr and the command runs uncached; with `--cache` it is an error.
 */
export async function openCliCache(flag: boolean | undefined): Promise<PersistentCacheStore | undefined> {
  if (flag === false || (flag === undefined && offByEnv())) return undefined;
  try {
    return await openTranslationCache(cliGlobals.cacheDir ? { cacheDir: cliGlobals.cacheDir } : {});
  } catch (error) {
    if (flag === undefined && MissingDependencyError.isInstance(error)) {
      if (!cliGlobals.quiet) process.stderr.write(`fr2en: translation cache off: ${error.dependency} is not installed (npm install ${error.dependency}@12; --no-cache silences this)\n`);
      return undefined;
    }
    throw error;
  }
}
