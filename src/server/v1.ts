/**
 * fr2en's own API under `/v1`: translation with sentence alignment, warnings and scores (JSON,
 * NDJSON or Server-Sent Events), summaries, digests and the job queue. Errors: `{ error, code }`.
 */
import type { Context, Hono } from 'hono';
import { stream, streamSSE } from 'hono/streaming';
import { DEFAULT_DO_NOT_TRANSLATE, digest, INPUT_FORMATS, type InputFormat, type StreamedSentence, type TranslateOptions } from '../index.js';
import {
  checkAccess,
  HttpError,
  readBody,
  runWork,
  toHttpError,
  translateCounted,
  workSignal,
  type Body,
  type Env,
  type ServerContext,
} from './context.js';
import { runAdmitted, translationCost, type TranslationCost } from './admission.js';
import { openApiDocument } from './openapi.js';

/** The streaming formats of `POST /v1/translate`. */
export const STREAM_FORMATS = ['ndjson', 'sse'] as const;

function bearer(c: Context<Env>, body: Body): unknown {
  const auth = c.req.header('authorization');
  const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return m ? m[1] : (body.api_key ?? body.apiKey);
}

function pick<K extends string>(body: Body, keys: readonly K[]): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  for (const k of keys) if (body[k] !== undefined) out[k] = body[k];
  return out;
}

function text(body: Body, allowArray = false): string | string[] {
  const t = body.text;
  if (typeof t === 'string') return t;
  if (allowArray && Array.isArray(t) && t.every((x) => typeof x === 'string')) return t as string[];
  throw new HttpError(400, `Expected \`text\` to be a string${allowArray ? ' or an array of strings' : ''}.`, {}, 'INPUT');
}

const sentenceJson = (s: StreamedSentence) => ({
  index: s.index,
  source: s.source,
  translation: s.translation,
  start: s.start,
  end: s.end,
  paragraph: s.paragraph,
  ...(s.score !== undefined ? { score: s.score } : {}),
  flags: s.flags,
  ...(s.repaired ? { repaired: true } : {}),
  ...(s.alternatives ? { alternatives: s.alternatives } : {}),
  ...(s.cached ? { cached: true } : {}),
  warnings: s.warnings,
});

/**
 * `glossary` (object), `doNotTranslate` (strings, kept besides the default URL, e-mail, @handle
 * and #hashtag patterns) and `alternatives` of a translate request; the library validates them
 * (a bad value is a 400 with code `INPUT`).
 */
function termOptions(body: Body): Pick<TranslateOptions, 'glossary' | 'doNotTranslate' | 'alternatives'> {
  const keep = body.doNotTranslate;
  if (keep !== undefined && !(Array.isArray(keep) && keep.every((k) => typeof k === 'string'))) {
    throw new HttpError(400, 'Expected `doNotTranslate` to be an array of strings.', {}, 'INPUT');
  }
  return {
    ...(body.glossary !== undefined ? { glossary: body.glossary as TranslateOptions['glossary'] } : {}),
    ...(keep !== undefined ? { doNotTranslate: [...DEFAULT_DO_NOT_TRANSLATE, ...(keep as string[])] } : {}),
    ...(body.alternatives !== undefined ? { alternatives: body.alternatives as number } : {}),
  };
}

/** The library options of a `POST /v1/translate` body. */
function translateOptions(body: Body): TranslateOptions {
  const inputFormat = body.inputFormat ?? 'text';
  if (!(INPUT_FORMATS as readonly unknown[]).includes(inputFormat)) throw new HttpError(400, `Expected \`inputFormat\` to be one of ${INPUT_FORMATS.join(', ')}.`, {}, 'INPUT');
  return {
    inputFormat: inputFormat as TranslateOptions['inputFormat'],
    ...(body.beams !== undefined ? { generation: { beams: body.beams as number } } : {}),
    ...(body.onNonFrench !== undefined ? { onNonFrench: body.onNonFrench as 'translate' | 'skip' } : {}),
    ...(pick(body, ['repair', 'consistentNames', 'minScore'] as const) as Pick<TranslateOptions, 'repair' | 'consistentNames' | 'minScore'>),
    ...termOptions(body),
  };
}

/** `POST /v1/translate`: one JSON answer, or a stream (NDJSON or SSE, by `stream` or the `Accept` header). */
function translateHandler(ctx: ServerContext) {
  return async (c: Context<Env>) => {
    const body = await readBody(c);
    checkAccess(ctx, c, bearer(c, body));
    const input = text(body, true);
    const options = translateOptions(body);
    const accept = c.req.header('accept') ?? '';
    const mode = body.stream ?? (accept.includes('text/event-stream') ? 'sse' : accept.includes('application/x-ndjson') ? 'ndjson' : undefined);
    const cost = translationCost(Array.isArray(input) ? input : [input], Array.isArray(input));
    if (mode === undefined || mode === false) {
      const result = await runAdmitted(ctx, c, cost, (signal) => translateCounted(ctx, input, { ...options, signal }));
      const { text: translated, sentences, warnings, model, usage, flagCounts } = result;
      return c.json({ text: translated, sentences, warnings, model, usage, flagCounts });
    }
    if (!(STREAM_FORMATS as readonly unknown[]).includes(mode)) throw new HttpError(400, `Expected \`stream\` to be one of ${STREAM_FORMATS.join(', ')}.`, {}, 'INPUT');
    return streamTranslation(ctx, c, mode as (typeof STREAM_FORMATS)[number], input, options, cost);
  };
}

/** A translation streamed sentence by sentence; admitted before answering, so that a full server is a 503, not a broken stream. */
function streamTranslation(
  ctx: ServerContext,
  c: Context<Env>,
  mode: (typeof STREAM_FORMATS)[number],
  input: string | string[],
  options: TranslateOptions,
  cost: TranslationCost,
): Response {
  const signal = workSignal(ctx, c);
  let release: () => void;
  try {
    release = ctx.admission.admit(cost);
  } catch (error) {
    throw toHttpError(ctx, c, error, signal);
  }
  const sentences = async function* () {
    let count = 0;
    try {
      for await (const s of ctx.translator.translateStream(input, { ...options, signal })) {
        count++;
        yield s;
      }
    } finally {
      release();
      ctx.metrics.sentences.inc({}, count);
    }
  };
  const errorJson = (error: unknown) => {
    const e = toHttpError(ctx, c, error, signal);
    return { error: e.message, code: e.code ?? 'INTERNAL' };
  };
  if (mode === 'sse') {
    return streamSSE(c, async (s) => {
      try {
        for await (const sentence of sentences()) await s.writeSSE({ event: 'sentence', id: String(sentence.index), data: JSON.stringify(sentenceJson(sentence)) });
        await s.writeSSE({ event: 'done', data: JSON.stringify({ model: ctx.translator.model }) });
      } catch (error) {
        if (!s.aborted) await s.writeSSE({ event: 'error', data: JSON.stringify(errorJson(error)) });
      }
    });
  }
  c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
  return stream(c, async (s) => {
    try {
      for await (const sentence of sentences()) await s.write(`${JSON.stringify(sentenceJson(sentence))}\n`);
      await s.write(`${JSON.stringify({ done: true, model: ctx.translator.model })}\n`);
    } catch (error) {
      if (!s.aborted) await s.write(`${JSON.stringify(errorJson(error))}\n`);
    }
  });
}

const NO_QUEUE = () => new HttpError(501, 'Jobs are not enabled on this server (start it with --redis <url>).', {}, 'NO_QUEUE');

/** `POST /v1/jobs` and `GET /v1/jobs/:id`: the job queue, when the server has Redis. */
function jobRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.post('/v1/jobs', async (c) => {
    const body = await readBody(c);
    checkAccess(ctx, c, bearer(c, body));
    if (!ctx.jobs) throw NO_QUEUE();
    const docs = Array.isArray(body.documents) ? (body.documents as Body[]) : [body];
    const submitted = await ctx.jobs().submit(
      docs.map((d) => ({
        ...(d.base64 !== undefined ? { base64: d.base64 as string } : { text: d.text as string }),
        ...(d.id !== undefined ? { id: d.id as string } : {}),
        ...(d.file !== undefined ? { file: d.file as string } : {}),
        ...(d.inputFormat !== undefined ? { inputFormat: d.inputFormat as InputFormat } : {}),
      })),
    ).catch((error) => {
      throw toHttpError(ctx, c, error, c.req.raw.signal);
    });
    return c.json(Array.isArray(body.documents) ? submitted : submitted[0], 202);
  });

  app.get('/v1/jobs/:id', async (c) => {
    checkAccess(ctx, c, bearer(c, Object.fromEntries(new URL(c.req.url).searchParams)));
    if (!ctx.jobs) throw NO_QUEUE();
    const report = await ctx.jobs().get(c.req.param('id'));
    if (!report) throw new HttpError(404, `No job ${c.req.param('id')} (unknown, or its result expired).`, {}, 'NOT_FOUND');
    return c.json(report);
  });
}

/** Registers the `/v1` routes on `app`. */
export function v1Routes(app: Hono<Env>, ctx: ServerContext): void {
  app.get('/v1/openapi.json', (c) => c.json(openApiDocument()));
  app.post('/v1/translate', translateHandler(ctx));

  app.post('/v1/summarize', async (c) => {
    const body = await readBody(c);
    checkAccess(ctx, c, bearer(c, body));
    const input = text(body) as string;
    const options = pick(body, ['method', 'type', 'length', 'format', 'language'] as const);
    const result = await runWork(ctx, c, (signal) => ctx.summarizer().summarize(input, { ...(options as object), signal }));
    return c.json(result);
  });

  app.post('/v1/digest', async (c) => {
    const body = await readBody(c);
    checkAccess(ctx, c, bearer(c, body));
    const input = text(body) as string;
    const options = pick(body, ['order', 'method', 'type', 'length', 'format', 'inputFormat'] as const);
    const result = await runWork(ctx, c, (signal) =>
      digest(input, { ...(options as object), translator: ctx.translator, summarizer: ctx.summarizer(), signal }),
    );
    return c.json(result);
  });

  jobRoutes(app, ctx);
}
