/** `fr2en shortlist build`: a vocabulary shortlist for a model, from a French corpus. */
import { Command } from 'commander';
import { buildShortlist, DEFAULT_TRANSLATION_MODEL, SHORTLIST_DEFAULTS, type BuildShortlistOptions, type ShortlistBuildProgress } from '../../index.js';
import { dtypeOption, intOption, modelSourceOptions, modelsDirOption, offlineOption } from '../options.js';

/** The flags, named as the builder's options they set, plus the CLI's own. */
type BuildFlags = Pick<BuildShortlistOptions, 'model' | 'corpus' | 'out' | 'k' | 'frequent' | 'iterations' | 'beams' | 'batchSize' | 'checkpoint' | 'references'> & {
  dtype?: 'auto' | 'fp32' | 'q8';
  modelsDir?: string;
  offline?: boolean;
  quiet?: boolean;
};

/** One line per event on stderr (translation progress every 5 %). */
function progressLines(stream: NodeJS.WriteStream = process.stderr): (p: ShortlistBuildProgress) => void {
  let shown = -1;
  const started = Date.now();
  return (p) => {
    if (p.phase === 'translate') {
      const pct = Math.floor((100 * p.done) / p.total);
      if (pct < shown + 5 && p.done < p.total) return;
      shown = pct;
      const secs = ((Date.now() - started) / 1000).toFixed(0);
      stream.write(`translate ${p.done}/${p.total} lines (${pct} %, ${secs} s${p.resumed > 0 ? `, ${p.resumed} from the checkpoint` : ''})\n`);
    } else if (p.phase === 'align') stream.write(`align: IBM Model 1 iteration ${p.done}/${p.total}\n`);
    else stream.write(`write ${p.file}\n`);
  };
}

/** Adds the `shortlist` command group to `program`. */
export function registerShortlist(program: Command): void {
  const shortlist = program.command('shortlist').description('vocabulary shortlists: a faster output layer for a model');
  shortlist
    .command('build')
    .description('translate a French corpus with the model, align with IBM Model 1 and write a shortlist (resumable)')
    .requiredOption('--corpus <file>', 'French text, one sentence per line')
    .requiredOption('--out <file>', 'the shortlist to write (name it shortlist.bin in the model folder to use it by default)')
    .option('--model <id|dir>', 'Hugging Face model id or local folder', DEFAULT_TRANSLATION_MODEL)
    .addOption(dtypeOption())
    .addOption(modelsDirOption())
    .addOption(offlineOption())
    .option('--k <n>', `targets kept per source piece (default ${SHORTLIST_DEFAULTS.k})`, intOption('--k', 1))
    .option('--frequent <n>', `most frequent output pieces always allowed (default ${SHORTLIST_DEFAULTS.frequent})`, intOption('--frequent', 1))
    .option('--iterations <n>', `IBM Model 1 EM iterations (default ${SHORTLIST_DEFAULTS.iterations})`, intOption('--iterations', 1))
    .option('--beams <n>', `beams when translating the corpus (default ${SHORTLIST_DEFAULTS.beams}: greedy)`, intOption('--beams', 1))
    .option('--batch-size <n>', `lines per model call (default ${SHORTLIST_DEFAULTS.batchSize})`, intOption('--batch-size', 1))
    .option('--references <file>', "English translations of the corpus, line by line, aligned instead of the model's own (nothing is translated)")
    .option('--checkpoint <file>', 'where translations are saved as they are made (default <out>.progress.jsonl); a rerun continues from it')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<BuildFlags>();
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      try {
        const result = await buildShortlist({
          model: opts.model,
          corpus: opts.corpus,
          out: opts.out,
          ...(opts.dtype ? { dtype: opts.dtype } : {}),
          ...(opts.k ? { k: opts.k } : {}),
          ...(opts.frequent ? { frequent: opts.frequent } : {}),
          ...(opts.iterations ? { iterations: opts.iterations } : {}),
          ...(opts.beams ? { beams: opts.beams } : {}),
          ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
          ...(opts.checkpoint ? { checkpoint: opts.checkpoint } : {}),
          ...(opts.references ? { references: opts.references } : {}),
          ...modelSourceOptions(opts),
          signal: controller.signal,
          ...(opts.quiet ? {} : { onProgress: progressLines() }),
        });
        process.stdout.write(
          `wrote ${result.file}: ${result.sourcePieces} source pieces, ${result.entries} entries, from ${result.sentences} sentences` +
            `${result.skipped > 0 ? ` (${result.skipped} too long, left out)` : ''}\n`,
        );
      } finally {
        process.off('SIGINT', stop);
      }
    });
}
