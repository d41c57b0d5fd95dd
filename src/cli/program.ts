/**
 * The `fr2en` command tree and its runner. Argument parsing and printing only: the work is the
 * public API's. Exit codes: 0 ok, 1 failure, 2 bad usage or bad input.
 */
import { Command, CommanderError } from 'commander';
import { Fr2enError, InputError, VERSION } from '../index.js';
import { registerCache } from './commands/cache.js';
import { registerCheck } from './commands/check.js';
import { registerDigest } from './commands/digest.js';
import { registerJob } from './commands/job.js';
import { registerModels } from './commands/models.js';
import { registerServe } from './commands/serve.js';
import { registerSubmit } from './commands/submit.js';
import { registerSegment } from './commands/segment.js';
import { registerShortlist } from './commands/shortlist.js';
import { registerSummarize } from './commands/summarize.js';
import { registerTranslate } from './commands/translate.js';
import { registerWorker } from './commands/worker.js';
import { readVariable } from '../platform/env.js';
import { UsageError } from './usage.js';
import { inCliTerms } from './advice.js';
import { cliGlobals } from './globals.js';
import { progressOption, quietOption, stopProgress } from './progress.js';

/** Builds the command tree; `run` parses and executes. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('fr2en')
    .description('On-device French → English translation and summarisation.')
    .version(VERSION)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    // flags every command shares
    .option('--cache-dir <dir>', "fr2en's model store (also FR2EN_CACHE_DIR; default ~/.cache/fr2en)")
    .addOption(progressOption())
    .addOption(quietOption())
    .hook('preAction', (_program, command) => {
      Object.assign(cliGlobals, command.optsWithGlobals<typeof cliGlobals>());
    });
  registerSegment(program);
  registerTranslate(program);
  registerSummarize(program);
  registerDigest(program);
  registerCheck(program);
  registerModels(program);
  registerCache(program);
  registerServe(program);
  registerWorker(program);
  registerSubmit(program);
  registerJob(program);
  registerShortlist(program);
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    // no command: the help, on stderr, and the usage exit code
    process.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    stopProgress(); // the bar ends (cursor shown) before the message
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed a one-line message
    }
    const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
    process.stderr.write(`fr2en: ${inCliTerms(message ?? '')}\n`); // advice in flags
    if (error instanceof UsageError || InputError.isInstance(error)) return 2;
    if (!Fr2enError.isInstance(error) && debugEnabled()) console.error(error);
    return 1;
  }
}

/**
 * `FR2EN_DEBUG` on: print the stack trace of an unexpected error. Read while reporting another
 * error, so a malformed value counts as off rather than hiding the error being reported.
 */
function debugEnabled(): boolean {
  try {
    return readVariable(process.env, 'FR2EN_DEBUG') ?? false;
  } catch {
    return false;
  }
}
