/** The producer side of the queue: submit documents, read a job's status. */
import { Queue } from 'bullmq';
import { DEFAULT_QUEUE, errorOf, jobOf, statusOf, type JobData, type JobDocument, type JobReport, type TranslationJson } from './jobs.js';

/** Options of {@link createJobClient}. */
export interface JobClientOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  redis: string;
  /** Queue name. @default 'fr2en' */
  queueName?: string;
  /** Tries per job before it lands in the failed set. @default 3 */
  attempts?: number;
  /** First retry delay in ms; it doubles each try (exponential backoff). @default 1000 */
  backoffMs?: number;
  /**
   * Seconds a finished job (its result or error) is kept. Re-submitting the same id within it
   * returns the stored job instead of translating again.
   * @default 604_800 (7 days)
   */
  resultTtl?: number;
}

/** One submitted document. */
export interface Submitted {
  id: string;
  file?: string;
  /** True when a job with this id already existed (nothing new was queued). */
  duplicate: boolean;
}

/** Submits documents and reads jobs. */
export interface JobClient {
  /** Queues documents (idempotent per job id). */
  submit(docs: readonly JobDocument[]): Promise<Submitted[]>;
  /** A job's status, result or error; `undefined` for an unknown (or expired) id. */
  get(id: string): Promise<JobReport | undefined>;
  /** Jobs waiting, active, completed and failed. */
  counts(): Promise<Record<string, number>>;
  /** Closes the Redis connection. */
  close(): Promise<void>;
}

/** Connects to the queue in Redis. */
export function createJobClient(options: JobClientOptions): JobClient {
  const ttl = options.resultTtl ?? 604_800;
  const queue = new Queue<JobData, TranslationJson>(options.queueName ?? DEFAULT_QUEUE, {
    connection: { url: options.redis },
    defaultJobOptions: {
      attempts: options.attempts ?? 3,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
      removeOnComplete: { age: ttl },
      removeOnFail: { age: ttl },
    },
  });
  return {
    async submit(docs) {
      const out: Submitted[] = [];
      for (const doc of docs) {
        const { id, data } = jobOf(doc);
        const existing = await queue.getJob(id);
        if (!existing) await queue.add('translate', data, { jobId: id });
        out.push({ id, ...(data.file !== undefined ? { file: data.file } : {}), duplicate: existing !== undefined });
      }
      return out;
    },
    async get(id) {
      let job = await queue.getJob(id);
      if (!job) return undefined;
      const status = statusOf(await job.getState());
      // the job read above may predate its completion (state and return value are read apart):
      // a finished job is read again so that its result or error is the one of that state
      if (status === 'completed' || status === 'failed') job = (await queue.getJob(id)) ?? job;
      return {
        id,
        status,
        ...(job.data.file !== undefined ? { file: job.data.file } : {}),
        ...(status === 'completed' ? { result: job.returnvalue } : {}),
        ...(status === 'failed' ? { error: errorOf(job.failedReason) } : {}),
        attempts: job.attemptsMade,
      };
    },
    async counts() {
      return queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
    },
    close: () => queue.close(),
  };
}
