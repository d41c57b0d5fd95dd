/** `createServer`: the HTTP app (a Hono app and a web-standard `fetch` handler) over fr2en's public API. */
import { createHash, randomUUID } from 'node:crypto';
import { Hono, type ErrorHandler, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createSummarizer, createTranslator, type Summarizer, type Translator } from '../index.js';
import { createJobClient, type JobClient } from '../queue/client.js';
import { SentenceAdmission } from './admission.js';
import { ApiKeys, RateLimiter } from './auth.js';
import { resolveConfig, type LogEntry, type ResolvedConfig, type ServerOptions } from './config.js';
import { HttpError, type Env, type ServerContext } from './context.js';
import { fileRoutes } from './files.js';
import { libreTranslateRoutes } from './libretranslate.js';
import { Metrics, METRICS_CONTENT_TYPE } from './metrics.js';
import { v1Routes } from './v1.js';
import { WorkQueue } from './work-queue.js';

/** A server built by {@link createServer}. */
export interface Fr2enServer {
  /** The Hono app (mount it with `app.route()`), */
  readonly app: Hono<Env>;
  /** its web-standard handler (`(request) => Response`), e.g. for `@hono/node-server` or another runtime. */
  readonly fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** Loads the translation model; `/readyz` answers 200 once it is loaded. */
  warmup(): Promise<void>;
  /** Starts draining: `/readyz` answers 503 and responses carry `Connection: close`. */
  drain(): void;
  /** Requests being served now. */
  readonly inFlight: number;
  /** Frees what the server created (models, Redis connection). Call after the in-flight requests ended. */
  close(): Promise<void>;
}

const jsonLog = (entry: LogEntry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', ...entry })}\n`);

/** The models, queues, limits and metrics the routes share. */
function createContext(options: ServerOptions, config: ResolvedConfig, log: (entry: LogEntry) => void): ServerContext & { closeJobs(): Promise<void>; ownSummarizer(): Summarizer | undefined } {
  const modelSource = {
    ...(options.modelsDir ? { modelsDir: options.modelsDir } : {}),
    ...(options.allowRemote === false ? { allowRemote: false } : {}),
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.beams ? { beams: options.beams } : {}),
  };
  const translator: Translator =
    options.translator ??
    createTranslator({
      ...(options.model ? { model: options.model } : {}),
      ...modelSource,
      batchWindowMs: config.batchWindowMs,
      ...(options.cache !== undefined ? { cache: options.cache } : {}),
    });
  let summarizer: Summarizer | undefined = options.summarizer;
  let jobClient: JobClient | undefined;
  const queue = new WorkQueue(config.maxConcurrent, config.maxQueue);
  const admission = new SentenceAdmission(config.maxQueuedSentences, config.maxQueuedChars);
  const state = { draining: false, ready: false, inFlight: 0 };
  const metrics = new Metrics({
    depth: () => queue.depth,
    running: () => queue.running,
    inFlight: () => state.inFlight,
    queuedSentences: () => admission.queuedSentences,
  });
  return {
    config,
    translator,
    summarizer: () => (summarizer ??= createSummarizer({ ...(options.summaryModel ? { model: options.summaryModel } : {}), ...modelSource })),
    queue,
    admission,
    metrics,
    keys: options.apiKeys === undefined ? undefined : new ApiKeys(options.apiKeys),
    limiter: new RateLimiter(config.rateLimit),
    jobs: options.redis ? () => (jobClient ??= createJobClient({ redis: options.redis!, queueName: config.queueName })) : undefined,
    log,
    state,
    closeJobs: async () => jobClient?.close(),
    ownSummarizer: () => (options.summarizer === undefined ? summarizer : undefined),
  };
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Expose-Headers': 'Authorization',
  'Access-Control-Allow-Methods': 'GET, POST',
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Max-Age': '1728000',
} as const;

/** Access log and metrics (no bodies), CORS as LibreTranslate sends it, `Connection: close` while draining. */
function requestMiddleware(ctx: ServerContext): MiddlewareHandler<Env> {
  return async (c, next) => {
    const started = performance.now();
    ctx.state.inFlight++;
    try {
      await next();
    } finally {
      ctx.state.inFlight--;
      const route = c.req.routePath && c.req.routePath !== '/*' ? c.req.routePath : 'unmatched';
      const status = c.get('outcome') === 'client-closed' ? 499 : c.res.status;
      const seconds = (performance.now() - started) / 1000;
      ctx.metrics.requests.inc({ route, status: String(status) });
      ctx.metrics.duration.observe({ route }, seconds);
      const key = c.get('apiKey');
      ctx.log({
        msg: 'request',
        id: c.req.header('x-request-id') ?? randomUUID(),
        method: c.req.method,
        path: c.req.path,
        route,
        status,
        ms: Math.round(seconds * 1000),
        ...(key ? { key: createHash('sha256').update(key).digest('hex').slice(0, 8) } : {}),
        bytesIn: Number(c.req.header('content-length') ?? 0),
      });
    }
    for (const [name, value] of Object.entries(CORS_HEADERS)) c.header(name, value);
    if (ctx.state.draining) c.header('Connection', 'close');
  };
}

/** Failures as JSON: an {@link HttpError} as it says (`/v1` adds its `code`), anything else a logged 500. */
function onError(ctx: ServerContext): ErrorHandler<Env> {
  return (error, c) => {
    if (error instanceof HttpError) {
      for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
      const body = c.req.path.startsWith('/v1/') ? { error: error.message, code: error.code ?? 'HTTP' } : { error: error.message };
      return c.json(body, error.status as 400);
    }
    ctx.log({ msg: 'error', level: 'error', path: c.req.path, error: (error as Error)?.message ?? String(error) });
    return c.json({ error: 'The server encountered an internal error and was unable to complete your request.' }, 500);
  };
}

/** The app: middleware, the service routes (`/healthz`, `/readyz`, `/metrics`) and every route module. */
function createApp(ctx: ServerContext): Hono<Env> {
  const app = new Hono<Env>();
  const { config, metrics } = ctx;
  app.use(requestMiddleware(ctx));
  app.options('*', (c) => c.body(null, 204));
  app.use(
    '*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) => c.json({ error: `Request body too large (limit ${config.maxBodyBytes} bytes)` }, 413),
    }),
  );
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) =>
    ctx.state.ready && !ctx.state.draining ? c.json({ status: 'ready' }) : c.json({ status: ctx.state.draining ? 'draining' : 'loading' }, 503),
  );
  app.get('/metrics', (c) => c.body(metrics.render(), 200, { 'Content-Type': METRICS_CONTENT_TYPE }));
  libreTranslateRoutes(app, ctx);
  v1Routes(app, ctx);
  fileRoutes(app, ctx);
  app.notFound((c) => c.json({ error: 'Not Found' }, 404));
  app.onError(onError(ctx));
  return app;
}

/**
 * Creates the server: LibreTranslate-compatible routes, fr2en's `/v1` API, `/healthz`, `/readyz`
 * and `/metrics`. It listens nowhere: use `serve()` or mount `fetch`/`app`.
 *
 * @example
 * const server = createServer({ model: './models/Xenova/opus-mt-fr-en' });
 * const response = await server.fetch(new Request('http://x/translate', { method: 'POST', … }));
 */
export function createServer(options: ServerOptions = {}): Fr2enServer {
  const log = options.log === false ? () => {} : (options.log ?? jsonLog);
  const ctx = createContext(options, resolveConfig(options), log);
  const app = createApp(ctx);
  return {
    app,
    fetch: (request, env) => app.fetch(request, env as Env['Bindings']),
    async warmup() {
      await ctx.translator.load();
      ctx.state.ready = true;
    },
    drain() {
      ctx.state.draining = true;
    },
    get inFlight() {
      return ctx.state.inFlight;
    },
    async close() {
      ctx.state.draining = true;
      await ctx.closeJobs();
      if (options.translator === undefined) await ctx.translator.dispose();
      await ctx.ownSummarizer()?.dispose();
    },
  };
}
