/**
 * The worker thread's entry: it builds one backend (transformers.js, or the module it is given)
 * with its own ONNX Runtime session, and answers `load` / `count` / `generate` messages one at a
 * time. Abort arrives through a shared flag read after every decoding step: ONNX Runtime keeps
 * this thread busy for the whole call, so a message would only be read once the batch is done.
 */
import { threadSide } from '../../platform/index.js';
import { createTransformersBackend } from '../transformers/backend.js';
import { serializeError } from '../../errors.js';
import { memoizePromise } from '../../util/memoize.js';
import type { BackendV1 } from '../spec.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

const thread = threadSide<ToWorker, FromWorker>();
const setup = thread.data as WorkerSetup;
const post = (message: FromWorker) => thread.send(message);

const backend = memoizePromise(async (): Promise<BackendV1> => {
  if (!setup.module) return createTransformersBackend(setup.settings);
  const mod = (await import(setup.module)) as { createBackend?: (settings: unknown) => BackendV1 | Promise<BackendV1> };
  if (typeof mod.createBackend !== 'function') throw new Error(`Module ${setup.module} does not export \`createBackend(settings)\`.`);
  return mod.createBackend(setup.settings);
});

// one message at a time: a call waits for the previous one (the pool sends one anyway)
let chain: Promise<void> = Promise.resolve();
thread.onMessage((message) => {
  chain = chain.then(() => handle(message));
});

async function handle(message: ToWorker): Promise<void> {
  try {
    if (message.type === 'dispose') {
      // ending the thread from inside, between calls: terminating it from outside while ONNX
      // Runtime loads or runs a model aborts the whole process
      if (backend.started()) await (await backend().catch(() => undefined))?.doDispose();
      return thread.exit(0);
    }
    const b = await backend();
    if (message.type === 'load') {
      post({ type: 'result', id: message.id, value: await b.doLoad({}) });
    } else if (message.type === 'count') {
      post({ type: 'result', id: message.id, value: await b.doCountTokens(message.texts) });
    } else {
      const flag = new Int32Array(message.abort);
      const controller = new AbortController();
      if (Atomics.load(flag, 0) === 1) controller.abort();
      const value = await b.doGenerate({
        ...message.options,
        signal: controller.signal,
        onStep: ({ step, activeRows }) => {
          if (message.steps) post({ type: 'step', id: message.id, step, activeRows });
          // the loop checks the signal before its next step
          if (Atomics.load(flag, 0) === 1) controller.abort();
        },
      });
      post({ type: 'result', id: message.id, value });
    }
  } catch (error) {
    post({ type: 'error', id: message.id, error: serializeError(error) });
  }
}
