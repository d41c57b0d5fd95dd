/** `fr2en shortlist build` and `fr2en translate --shortlist`, end to end on marian-memo. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MARIAN_MEMO, MEMO_PAIRS, runCli } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-cli-shortlist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fr2en shortlist build', () => {
  it('builds a shortlist, resumes from its checkpoint, and translate --shortlist uses it', async () => {
    const corpus = path.join(dir, 'memo.fr');
    const out = path.join(dir, 'memo.bin');
    writeFileSync(corpus, MEMO_PAIRS.map((p) => p.fr).join('\n'));
    const args = ['shortlist', 'build', '--model', MARIAN_MEMO, '--corpus', corpus, '--out', out, '--k', '5', '--frequent', '20'];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/wrote .*memo\.bin: \d+ source pieces, \d+ entries, from 18 sentences/);
    expect(first.stderr).toMatch(/align: IBM Model 1 iteration 5\/5/);
    expect(existsSync(`${out}.progress.jsonl`)).toBe(true);
    const bytes = readFileSync(out);
    // a second run translates nothing: every line comes from the checkpoint, and the file is the same
    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/18 from the checkpoint/);
    expect(readFileSync(out).equals(bytes)).toBe(true);

    const input = path.join(dir, 'in.txt');
    writeFileSync(input, MEMO_PAIRS[2]!.fr);
    const translated = await runCli(['translate', input, '--model', MARIAN_MEMO, '--shortlist', out, '--json']);
    expect(translated.code, translated.stderr).toBe(0);
    expect(JSON.parse(translated.stdout).text).toBe(MEMO_PAIRS[2]!.en);
  }, 180_000);

  it('exits with a one-line message on a missing corpus', async () => {
    const { code, stderr } = await runCli(['shortlist', 'build', '--model', MARIAN_MEMO, '--corpus', path.join(dir, 'none.txt'), '--out', path.join(dir, 'x.bin')]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/corpus/);
  }, 60_000);
});
