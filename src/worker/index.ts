/**
 * `fr2en/worker`: fr2en's translator and summarizer in a Web Worker, behind the same async API.
 * The page uses {@link connectWorker} (this entry stays small: no model code); the worker runs
 * `fr2en/worker-host`, which serves fr2en's browser build.
 *
 * @packageDocumentation
 */
export { connectWorker } from './client.js';
export { deserializeError, serializeError, type SerializedError } from '../errors.js';
export type { WorkerClient, WorkerLike } from './client.js';
export { WORKER_KINDS, WORKER_METHODS } from './protocol.js';
export type { ClientMessage, HostMessage, WorkerKind, WorkerMethod } from './protocol.js';
