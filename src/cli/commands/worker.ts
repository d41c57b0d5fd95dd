/** `fr2en worker`: takes documents from the BullMQ queue in Redis and translates them. */
import { type Command, Option } from 'commander';
import { readVariable } from '../../platform/env.js';
import { startWorker } from '../../queue/index.js';
import { cacheOption, noCacheOption, openCliCache } from '../cache.js';
import { intOption } from '../options.js';
import { defined, redisUrl } from './shared.js';

/** Registers `worker` on `program`. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('translate documents from the Redis queue (prints one JSON line per event); SIGTERM finishes the active job, then exits')
    .option('--redis <url>', 'Redis URL (FR2EN_REDIS_URL)')
    .option('--queue <name>', 'BullMQ queue name', 'fr2en')
    .option('--model <id|dir>', 'translation model (FR2EN_MODEL; default Xenova/opus-mt-fr-en)')
    .option('--models-dir <dir>', 'folder holding models as <org>/<name>/ (also FR2EN_MODELS_DIR)')
    .option('--offline', 'never download; use local models only')
    .addOption(new Option('--dtype <dtype>', 'weight type').choices(['auto', 'fp32', 'q8']))
    .option('--beams <n>', 'beams per sentence (1 = greedy, fastest)', intOption('--beams', 1))
    .option('--threads <n>', 'ONNX Runtime threads (default: half the cores)', intOption('--threads', 1))
    .option('--concurrency <n>', 'jobs worked on at once by this process', intOption('--concurrency', 1), 1)
    .option('--max-chars <n>', 'longest document; longer ones fail with code INPUT, no retry', intOption('--max-chars', 1))
    .option('--lock-duration <ms>', "a job's lock; a dead worker's job is retaken after about lock + stalled interval", intOption('--lock-duration', 100), 30_000)
    .option('--stalled-interval <ms>', 'how often to look for jobs of dead workers', intOption('--stalled-interval', 100), 30_000)
    .option('--out <dir>', 'also write each result as <dir>/<id>.json')
    .addOption(cacheOption())
    .addOption(noCacheOption())
    .action(
      async (flags: {
        redis?: string;
        queue: string;
        model?: string;
        modelsDir?: string;
        offline?: boolean;
        dtype?: 'auto' | 'fp32' | 'q8';
        beams?: number;
        threads?: number;
        concurrency: number;
        maxChars?: number;
        lockDuration: number;
        stalledInterval: number;
        out?: string;
        cache?: boolean;
      }) => {
        const model = flags.model ?? readVariable(process.env, 'FR2EN_MODEL');
        const cache = await openCliCache(flags.cache);
        const worker = startWorker({
          ...(cache ? { cache } : {}),
          redis: redisUrl(flags.redis),
          queueName: flags.queue,
          concurrency: flags.concurrency,
          lockDuration: flags.lockDuration,
          stalledInterval: flags.stalledInterval,
          ...defined({
            model,
            modelsDir: flags.modelsDir,
            allowRemote: flags.offline || readVariable(process.env, 'FR2EN_OFFLINE') ? false : undefined,
            dtype: flags.dtype,
            beams: flags.beams,
            threads: flags.threads,
            maxChars: flags.maxChars,
            outDir: flags.out,
          }),
          onEvent: (e) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), pid: process.pid, ...e })}\n`),
        });
        const stop = () => {
          worker.close().then(
            async () => {
              await cache?.close();
              process.exit(0);
            },
            () => process.exit(1),
          );
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        await worker.ready;
      },
    );
}
