/** `fr2en serve`: the LibreTranslate-compatible HTTP server plus fr2en's /v1 API. */
import { type Command, Option } from 'commander';
import type { PersistentCacheStore } from '../../index.js';
import { serve, serverOptionsFromEnv, type RunningServer } from '../../server/index.js';
import { cacheOption, noCacheOption, openCliCache } from '../cache.js';
import { intOption } from '../options.js';
import { defined } from './shared.js';

interface ServeFlags {
  host?: string;
  port?: number;
  model?: string;
  summaryModel?: string;
  modelsDir?: string;
  offline?: boolean;
  dtype?: 'auto' | 'fp32' | 'q8';
  beams?: number;
  apiKeys?: string;
  requireApiKey?: boolean;
  charLimit?: number;
  batchLimit?: number;
  rateLimit?: number;
  maxConcurrent?: number;
  maxQueue?: number;
  maxBody?: number;
  timeout?: number;
  shutdownGrace?: number;
  redis?: string;
  queue?: string;
  maxQueuedSentences?: number;
  maxQueuedChars?: number;
  batchWindow?: number;
  cache?: boolean;
}

/** Registers `serve` on `program`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server (LibreTranslate-compatible API and /v1); settings also from FR2EN_* variables (docs/reference/environment.md)')
    .option('--host <host>', 'address to listen on (FR2EN_HOST; default 127.0.0.1)')
    .option('--port <port>', 'port (FR2EN_PORT; default 5000; 0 = any free port)', intOption('--port', 0))
    .option('--model <id|dir>', 'translation model (FR2EN_MODEL; default Xenova/opus-mt-fr-en)')
    .option('--summary-model <id|dir>', 'summary model for /v1/summarize and /v1/digest (FR2EN_SUMMARY_MODEL)')
    .option('--models-dir <dir>', 'folder holding models as <org>/<name>/ (FR2EN_MODELS_DIR)')
    .option('--offline', 'never download; use local models only')
    .addOption(new Option('--dtype <dtype>', 'weight type').choices(['auto', 'fp32', 'q8']))
    .option('--beams <n>', 'beams per sentence (1 = greedy, fastest)', intOption('--beams', 1))
    .option('--api-keys <file>', 'file of API keys, one per line (FR2EN_API_KEYS)')
    .option('--no-require-api-key', "with --api-keys: also serve requests without a key (LibreTranslate's default)")
    .option('--char-limit <n>', 'longest text per q item, -1 = none (FR2EN_CHAR_LIMIT)', intOption('--char-limit', -1))
    .option('--batch-limit <n>', 'most items in an array q, -1 = none (FR2EN_BATCH_LIMIT)', intOption('--batch-limit', -1))
    .option('--rate-limit <n>', 'requests per minute per key or address, 0 = none (FR2EN_RATE_LIMIT)', intOption('--rate-limit', 0))
    .option('--max-queued-sentences <n>', 'sentences of the translation requests in progress; more get 503 + Retry-After (FR2EN_MAX_QUEUED_SENTENCES; default 1000)', intOption('--max-queued-sentences', 1))
    .option('--max-queued-chars <n>', 'the same bound in characters (FR2EN_MAX_QUEUED_CHARS; default 250000)', intOption('--max-queued-chars', 1))
    .option('--batch-window <ms>', "how long an idle model waits for other requests' sentences to share its batch (FR2EN_BATCH_WINDOW_MS; default 5)", intOption('--batch-window', 0))
    .option('--max-concurrent <n>', 'summary and digest requests given to the models at once (FR2EN_MAX_CONCURRENT; default 2)', intOption('--max-concurrent', 1))
    .option('--max-queue <n>', 'summary and digest requests waiting beyond that; more get 503 + Retry-After (FR2EN_MAX_QUEUE; default 64)', intOption('--max-queue', 0))
    .option('--max-body <bytes>', 'largest request body (FR2EN_MAX_BODY_BYTES; default 1048576)', intOption('--max-body', 1))
    .option('--timeout <ms>', 'request timeout; the work is aborted (FR2EN_SERVER_TIMEOUT_MS; default 120000)', intOption('--timeout', 1))
    .option('--shutdown-grace <ms>', 'how long SIGTERM waits for in-flight requests (FR2EN_SHUTDOWN_GRACE_MS; default 30000)', intOption('--shutdown-grace', 0))
    .option('--redis <url>', 'Redis URL: enables POST /v1/jobs and GET /v1/jobs/:id (FR2EN_REDIS_URL)')
    .option('--queue <name>', 'BullMQ queue name (FR2EN_QUEUE; default fr2en)')
    .addOption(cacheOption())
    .addOption(noCacheOption())
    .action(async (flags: ServeFlags) => {
      const env = serverOptionsFromEnv(process.env);
      const cache = await openCliCache(flags.cache);
      const running = await serve({
        ...env,
        ...(cache ? { cache } : {}),
        ...defined({
          host: flags.host,
          port: flags.port,
          model: flags.model,
          summaryModel: flags.summaryModel,
          modelsDir: flags.modelsDir,
          allowRemote: flags.offline ? false : undefined,
          dtype: flags.dtype,
          beams: flags.beams,
          apiKeys: flags.apiKeys,
          // commander sets `requireApiKey: true` unless --no-require-api-key is given
          requireApiKey: flags.requireApiKey === false ? false : undefined,
          charLimit: flags.charLimit,
          batchLimit: flags.batchLimit,
          rateLimit: flags.rateLimit,
          maxConcurrent: flags.maxConcurrent,
          maxQueue: flags.maxQueue,
          maxQueuedSentences: flags.maxQueuedSentences,
          maxQueuedChars: flags.maxQueuedChars,
          batchWindowMs: flags.batchWindow,
          maxBodyBytes: flags.maxBody,
          timeoutMs: flags.timeout,
          shutdownGraceMs: flags.shutdownGrace,
          redis: flags.redis,
          queueName: flags.queue,
        }),
      });
      stopOnSignals(running, cache);
    });
}

/**
 * SIGTERM and SIGINT stop the server gracefully (no new connections, the requests in flight
 * finish), then close the translation cache, so that its file is checkpointed and left without a
 * write-ahead log to recover, and exit 0 (1 when stopping failed). A second signal is not caught.
 */
function stopOnSignals(running: RunningServer, cache: PersistentCacheStore | undefined): void {
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'signal', signal })}\n`);
    running
      .shutdown()
      .then(() => cache?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'shutdown-failed', error: (error as Error)?.message ?? String(error) })}\n`);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
