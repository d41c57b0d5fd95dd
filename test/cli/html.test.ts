/** The CLI with HTML input: `--input-format html`, and .html files taken as HTML by default. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MARIAN_MEMO, MEMO_PAIRS, runCli } from '../helpers.js';
import { elementTree, NEWS_PAGE } from '../html/pages.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-html-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const en = (fr: string) => MEMO_PAIRS.find((p) => p.fr === fr)!.en;

describe('fr2en translate with HTML', () => {
  it('--input-format html translates stdin as HTML and prints the document', async () => {
    const { code, stdout, stderr } = await runCli(
      ['translate', '-', '--model', MARIAN_MEMO, '--input-format', 'html'],
      '<p class="x">Le chat dort. <b>Bonjour.</b></p>',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`<p class="x">${en('Le chat dort.')} <b>${en('Bonjour.')}</b></p>\n`);
  });

  it('takes a .html file as HTML without the flag, and reports markup warnings on stderr', async () => {
    const file = path.join(scratch, 'page.html');
    writeFileSync(file, NEWS_PAGE.replace('<article>', '<article><p>Pas même <i>Loukachenko</i> en Biélorussie.</p>'));
    const { code, stdout, stderr } = await runCli(['translate', file, '--model', MARIAN_MEMO]);
    expect(code).toBe(0);
    expect(stdout).toContain('<html lang="en">');
    expect(stdout).toContain(`<p>${en('Pas même Loukachenko en Biélorussie.')}</p>`);
    expect(stderr).toMatch(/warning \[markup-dropped\] sentence \d+: .*Loukachenko/);
  });

  it('--input-format text on a .html file translates it as plain text', async () => {
    const file = path.join(scratch, 'plain.htm');
    writeFileSync(file, 'Le chat dort.');
    const { code, stdout } = await runCli(['translate', file, '--model', MARIAN_MEMO, '--input-format', 'text', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).text).toBe(en('Le chat dort.'));
  });

  it('rejects an unknown input format', async () => {
    const { code, stderr } = await runCli(['translate', '-', '--model', MARIAN_MEMO, '--input-format', 'pdf'], 'Bonjour.');
    expect(code).toBe(2);
    expect(stderr).toMatch(/input-format/);
  });

  it('digest --json on a .html file gives the translated page', async () => {
    const file = path.join(scratch, 'news.html');
    writeFileSync(file, NEWS_PAGE);
    const { code, stdout } = await runCli(['digest', file, '--translation-model', MARIAN_MEMO, '--method', 'extractive', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(elementTree(out.translation, ['lang', 'alt', 'title'])).toEqual(elementTree(NEWS_PAGE, ['lang', 'alt', 'title']));
  });
});
