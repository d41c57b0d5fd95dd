/** `fr2en cache stats|clear|path`: the persistent translation cache from the command line. */
import type { Command } from 'commander';
import { openTranslationCache, translationCacheFile } from '../../index.js';
import { cliGlobals } from '../globals.js';
import { printJson } from '../output.js';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Adds the `cache` command group to `program`. */
export function registerCache(program: Command): void {
  const cache = program.command('cache').description('the translation cache beside the model store (shared by translate, digest, serve and worker)');
  const open = () => openTranslationCache(cliGlobals.cacheDir ? { cacheDir: cliGlobals.cacheDir } : {});
  cache
    .command('stats')
    .description('entries, size, limits, and hits and misses since the cache was created or cleared')
    .option('--json', 'print { file, entries, bytes, maxEntries, maxBytes, hits, misses }')
    .action(async (opts: { json?: boolean }) => {
      const store = await open();
      try {
        const stats = await store.stats();
        if (opts.json) {
          printJson({ file: store.file, ...stats });
          return;
        }
        const lookups = stats.hits + stats.misses;
        process.stdout.write(
          [
            `file: ${store.file}`,
            `entries: ${stats.entries} (at most ${stats.maxEntries})`,
            `size: ${mb(stats.bytes)} (at most ${mb(stats.maxBytes)})`,
            `hits: ${stats.hits}, misses: ${stats.misses}${lookups > 0 ? ` (${((100 * stats.hits) / lookups).toFixed(1)} % hits)` : ''}`,
          ].join('\n') + '\n',
        );
      } finally {
        await store.close();
      }
    });
  cache
    .command('clear')
    .description('remove every cached translation')
    .action(async () => {
      const store = await open();
      try {
        const { entries } = await store.stats();
        await store.clear();
        process.stdout.write(`cleared ${entries} entries from ${store.file}\n`);
      } finally {
        await store.close();
      }
    });
  cache
    .command('path')
    .description('print where the cache file is (it need not exist yet)')
    .action(() => {
      process.stdout.write(`${translationCacheFile(cliGlobals.cacheDir)}\n`);
    });
}
