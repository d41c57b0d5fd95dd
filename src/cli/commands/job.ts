/** `fr2en job`: a queued document's status, result or error. */
import type { Command } from 'commander';
import { createJobClient, type JobReport } from '../../queue/index.js';
import { UsageError } from '../usage.js';
import { intOption } from '../options.js';
import { redisUrl } from './shared.js';

/** Registers `job` on `program`. */
export function registerJob(program: Command): void {
  program
    .command('job')
    .description('print { id, status, result?, error? } of a job (status: waiting, active, completed or failed)')
    .argument('<id>', 'job id printed by submit')
    .option('--redis <url>', 'Redis URL (FR2EN_REDIS_URL)')
    .option('--queue <name>', 'BullMQ queue name', 'fr2en')
    .option('--wait [ms]', 'wait until it is completed or failed (at most ms, default forever)', intOption('--wait', 1))
    .action(async (id: string, flags: { redis?: string; queue: string; wait?: number | true }) => {
      const client = createJobClient({ redis: redisUrl(flags.redis), queueName: flags.queue });
      try {
        const deadline = typeof flags.wait === 'number' ? Date.now() + flags.wait : Infinity;
        let report: JobReport | undefined;
        for (;;) {
          report = await client.get(id);
          if (!report || !flags.wait || report.status === 'completed' || report.status === 'failed' || Date.now() >= deadline) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        if (!report) throw new UsageError(`no job ${id} (unknown id, or its result expired)`);
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        if (report.status === 'failed') process.exitCode = 1;
      } finally {
        await client.close();
      }
    });
}
