/**
 * The CLI's glossary files (.json, .tsv, .csv) and the flags of constrained and n-best
 * translation: --glossary, --keep, --alternatives, --repetition-penalty, --no-repeat-ngram-size.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGlossary, splitCsvLine } from '../../src/cli/glossary.js';
import { InputError } from '../../src/index.js';
import { MARIAN_MEMO, MEMO_PAIRS, runCli } from '../helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-glossary-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(scratch, name);
  writeFileSync(p, text);
  return p;
};

describe('glossary files', () => {
  it('reads a JSON object, a TSV and a CSV (header, comments, blank lines and RFC 4180 quotes)', () => {
    expect([...parseGlossary('{"Loukachenko": "Lukashenka", "BCE": " ECB "}', 'g.json')]).toEqual([
      ['Loukachenko', 'Lukashenka'],
      ['BCE', 'ECB'],
    ]);
    expect([...parseGlossary('fr\ten\n# names\nLoukachenko\tLukashenka\n\nBanque centrale\tcentral bank\n', 'g.tsv')]).toEqual([
      ['Loukachenko', 'Lukashenka'],
      ['Banque centrale', 'central bank'],
    ]);
    expect([...parseGlossary('\uFEFFfrench,english\r\n"Paris, ville",Paris\r\n"le ""chat""",the cat\r\n', 'g.csv')]).toEqual([
      ['Paris, ville', 'Paris'],
      ['le "chat"', 'the cat'],
    ]);
    expect(splitCsvLine('"open, never closed')).toBeUndefined();
  });

  it.each([
    ['g.csv', 'a,b\nc\n', /g\.csv, line 2: expected 2 comma-separated columns \(French, English\), found 1/],
    ['g.tsv', 'a\tb\tc\n', /g\.tsv, line 1: expected 2 tab-separated columns/],
    ['g.csv', 'a,b\n"c,d\n', /g\.csv, line 2: a quoted field is not closed/],
    ['g.csv', 'Chat,cat\nchien,dog\nchat,kitty\n', /g\.csv: the term "chat" is given twice \(line 1 and line 3/],
    ['g.csv', 'chat,\n', /g\.csv, line 1: the French term and the English term must both be non-empty/],
    ['g.json', '{"chat": 1}', /g\.json, entry "chat": the English term must be a string/],
    ['g.json', '["chat"]', /g\.json must hold one JSON object/],
    ['g.json', '{"chat": "cat", "CHAT": "kitty"}', /the term "CHAT" is given twice \("chat" and entry "CHAT"/],
    ['g.json', '{oops', /g\.json is not valid JSON/],
  ])('%s %j is an InputError naming the file and line', (name, text, message) => {
    expect(() => parseGlossary(text, name)).toThrow(InputError);
    expect(() => parseGlossary(text, name)).toThrow(message);
  });
});

describe('fr2en translate with a glossary, kept terms and alternatives', () => {
  const pair = MEMO_PAIRS.find((p) => p.fr.includes('Loukachenko'))!;

  it('--glossary writes the English term; --keep keeps a term; --alternatives puts alternatives in the JSON', async () => {
    const glossary = file('names.tsv', 'Loukachenko\tLukashenka\n');
    const { code, stdout, stderr } = await runCli(['translate', '-', '--model', MARIAN_MEMO, '--glossary', glossary, '--alternatives', '2', '--json'], pair.fr);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.text).toMatch(/\bLukashenka\b/);
    expect(result.sentences[0].alternatives).toHaveLength(2);
    for (const a of result.sentences[0].alternatives) expect(Object.keys(a).sort()).toEqual(['score', 'translation']);

    const kept = await runCli(['translate', '-', '--model', MARIAN_MEMO, '--keep', 'XKZ-7', '--repetition-penalty', '1.1', '--no-repeat-ngram-size', '4'], `${pair.fr.slice(0, -1)} XKZ-7.`);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('XKZ-7');
  }, 120_000);

  it('exits 2 with a message naming the file and line for a malformed glossary, and on a bad penalty', async () => {
    const bad = file('bad.csv', 'chat,cat\nchien\n');
    const malformed = await runCli(['translate', '-', '--model', MARIAN_MEMO, '--glossary', bad], 'Le chat dort.');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain(`${bad}, line 2`);
    const penalty = await runCli(['translate', '-', '--model', MARIAN_MEMO, '--repetition-penalty', '0'], 'Le chat dort.');
    expect(penalty.code).toBe(2);
    expect(penalty.stderr).toMatch(/--repetition-penalty/);
  }, 120_000);
});
