/** `createServer`: the HTTP app (a Hono app and a web-standard `fetch` handler) over fr2en's public API. */
import { createHash, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createSummarizer, createTranslator, type Summarizer, type Translator } from '../index.js';
import { createJobClient, type JobClient } from '../queue/client.js';
import { SentenceAdmission } from './admission.js';
import { ApiKeys, RateLimiter } from './auth.js';
import { resolveConfig, type LogEntry, type ServerOptions } from './config.js';
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

/**
 * Creates the server: LibreTranslate-compatible routes, fr2en's `/v1` API, `/healthz`, `/readyz`
 * and `/metrics`. It listens nowhere: use `serve()` or mount `fetch`/`app`.
 *
 * @example
 * const server = createServer({ model: './models/Xenova/opus-mt-fr-en' });
 * const response = await server.fetch(new Request('http://x/translate', { method: 'POST', … }));
 */
export function createServer(options: ServerOptions = {}): Fr2enServer {
  const config = resolveConfig(options);
  const log = options.log === false ? () => {} : (options.log ?? jsonLog);
  const modelSource = {
    ...(options.modelsDir ? { modelsDir: options.modelsDir } : {}),
    ...(options.allowRemote === false ? { allowRemote: false } : {}),
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.beams ? { beams: options.beams } : {}),
  };
  const ownTranslator = options.translator === undefined;
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
  let inFlight = 0;
  const metrics = new Metrics({
    depth: () => queue.depth,
    running: () => queue.running,
    inFlight: () => inFlight,
    queuedSentences: () => admission.queuedSentences,
  });
  const ctx: ServerContext = {
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
    state: { draining: false, ready: false },
  };

  const app = new Hono<Env>();

  // access log and metrics (no bodies), CORS as LibreTranslate sends it, Connection: close while draining
  app.use(async (c, next) => {
    const started = performance.now();
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      const route = c.req.routePath && c.req.routePath !== '/*' ? c.req.routePath : 'unmatched';
      const status = c.get('outcome') === 'client-closed' ? 499 : c.res.status;
      const seconds = (performance.now() - started) / 1000;
      metrics.requests.inc({ route, status: String(status) });
      metrics.duration.observe({ route }, seconds);
      const key = c.get('apiKey');
      log({
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
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    c.header('Access-Control-Expose-Headers', 'Authorization');
    c.header('Access-Control-Allow-Methods', 'GET, POST');
    c.header('Access-Control-Allow-Credentials', 'true');
    c.header('Access-Control-Max-Age', '1728000');
    if (ctx.state.draining) c.header('Connection', 'close');
  });
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
  app.onError((error, c) => {
    if (error instanceof HttpError) {
      for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
      const body = c.req.path.startsWith('/v1/') ? { error: error.message, code: error.code ?? 'HTTP' } : { error: error.message };
      return c.json(body, error.status as 400);
    }
    log({ msg: 'error', level: 'error', path: c.req.path, error: (error as Error)?.message ?? String(error) });
    return c.json({ error: 'The server encountered an internal error and was unable to complete your request.' }, 500);
  });

  return {
    app,
    fetch: (request, env) => app.fetch(request, env as Env["Bindings"]),
    async warmup() {
      await translator.load();
      ctx.state.ready = true;
    },
    drain() {
      ctx.state.draining = true;
    },
    get inFlight() {
      return inFlight;
    },
    async close() {
      ctx.state.draining = true;
      await jobClient?.close();
      if (ownTranslator) await translator.dispose();
      if (summarizer && options.summarizer === undefined) await summarizer.dispose();
    },
  };
}
