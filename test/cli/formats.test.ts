/**
 * The CLI with documents: formats by extension or content, .docx in and out (`--out`, `--force`,
 * never to a terminal), errors that name the file, digest and summarize on documents.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { MARIAN_MEMO, MEMO_PAIRS, ROOT, runCli } from '../helpers.js';
import { en } from '../formats/helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-formats-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const DOCX = path.join(ROOT, 'test', 'fixtures', 'docx', 'article.docx');
const memo = ['--model', MARIAN_MEMO];

describe('fr2en translate with documents', () => {
  it('writes a translated .docx to --out, and will not overwrite it without --force', async () => {
    const out = path.join(scratch, 'article-en.docx');
    const first = await runCli(['translate', DOCX, ...memo, '--out', out]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(strFromU8(unzipSync(readFileSync(out))['word/document.xml']!)).toContain(en('Le chat dort.'));
    const again = await runCli(['translate', DOCX, ...memo, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/article-en\.docx exists; use --force/);
    const forced = await runCli(['translate', DOCX, ...memo, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readdirSync(scratch).filter((f) => f.endsWith('.tmp'))).toEqual([]); // written whole, then renamed
  });

  it('writes .docx bytes to a pipe, but refuses a terminal', async () => {
    const piped = await runScriptBytes(['translate', DOCX, ...memo]);
    expect(piped.code).toBe(0);
    expect(strFromU8(unzipSync(piped.stdout)['word/document.xml']!)).toContain(en('Bonjour.'));
    // a pseudo-terminal as stdout (util-linux `script`)
    const tty = spawnSync('script', ['-qec', `node --import tsx src/cli/main.ts translate ${DOCX} --model ${MARIAN_MEMO}`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FR2EN_OFFLINE: '1' } });
    if (tty.error) return; // no `script` here: the pipe case above still ran
    expect(tty.status).toBe(2);
    expect(tty.stdout).toMatch(/not written to a terminal; use --out/);
  });

  it('reads .md, .srt and .vtt by extension and prints the same format', async () => {
    const md = path.join(scratch, 'a.md');
    writeFileSync(md, '# Bonjour.\n\n**Le chat dort.**\n');
    expect((await runCli(['translate', md, ...memo])).stdout).toBe(`# ${en('Bonjour.')}\n\n**${en('Le chat dort.')}**\n`);
    const srt = path.join(scratch, 'a.srt');
    writeFileSync(srt, '1\n00:00:01,000 --> 00:00:02,000\nLe chat\n\n2\n00:00:02,000 --> 00:00:03,000\ndort.\n');
    const translated = (await runCli(['translate', srt, ...memo])).stdout;
    expect(translated).toMatch(/^1\n00:00:01,000 --> 00:00:02,000\n\S.*\n\n2\n00:00:02,000 --> 00:00:03,000\n\S.*\n$/);
    expect(translated.split('\n').filter((_, i) => i === 2 || i === 6).join(' ')).toBe(en('Le chat dort.'));
  });

  it('names the file and the problem for malformed or unreadable input, and writes nothing', async () => {
    const srt = path.join(scratch, 'bad.srt');
    writeFileSync(srt, '1\n00:00:01.000 --> 00:00:02\nBonjour.\n');
    const out = path.join(scratch, 'bad-en.srt');
    const bad = await runCli(['translate', srt, ...memo, '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.srt: SRT input, line 2: malformed cue timing/);
    expect(existsSync(out)).toBe(false);
    const pdf = path.join(scratch, 'scan.pdf');
    writeFileSync(pdf, Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0x00, 0x81]));
    const unknown = await runCli(['translate', pdf, ...memo]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/scan\.pdf: unknown extension `\.pdf`/);
    // text under an extension auto does not know: refused, with the flag that reads it anyway
    const notes = path.join(scratch, 'notes.fr');
    writeFileSync(notes, MEMO_PAIRS[0]!.fr);
    const refused = await runCli(['translate', notes, ...memo]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/notes\.fr: unknown extension `\.fr`.*--input-format text/);
    const read = await runCli(['translate', notes, ...memo, '--input-format', 'text']);
    expect(read.code).toBe(0);
    expect(read.stdout.trim()).toBe(MEMO_PAIRS[0]!.en);
    const corrupt = path.join(scratch, 'broken.docx');
    writeFileSync(corrupt, readFileSync(DOCX).subarray(0, 3000));
    const broken = await runCli(['translate', corrupt, ...memo, '--out', path.join(scratch, 'never.docx')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.docx: The \.docx input is corrupt/);
    expect(existsSync(path.join(scratch, 'never.docx'))).toBe(false);
  });

  it('summarize reads a .docx (extractive, no model)', async () => {
    const { code, stdout } = await runCli(['summarize', DOCX, '--method', 'extractive', '--keep-french', '--length', 'short']);
    expect(code).toBe(0);
    expect(stdout.trim().length).toBeGreaterThan(0);
    expect(stdout).not.toMatch(/w:t|<\//);
  });
});

/** Runs the CLI and keeps stdout as bytes. */
function runScriptBytes(args: string[]): Promise<{ code: number; stdout: Uint8Array }> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, FR2EN_OFFLINE: '1' } });
  return Promise.resolve({ code: child.status ?? -1, stdout: new Uint8Array(child.stdout) });
}
