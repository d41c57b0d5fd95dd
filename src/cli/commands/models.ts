/** `fr2en models pull`: local copies of the default models for offline use. */
import { Option, type Command } from 'commander';
import { pullModels } from '../../index.js';
import { terminalProgress } from '../progress.js';

/** Weight types `models pull` fetches (`auto` is a loading choice, not files). */
const PULL_DTYPES = ['fp32', 'q8'] as const;

export function registerModels(program: Command): void {
  const models = program.command('models').description('manage local copies of the default models');
  models
    .command('pull')
    .description('download the default models into a folder, for offline use')
    .addOption(new Option('--dtype <dtype...>', 'weight types to fetch (default: what dtype auto loads: q8 for translation, fp32 for summaries)').choices(PULL_DTYPES))
    .option('--dir <dir>', 'destination folder', 'models')
    .option('--hub <url>', 'hub address (also FR2EN_HUB_URL)')
    .option('--force', 'download files again even when present')
    .action(async (opts: { dtype?: Array<(typeof PULL_DTYPES)[number]>; dir: string; hub?: string; force?: boolean }) => {
      const onProgress = terminalProgress();
      const files = await pullModels({
        dir: opts.dir,
        ...(opts.dtype ? { dtypes: opts.dtype } : {}),
        ...(opts.hub ? { hub: opts.hub } : {}),
        ...(opts.force ? { force: true } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      onProgress?.({ type: 'done', ms: 0 });
      for (const f of files) process.stdout.write(`${f.skipped ? 'have' : 'got '} ${f.model}/${f.file} (${f.bytes} bytes)\n`);
    });
}
