/**
 * `fr2en check`: line-aligned French and English files in, one JSON line per line out; exit 0
 * whether or not flags were raised, 2 on bad input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTranslation } from '../../src/index.js';
import { runCli } from '../helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(scratch, name);
  writeFileSync(p, text);
  return p;
};

const FR = ['Le PIB a crû de 2,1 % en 2019.', 'Le gouvernement a démissionné.', 'Il a rencontré Noursoultan Nazarbaïev à Astana.'];
const EN = ['GDP grew by 2.1% in 2009.', 'The government resigned.', 'He met Nursultan Nazarbayev in Astana.'];
const french = file('fr.txt', `${FR.join('\n')}\n`);
const english = file('en.txt', `${EN.join('\r\n')}\r\n`);

describe('fr2en check', () => {
  it('prints { line, flags } for every line, as checkTranslation finds them, and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['check', french, english]);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toEqual(FR.map((fr, i) => ({ line: i + 1, flags: checkTranslation(fr, EN[i]!) })));
    expect(rows[0].flags.map((f: { code: string }) => f.code)).toEqual(['number-mismatch']);
    expect(rows[1].flags).toEqual([]);
    expect(stderr).toBe('checked 3 lines: 1 flagged (number-mismatch 1)\n');
  });

  it('--flagged prints only flagged lines; --quiet leaves stderr empty', async () => {
    const { code, stdout, stderr } = await runCli(['check', french, english, '--flagged', '--quiet']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').map((l) => JSON.parse(l).line)).toEqual([1]);
    expect(stderr).toBe('');
  });

  it('--skip leaves codes out; --glossary checks terms', async () => {
    const glossary = file('glossary.json', JSON.stringify({ gouvernement: 'cabinet' }));
    const { code, stdout } = await runCli(['check', french, english, '--skip', 'number-mismatch', '--glossary', glossary, '--flagged']);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(rows[0].flags[0].code).toBe('glossary-missed');
  });

  it('reads one of the files from stdin with -', async () => {
    const { code, stdout } = await runCli(['check', french, '-'], `${EN.join('\n')}\n`);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(3);
  });

  it('exits 2 naming both files and their line counts when the counts differ', async () => {
    const short = file('short.txt', 'Une ligne.\n');
    const { code, stdout, stderr } = await runCli(['check', french, short]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`fr2en: ${french} has 3 lines and ${short} has 1: check needs line-aligned files (line n of one translates line n of the other).\n`);
  });

  it('exits 2 on a missing file, an unknown --skip code, a bad glossary or two stdins', async () => {
    const badGlossary = file('bad.json', '["not", "an", "object"]');
    for (const args of [
      ['check', path.join(scratch, 'missing.txt'), english],
      ['check', french, english, '--skip', 'frobnicate'],
      ['check', french, english, '--glossary', badGlossary],
      ['check', '-', '-'],
      ['check', french],
    ]) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n').length, stderr).toBeLessThanOrEqual(2);
    }
  });
});
