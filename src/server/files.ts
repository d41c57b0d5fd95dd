/**
 * File translation: LibreTranslate's `POST /translate_file` (multipart `file`, `source`, `target`,
 * `api_key`; answers `{ translatedFileUrl }`) and `GET /download_file/:name`, with its statuses and
 * error strings; and `POST /v1/translate_file`, which answers the translated file itself.
 * Translated files live in a folder of the server's own under the system temp folder, named
 * `<uuid>.<sanitised name>`, and are deleted after {@link FILE_TTL_MS}.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import { FORMAT_EXTENSIONS, formatOfFileName, type ResolvedFormat } from '../index.js';
import { checkAccess, HttpError, recordUsage, runWork, type Env, type ServerContext } from './context.js';
import { LANGUAGES } from './libretranslate.js';

/** How long a translated file can be downloaded (LibreTranslate's 30 minutes). */
export const FILE_TTL_MS = 30 * 60 * 1000;

/** Extensions `POST /translate_file` takes (what `GET /frontend/settings` would list). */
export const SUPPORTED_FILE_EXTENSIONS = Object.values(FORMAT_EXTENSIONS).flat();

const MEDIA_TYPES: Record<ResolvedFormat, string> = {
  text: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Folders made by this process, removed when it exits. */
const folders = new Set<string>();
let exitHook = false;

/** A file name reduced to safe characters (Werkzeug's `secure_filename` in spirit): no folders, no dots first. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.normalize('NFKD').replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(-120);
}

const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[\w.-]+$/;

/** The server's folder of translated files: made on first use, removed when the process exits, swept of expired files. */
function createFileStore() {
  let folder: string | undefined;
  return {
    /** The folder, once made. */
    get folder() {
      return folder;
    },
    /** The folder, made when missing. */
    open(): string {
      if (folder && existsSync(folder)) return folder;
      folder = mkdtempSync(path.join(tmpdir(), 'fr2en-files-'));
      folders.add(folder);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => {
          for (const f of folders) rmSync(f, { recursive: true, force: true });
        });
      }
      return folder;
    },
    /** Deletes the files older than {@link FILE_TTL_MS}. */
    sweep(): void {
      if (!folder || !existsSync(folder)) return;
      const now = Date.now();
      for (const name of readdirSync(folder)) {
        const file = path.join(folder, name);
        if (now - statSync(file).mtimeMs > FILE_TTL_MS) rmSync(file, { force: true });
      }
    },
  };
}

/** The uploaded file's bytes, name and format, checked in LibreTranslate's order; `v1` errors carry a code and default the languages. */
async function readUpload(ctx: ServerContext, c: Context<Env>, v1: boolean): Promise<{ name: string; format: ResolvedFormat; input: string | Uint8Array }> {
  const type = c.req.header('content-type') ?? '';
  const form = /^multipart\/form-data\b/i.test(type) ? await c.req.parseBody() : {};
  const field = (name: string) => (typeof form[name] === 'string' && form[name] !== '' ? (form[name] as string) : undefined);
  const auth = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const file = form.file;
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : undefined;
  const charLimit = ctx.config.charLimit;
  checkAccess(ctx, c, (v1 ? auth : undefined) ?? field('api_key'), bytes && charLimit > 0 ? Math.floor(bytes.length / charLimit) : 1);
  const code = v1 ? 'INPUT' : undefined;
  if (!(file instanceof File)) throw new HttpError(400, 'Invalid request: missing file parameter', {}, code);
  const source = field('source')?.toLowerCase() ?? (v1 ? 'fr' : undefined);
  const target = field('target')?.toLowerCase() ?? (v1 ? 'en' : undefined);
  if (!source) throw new HttpError(400, 'Invalid request: missing source parameter', {}, code);
  if (!target) throw new HttpError(400, 'Invalid request: missing target parameter', {}, code);
  if (file.name === '') throw new HttpError(400, 'Invalid request: empty file', {}, code);
  const format = formatOfFileName(file.name);
  if (!format) throw new HttpError(400, 'Invalid request: file format not supported', {}, code);
  if (source !== 'auto' && source !== 'fr') throw new HttpError(400, `${source} is not supported`, {}, code);
  if (!LANGUAGES.some((l) => l.code === target) || target !== 'en') throw new HttpError(400, `${target} is not supported`, {}, code);
  if (format === 'docx') return { name: file.name, format, input: bytes! };
  try {
    return { name: file.name, format, input: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new HttpError(400, `${file.name} is not UTF-8 text`, {}, code);
  }
}

/** Reads the multipart form and translates its file. */
async function translateUpload(ctx: ServerContext, c: Context<Env>, v1: boolean): Promise<{ name: string; format: ResolvedFormat; content: Uint8Array }> {
  const { name, format, input } = await readUpload(ctx, c, v1);
  const result = await runWork(ctx, c, async (signal) => {
    const started = performance.now();
    const r = await ctx.translator.translate(input, { inputFormat: format, signal });
    recordUsage(ctx, r, started);
    return r;
  });
  return { name, format, content: result.document ?? new TextEncoder().encode(result.text) };
}

/** Registers the file routes on `app`. */
export function fileRoutes(app: Hono<Env>, ctx: ServerContext): void {
  const files = createFileStore();

  app.post('/translate_file', async (c) => {
    files.sweep();
    const done = await translateUpload(ctx, c, false);
    const name = `${randomUUID()}.${safeFileName(done.name) || `file${path.extname(done.name)}`}`;
    writeFileSync(path.join(files.open(), name), done.content);
    return c.json({ translatedFileUrl: new URL(`/download_file/${name}`, c.req.url).toString() });
  });

  app.get('/download_file/:name', (c) => {
    files.sweep();
    const name = c.req.param('name');
    if (!STORED_NAME.test(name) || path.basename(name) !== name) throw new HttpError(400, 'Invalid filename');
    const file = files.folder ? path.join(files.folder, name) : undefined;
    if (!file || !existsSync(file)) throw new HttpError(404, 'Not Found');
    const download = name.slice(name.indexOf('.') + 1);
    return c.body(new Uint8Array(readFileSync(file)), 200, {
      'Content-Type': MEDIA_TYPES[formatOfFileName(download) ?? 'text'],
      'Content-Disposition': `attachment; filename="${download}"`,
    });
  });

  app.post('/v1/translate_file', async (c) => {
    const done = await translateUpload(ctx, c, true);
    const name = safeFileName(done.name) || 'translated';
    return c.body(new Uint8Array(done.content), 200, {
      'Content-Type': MEDIA_TYPES[done.format],
      'Content-Disposition': `attachment; filename="${name}"`,
    });
  });
}
