/**
 * The persistent translation cache from the command line: `fr2en translate` fills it and reuses
 * it by default, `--no-cache` leaves it alone, `fr2en cache stats|clear|path` report and empty it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MARIAN_MEMO, MEMO_PAIRS, runCli } from '../helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-cli-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const store = path.join(scratch, 'store');
const input = path.join(scratch, 'in.txt');
writeFileSync(input, MEMO_PAIRS.slice(0, 3).map((p) => p.fr).join(' '));
// the cache on, as for a user (the test helper turns it off by default)
const cli = (args: string[]) => runCli(['--cache-dir', store, ...args], undefined, { FR2EN_TRANSLATION_CACHE: '' });
const stats = async () => {
  const { code, stdout, stderr } = await cli(['cache', 'stats', '--json']);
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as { file: string; entries: number; hits: number; misses: number };
};

describe('fr2en translate with the persistent cache', () => {
  it('fills the cache on the first run and is served from it on the second, with the same output', async () => {
    const first = await cli(['translate', input, '--model', MARIAN_MEMO, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(await stats()).toMatchObject({ entries: 3, hits: 0, misses: 3, file: path.join(store, 'cache', 'translations.sqlite') });
    const second = await cli(['translate', input, '--model', MARIAN_MEMO, '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
    expect(JSON.parse(second.stdout).text).toBe(MEMO_PAIRS.slice(0, 3).map((p) => p.en).join(' '));
    expect(await stats()).toMatchObject({ entries: 3, hits: 3, misses: 3 });
  });

  it('--no-cache neither reads nor writes it', async () => {
    const { code } = await cli(['translate', input, '--model', MARIAN_MEMO, '--no-cache']);
    expect(code).toBe(0);
    expect(await stats()).toMatchObject({ entries: 3, hits: 3, misses: 3 });
  });

  it('cache clear empties it; cache path prints where it is', async () => {
    const cleared = await cli(['cache', 'clear']);
    expect([cleared.code, cleared.stdout]).toEqual([0, `cleared 3 entries from ${path.join(store, 'cache', 'translations.sqlite')}\n`]);
    expect(await stats()).toMatchObject({ entries: 0, hits: 0, misses: 0 });
    const where = await cli(['cache', 'path']);
    expect(where.stdout.trim()).toBe(path.join(store, 'cache', 'translations.sqlite'));
  });
});
