/**
 * The CLI reports flagged sentences: one stderr line each in text mode, nothing when all is clean;
 * `--json` carries the flags and counts. marian-memo, a capped output (flagged `truncated`, and
 * not retried: the cap was asked for).
 */
import { describe, expect, it } from 'vitest';
import { MARIAN_MEMO, MEMO_PAIRS, runCli } from '../helpers.js';

const french = `${MEMO_PAIRS[1]!.fr} ${MEMO_PAIRS[2]!.fr}`;

describe('fr2en translate: flags', () => {
  it('prints nothing about flags when every sentence is clean', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await runCli(['translate', '-', '--model', MARIAN_MEMO], french);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`${MEMO_PAIRS[1]!.en} ${MEMO_PAIRS[2]!.en}`);
    expect(stderr).not.toMatch(/flagged/);
  });

  it('prints one line per flagged sentence on stderr, and the flags in --json', { timeout: 60_000 }, async () => {
    const text = await runCli(['translate', '-', '--model', MARIAN_MEMO, '--max-new-tokens', '2'], french);
    expect(text.code).toBe(0);
    const lines = text.stderr.split('\n').filter((l) => l.includes('flagged'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^fr2en: sentence 0 flagged: .*\btruncated\b/);
    expect(lines[1]).toMatch(/^fr2en: sentence 1 flagged: .*\btruncated\b/);
    const json = JSON.parse((await runCli(['translate', '-', '--model', MARIAN_MEMO, '--max-new-tokens', '2', '--json', '--no-repair'], french)).stdout);
    expect(json.sentences[0].flags.map((f: { code: string }) => f.code)).toContain('truncated');
    expect(json.flagCounts.truncated).toBe(2);
  });
});
