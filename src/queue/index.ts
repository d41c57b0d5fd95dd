/** fr2en's BullMQ job queue: producers submit documents, workers translate them. */
export { createJobClient } from './client.js';
export type { JobClient, JobClientOptions, Submitted } from './client.js';
export { startWorker } from './worker.js';
export type { RunningWorker, WorkerEvent, WorkerOptions } from './worker.js';
export { DEFAULT_QUEUE, JOB_STATUSES, translationJson } from './jobs.js';
export type { JobDocument, JobError, JobReport, JobStatus, TranslationJson } from './jobs.js';
