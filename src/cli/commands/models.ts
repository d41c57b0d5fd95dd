/**
 * `fr2en models pull|list|verify|rm|path`: the model store from the command line.
 */
import { Command, Option } from 'commander';
import { DEFAULT_SUMMARIZATION_MODEL, DEFAULT_TRANSLATION_MODEL, listModels, modelFolder, modelStoreDir, pullModels, removeModel, verifyModel } from '../../index.js';
import { progressFor, type ProgressMode } from '../progress.js';
import { UsageError } from '../usage.js';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Adds the `models` command group to `program`. */
export function registerModels(program: Command): void {
  const models = program.command('models').description("manage fr2en's model store (shared by every project on this machine)");
  addPull(models);
  addList(models);
  addVerify(models);
  addRm(models);
  addPath(models);
}

/** `fr2en models pull`: downloads models into the store ahead of time. */
function addPull(models: Command): void {
  models
    .command('pull')
    .description('download models into the store ahead of time (default: the translation and summarisation models)')
    .option('--model <id...>', `Hugging Face model ids (default: ${DEFAULT_TRANSLATION_MODEL} ${DEFAULT_SUMMARIZATION_MODEL})`)
    .addOption(new Option('--dtype <dtype...>', 'weight types to fetch (default: what --dtype auto loads: q8 for translation, fp32 for summaries)').choices(['fp32', 'q8']))
    .option('--hub <url>', 'hub address (also FR2EN_HUB_URL)')
    .option('--force', 'download files again even when present')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ model?: string[]; dtype?: Array<'fp32' | 'q8'>; cacheDir?: string; hub?: string; force?: boolean; progress?: ProgressMode; quiet?: boolean }>();
      const progress = progressFor(opts);
      try {
        const pulled = await pullModels({
          ...(opts.model ? { models: opts.model } : {}),
          ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
          ...(opts.dtype ? { dtypes: opts.dtype } : {}),
          ...(opts.hub ? { hub: opts.hub } : {}),
          ...(opts.force ? { force: true } : {}),
          ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
        });
        progress.stop();
        for (const p of pulled) {
          process.stdout.write(`${p.fetched.length > 0 ? 'pulled' : 'had   '} ${p.model} ${p.dtype} ${mb(p.bytes)} ${p.dir}\n`);
        }
      } finally {
        progress.stop();
      }
    });
}

/** `fr2en models list`: what the store holds. */
function addList(models: Command): void {
  models
    .command('list')
    .description('what the store holds: model, weight types complete, size on disk')
    .option('--json', 'print [{ id, dir, bytes, dtypes, partialBytes }]')
    .action((_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ cacheDir?: string; json?: boolean }>();
      const list = listModels(opts.cacheDir);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      process.stdout.write(`store: ${modelStoreDir(opts.cacheDir)}\n`);
      if (list.length === 0) process.stdout.write('(empty: `fr2en models pull` fills it)\n');
      for (const m of list) {
        const partial = m.partialBytes > 0 ? ` (${mb(m.partialBytes)} partial download, resumed on next use)` : '';
        process.stdout.write(`${m.id}  ${m.dtypes.length > 0 ? m.dtypes.join(',') : 'incomplete'}  ${mb(m.bytes)}${partial}\n`);
      }
    });
}

/** `fr2en models verify`: re-checks stored files, removing bad ones. */
function addVerify(models: Command): void {
  models
    .command('verify')
    .description('re-check sizes and sha256 of stored files; bad files are removed (the next use fetches them again)')
    .argument('[id...]', 'model ids (default: every stored model)')
    .action(async (ids: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ cacheDir?: string }>();
      const targets = ids.length > 0 ? ids : listModels(opts.cacheDir).map((m) => m.id);
      let bad = 0;
      for (const id of targets) {
        const files = await verifyModel(id, opts.cacheDir ? { cacheDir: opts.cacheDir } : {});
        for (const f of files.filter((x) => !x.ok)) {
          bad++;
          process.stdout.write(`bad  ${id}/${f.file}: ${f.problem} (removed; fetched again on next use or \`fr2en models pull --model ${id}\`)\n`);
        }
        process.stdout.write(`${files.every((f) => f.ok) ? 'ok  ' : 'fixed'} ${id} (${files.length} files checked)\n`);
      }
      if (bad > 0) process.exitCode = 1;
    });
}

/** `fr2en models rm`: removes models from the store. */
function addRm(models: Command): void {
  models
    .command('rm')
    .description('remove a model from the store')
    .argument('<id...>', 'model ids')
    .action(async (ids: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ cacheDir?: string }>();
      for (const id of ids) {
        if (!(await removeModel(id, opts.cacheDir ? { cacheDir: opts.cacheDir } : {}))) throw new UsageError(`${id} is not in the store ${modelStoreDir(opts.cacheDir)}`);
        process.stdout.write(`removed ${id}\n`);
      }
    });
}

/** `fr2en models path`: prints a model's folder in the store, or the store's. */
function addPath(models: Command): void {
  models
    .command('path')
    .description("print the folder of a model in the store (or the store's own folder)")
    .argument('[id]', 'model id')
    .action((id: string | undefined, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ cacheDir?: string }>();
      process.stdout.write(`${id ? modelFolder(id, opts.cacheDir) : modelStoreDir(opts.cacheDir)}\n`);
    });
}
