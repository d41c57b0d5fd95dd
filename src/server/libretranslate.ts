/**
 * LibreTranslate-compatible routes (following LibreTranslate 1.9.6's `app.py` field by field):
 * `POST /translate`, `POST /detect`, `GET /languages`, `GET /frontend/settings`, `GET /health`.
 * Errors are `{ "error": "…" }` with LibreTranslate's statuses and messages.
 */
import type { Context, Hono } from 'hono';
import { detectLanguage } from '../lang/detect.js';
import { FORMAT_EXTENSIONS, joinTranslations, type TranslatedSentence } from '../index.js';
import { runAdmitted, translationCost } from './admission.js';
import { checkAccess, HttpError, readBody, translateCounted, type Body, type Env, type ServerContext } from './context.js';

/** The languages this server knows, as `GET /languages` lists them. */
export const LANGUAGES = [
  { code: 'en', name: 'English', targets: [] as string[] },
  { code: 'fr', name: 'French', targets: ['en'] },
] as const;

/** The `format` values of `POST /translate`. */
export const LT_FORMATS = ['text', 'html'] as const;

const nameOf = (code: string) => LANGUAGES.find((l) => l.code === code)?.name;
const HAS_CONTENT = /[\p{L}\p{N}]/u;

/** Python's `"\n".join(q.splitlines())`, which LibreTranslate applies to a form `q`. */
export function joinLines(q: string): string {
  const lines = q.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.at(-1) === '') lines.pop();
  return lines.join('\n');
}

/** LibreTranslate's detection result for `text`: confidence 0–100, `en` with 0 when nothing is found. */
export function detectFor(text: string): { confidence: number; language: string } {
  const guess = detectLanguage(text);
  if (guess.language === 'unknown' || guess.language === 'other') return { confidence: 0, language: 'en' };
  return { confidence: Math.round(guess.confidence * 100), language: guess.language };
}

/** Reads `q`: JSON string or array, or a form string (lines normalised). `undefined` when missing or empty. */
function readQ(body: Body, json: boolean): string | string[] | undefined {
  let q = body.q;
  if (typeof q === 'string' && !json) q = joinLines(q);
  if (typeof q === 'string') return q === '' ? undefined : q;
  if (Array.isArray(q)) {
    if (q.length === 0) return undefined;
    if (!q.every((item) => typeof item === 'string')) throw new HttpError(400, 'Invalid request: q items must be strings');
    return q as string[];
  }
  if (q === undefined || q === null || q === '' || q === false || q === 0) return undefined;
  throw new HttpError(400, 'Invalid request: q must be a string or an array of strings');
}

const isJson = (c: { req: { header(name: string): string | undefined } }) => /json/i.test(c.req.header('content-type') ?? '');
const lower = (v: unknown) => (typeof v === 'string' && v !== '' ? v.toLowerCase() : undefined);

/** A checked `POST /translate` request. */
interface LtTranslate {
  q: string | string[];
  texts: string[];
  format: (typeof LT_FORMATS)[number];
  /** Alternatives asked for. */
  alternatives: number;
  /** The guess for `source: auto`. */
  detected: { confidence: number; language: string } | undefined;
  /** `source: auto` found the text already in the target language: it is answered as it is. */
  passThrough: boolean;
}

/** LibreTranslate's size limits: `batchLimit` items in an array `q`, `charLimit` characters per item. */
function checkLimits(ctx: ServerContext, q: string | string[], texts: readonly string[]): void {
  const { batchLimit, charLimit } = ctx.config;
  if (Array.isArray(q) && batchLimit !== -1 && q.length > batchLimit) {
    throw new HttpError(400, `Invalid request: request (${q.length}) exceeds text limit (${batchLimit})`);
  }
  if (charLimit === -1) return;
  for (const text of texts) {
    const length = [...text].length;
    if (length > charLimit) throw new HttpError(400, `Invalid request: request (${length}) exceeds text limit (${charLimit})`);
  }
}

/** Checks a `POST /translate` body in LibreTranslate's order, with its messages. */
function readTranslate(ctx: ServerContext, body: Body, q: string | string[] | undefined): LtTranslate {
  const source = lower(body.source);
  const target = lower(body.target);
  const format = typeof body.format === 'string' && body.format !== '' ? body.format : 'text';
  if (q === undefined) throw new HttpError(400, 'Invalid request: missing q parameter');
  if (source === undefined) throw new HttpError(400, 'Invalid request: missing source parameter');
  if (target === undefined) throw new HttpError(400, 'Invalid request: missing target parameter');
  const alternatives = body.alternatives === undefined || body.alternatives === '' ? 0 : Number(body.alternatives);
  if (!Number.isInteger(alternatives)) throw new HttpError(400, 'Invalid request: alternatives parameter is not a number');
  const texts = Array.isArray(q) ? q : [q];
  checkLimits(ctx, q, texts);
  let detected: { confidence: number; language: string } | undefined;
  let from = source;
  if (source === 'auto') {
    detected = detectFor(texts.join('\n'));
    // fr2en translates from French only: anything not English is handed to the French model
    // (fr2en's `not-french` warning territory); English already is the target.
    from = detected.language === 'en' && detected.confidence > 0 ? 'en' : 'fr';
    if (detected.confidence === 0) detected = { confidence: 0, language: 'fr' };
  }
  if (!nameOf(from)) throw new HttpError(400, `${from} is not supported`);
  if (!nameOf(target)) throw new HttpError(400, `${target} is not supported`);
  const passThrough = source === 'auto' && from === target;
  if (!passThrough && !(LANGUAGES.find((l) => l.code === from)!.targets as readonly string[]).includes(target)) {
    throw new HttpError(400, `${nameOf(target)} (${target}) is not available as a target language from ${nameOf(from)} (${from})`);
  }
  if (!(LT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, `${format} format is not supported`);
  if (alternatives < 0 || alternatives > 63) throw new HttpError(400, 'Invalid request: alternatives parameter must be from 0 to 63');
  return { q, texts, format: format as LtTranslate['format'], alternatives, detected, passThrough };
}

/** `POST /translate`: every item translated (through the admission and the shared batches), LibreTranslate's answer. */
function translateHandler(ctx: ServerContext) {
  return async (c: Context<Env>) => {
    const body = await readBody(c);
    const q = readQ(body, isJson(c));
    checkAccess(ctx, c, body.api_key ?? body.apiKey, Array.isArray(q) ? q.length : 1);
    const { texts, format, alternatives, detected, passThrough } = readTranslate(ctx, body, q);
    // alternatives of HTML are not given (as LibreTranslate does for html)
    const wanted = format === 'text' ? alternatives : 0;
    const results = passThrough
      ? texts.map((text) => ({ text, alternatives: [] as string[] }))
      : await runAdmitted(ctx, c, translationCost(texts.filter((text) => HAS_CONTENT.test(text))), (signal) =>
          Promise.all(
            texts.map(async (text) => {
              if (!HAS_CONTENT.test(text)) return { text, alternatives: [] as string[] };
              const result = await translateCounted(ctx, text, { signal, inputFormat: format, ...(wanted > 0 ? { alternatives: wanted } : {}) });
              return { text: result.text, alternatives: wholeAlternatives(result.sentences, text, wanted) };
            }),
          ),
        );
    const translated = results.map((r) => r.text);
    const response: Record<string, unknown> = { translatedText: Array.isArray(q) ? translated : translated[0] };
    if (detected) response.detectedLanguage = Array.isArray(q) ? texts.map(() => detected) : detected;
    if (alternatives > 0) response.alternatives = Array.isArray(q) ? results.map((r) => r.alternatives) : results[0]!.alternatives;
    return c.json(response);
  };
}

/** Registers the LibreTranslate routes on `app`. */
export function libreTranslateRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get('/languages', (c) => c.json(LANGUAGES));
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/frontend/settings', (c) =>
    c.json({
      charLimit: ctx.config.charLimit,
      frontendTimeout: 500,
      apiKeys: ctx.keys !== undefined,
      keyRequired: ctx.keys !== undefined && ctx.config.requireApiKey,
      suggestions: false,
      // POST /translate_file takes every format fr2en reads (see formats/)
      filesTranslation: true,
      supportedFilesFormat: Object.values(FORMAT_EXTENSIONS).flat(),
      language: { source: { code: 'auto', name: 'Auto Detect' }, target: { code: 'en', name: 'English' } },
    }),
  );

  app.post('/detect', async (c) => {
    const body = await readBody(c);
    const q = readQ(body, isJson(c));
    checkAccess(ctx, c, body.api_key ?? body.apiKey, Array.isArray(q) ? q.length : 1);
    if (q === undefined) throw new HttpError(400, 'Invalid request: missing q parameter');
    return c.json([detectFor(Array.isArray(q) ? q.join('\n') : q)]);
  });

  app.post('/translate', translateHandler(ctx));
}

/**
 * LibreTranslate's `alternatives` for a whole text: the k-th one joins each sentence's k-th
 * alternative (its best translation where it has fewer, e.g. a sentence split in pieces); exact
 * for the usual one-sentence request. Duplicates of the translation or of each other are dropped.
 */
export function wholeAlternatives(sentences: readonly TranslatedSentence[], input: string, n: number): string[] {
  const main = joinTranslations(sentences, false, input);
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    if (!sentences.some((s) => s.alternatives?.[k] !== undefined)) break;
    const text = joinTranslations(sentences.map((s) => ({ ...s, translation: s.alternatives?.[k]?.translation ?? s.translation })), false, input);
    if (text !== main && !out.includes(text)) out.push(text);
  }
  return out;
}
