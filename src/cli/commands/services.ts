/** `registerServiceCommands` adds the server and queue commands (serve, worker, submit, job), one file each. */
import type { Command } from 'commander';
import { registerJob } from './job.js';
import { registerServe } from './serve.js';
import { registerSubmit } from './submit.js';
import { registerWorker } from './worker.js';

export { registerJob, registerServe, registerSubmit, registerWorker };

/** Registers the server and queue commands on `program`. */
export function registerServiceCommands(program: Command): void {
  registerServe(program);
  registerWorker(program);
  registerSubmit(program);
  registerJob(program);
}
