/**
 * File translation over HTTP: LibreTranslate's /translate_file + /download_file (statuses and
 * error strings as LibreTranslate's app.py has them) and /v1/translate_file, with marian-memo.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, serve, type RunningServer } from '../../src/server/index.js';
import { safeFileName } from '../../src/server/files.js';
import { MARIAN_MEMO, MEMO_PAIRS, ROOT } from '../helpers.js';

const server = createServer({ model: MARIAN_MEMO, allowRemote: false, log: false, maxBodyBytes: 1_048_576 });
afterAll(() => server.close());
const en = (fr: string) => MEMO_PAIRS.find((p) => p.fr === fr)!.en;
const DOCX = new Uint8Array(readFileSync(path.join(ROOT, 'test', 'fixtures', 'docx', 'article.docx')));

const upload = (route: string, fields: Record<string, string>, file?: { name: string; content: string | Uint8Array }) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)]), file.name);
  return server.fetch(new Request(`http://fr2en.test${route}`, { method: 'POST', body: form }));
};

describe('POST /translate_file (LibreTranslate)', () => {
  it('answers a download URL for the translated file, downloadable with its name', async () => {
    const res = await upload('/translate_file', { source: 'fr', target: 'en' }, { name: 'notes du jour.md', content: '# Bonjour.\n\nLe chat dort.\n' });
    expect(res.status).toBe(200);
    const { translatedFileUrl } = (await res.json()) as { translatedFileUrl: string };
    expect(translatedFileUrl).toMatch(/^http:\/\/fr2en\.test\/download_file\/[0-9a-f-]{36}\.notes_du_jour\.md$/);
    const file = await server.fetch(new Request(translatedFileUrl));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="notes_du_jour.md"');
    expect(await file.text()).toBe(`# ${en('Bonjour.')}\n\n${en('Le chat dort.')}\n`);
  });

  it('translates a .docx', async () => {
    const res = await upload('/translate_file', { source: 'auto', target: 'en' }, { name: 'article.docx', content: DOCX });
    const { translatedFileUrl } = (await res.json()) as { translatedFileUrl: string };
    const file = new Uint8Array(await (await server.fetch(new Request(translatedFileUrl))).arrayBuffer());
    expect(strFromU8(unzipSync(file)['word/document.xml']!)).toContain(en('Le chat dort.'));
  });

  it("gives LibreTranslate's errors", async () => {
    const error = async (res: Response) => [res.status, ((await res.json()) as { error: string }).error];
    expect(await error(await upload('/translate_file', { source: 'fr', target: 'en' }))).toEqual([400, 'Invalid request: missing file parameter']);
    expect(await error(await upload('/translate_file', { target: 'en' }, { name: 'a.txt', content: 'Bonjour.' }))).toEqual([400, 'Invalid request: missing source parameter']);
    expect(await error(await upload('/translate_file', { source: 'fr' }, { name: 'a.txt', content: 'Bonjour.' }))).toEqual([400, 'Invalid request: missing target parameter']);
    expect(await error(await upload('/translate_file', { source: 'fr', target: 'en' }, { name: 'a.pdf', content: 'x' }))).toEqual([400, 'Invalid request: file format not supported']);
    expect(await error(await upload('/translate_file', { source: 'de', target: 'en' }, { name: 'a.txt', content: 'x' }))).toEqual([400, 'de is not supported']);
    expect(await error(await upload('/translate_file', { source: 'fr', target: 'es' }, { name: 'a.txt', content: 'x' }))).toEqual([400, 'es is not supported']);
    const bad = await upload('/translate_file', { source: 'fr', target: 'en' }, { name: 'a.srt', content: '1\n00:00:01 --> x\nBonjour.\n' });
    expect(bad.status).toBe(400);
    expect(await server.fetch(new Request('http://fr2en.test/download_file/..%2F..%2Fetc%2Fpasswd'))).toHaveProperty('status', 400);
    expect((await server.fetch(new Request('http://fr2en.test/download_file/00000000-0000-0000-0000-000000000000.a.txt'))).status).toBe(404);
  });
});

describe('POST /v1/translate_file', () => {
  it('answers the translated file itself', async () => {
    const res = await upload('/v1/translate_file', {}, { name: 'film.srt', content: '1\n00:00:01,000 --> 00:00:02,000\nMerci beaucoup.\n' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-subrip/);
    expect(await res.text()).toBe(`1\n00:00:01,000 --> 00:00:02,000\n${en('Merci beaucoup.')}\n`);
  });

  it('answers errors with a code', async () => {
    const ole = new Uint8Array(64);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const res = await upload('/v1/translate_file', {}, { name: 'secret.docx', content: ole });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INPUT', error: expect.stringMatching(/password-protected/) });
  });
});

describe('stored file names', () => {
  it('keep no folders and no leading dots', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\Rapport final.docx')).toBe('Rapport_final.docx');
    expect(safeFileName('.bashrc')).toBe('bashrc');
  });
});

describe('a real HTTP client uploads with LibreTranslate’s field names (curl -F)', () => {
  const curl = spawnSync('curl', ['--version']).status === 0;
  let running: RunningServer | undefined;
  beforeAll(async () => {
    if (curl) running = await serve({ host: '127.0.0.1', port: 0, model: MARIAN_MEMO, allowRemote: false, log: false });
  });
  afterAll(() => running?.shutdown());

  it.skipIf(!curl)('translate_file, then download_file, over a socket', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-curl-'));
    const file = path.join(dir, 'dépêche.md');
    writeFileSync(file, '# Bonjour.\n\nLe chat dort.\n');
    const run = (args: string[]) =>
      new Promise<string>((resolve, reject) =>
        execFile('curl', ['-sS', '--fail-with-body', ...args], { encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve(stdout))),
      );
    const answer = JSON.parse(await run(['-F', `file=@${file}`, '-F', 'source=fr', '-F', 'target=en', '-F', 'api_key=', `${running!.url}/translate_file`])) as { translatedFileUrl: string };
    expect(answer.translatedFileUrl.startsWith(`${running!.url}/download_file/`)).toBe(true);
    expect(await run([answer.translatedFileUrl])).toBe(`# ${en('Bonjour.')}\n\n${en('Le chat dort.')}\n`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says files are supported in /frontend/settings, with their extensions', async () => {
    const settings = (await (await server.fetch(new Request('http://fr2en.test/frontend/settings'))).json()) as { filesTranslation: boolean; supportedFilesFormat: string[] };
    expect(settings.filesTranslation).toBe(true);
    expect(settings.supportedFilesFormat).toEqual(expect.arrayContaining(['.md', '.srt', '.vtt', '.docx', '.html', '.txt']));
  });
});
