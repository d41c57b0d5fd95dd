/** `fr2en submit`: queues documents for `fr2en worker`. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { INPUT_FORMATS, type InputFormat } from '../../index.js';
import { createJobClient } from '../../queue/index.js';
import { readDocument } from '../input.js';
import { intOption } from '../options.js';
import { UsageError } from '../usage.js';
import { redisUrl } from './shared.js';

/** Registers `submit` on `program`. */
export function registerSubmit(program: Command): void {
  program
    .command('submit')
    .description('queue documents for the workers; prints one JSON line { id, file } per document (same document = same id: translated once)')
    .argument('<inputs...>', 'text or HTML files, or - for stdin')
    .option('--redis <url>', 'Redis URL (FR2EN_REDIS_URL)')
    .option('--queue <name>', 'BullMQ queue name', 'fr2en')
    .option('--id <id>', 'job id of the single document (default: a hash of its content)')
    .addOption(new Option('--input-format <format>', 'what the inputs are (auto: by file extension, else by content)').choices(INPUT_FORMATS))
    .option('--attempts <n>', 'tries before a job lands in the failed set', intOption('--attempts', 1), 3)
    .option('--backoff <ms>', 'first retry delay, doubled each try', intOption('--backoff', 0), 1000)
    .option('--result-ttl <s>', 'seconds results (and errors) are kept', intOption('--result-ttl', 1), 604_800)
    .action(
      async (
        inputs: string[],
        flags: { redis?: string; queue: string; id?: string; inputFormat?: InputFormat; attempts: number; backoff: number; resultTtl: number },
      ) => {
        if (flags.id !== undefined && inputs.length !== 1) throw new InvalidArgumentError('--id needs exactly one input.');
        const client = createJobClient({
          redis: redisUrl(flags.redis),
          queueName: flags.queue,
          attempts: flags.attempts,
          backoffMs: flags.backoff,
          resultTtl: flags.resultTtl,
        });
        try {
          for (const input of inputs) {
            const doc = readDocument(input, flags.inputFormat);
            // jobs are JSON: a binary document (.docx) travels in base64, its translation comes back so
            const [done] = await client.submit([
              {
                ...(typeof doc.content === 'string' ? { text: doc.content } : { base64: Buffer.from(doc.content).toString('base64') }),
                file: input,
                inputFormat: doc.format,
                ...(flags.id !== undefined ? { id: flags.id } : {}),
              },
            ]);
            process.stdout.write(`${JSON.stringify({ id: done!.id, file: input, ...(done!.duplicate ? { duplicate: true } : {}) })}\n`);
          }
        } finally {
          await client.close();
        }
      },
    );
}
