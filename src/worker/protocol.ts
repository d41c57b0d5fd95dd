/**
 * The messages between `fr2en/worker`'s client (page) and host (Web Worker), on fr2en's one
 * thread protocol (util/thread-protocol.ts). Everything in them is structured-clonable: options
 * without functions, signals or backends; errors serialised by errors.ts (cause chain included)
 * and rebuilt into fr2en's error classes on the page.
 */
import type { BrowserConfig } from '../browser.js';
import type { ProgressEvent } from '../progress.js';
import type { ThreadReply, ThreadRequest } from '../util/thread-protocol.js';

/** The kinds of instance a worker hosts. */
export const WORKER_KINDS = ['translator', 'summarizer'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/** The methods a client may call on a hosted instance. */
export const WORKER_METHODS = ['translate', 'translateStream', 'summarize', 'load', 'digest', 'segment'] as const;
export type WorkerMethod = (typeof WORKER_METHODS)[number];

/** Page → worker. */
export type ClientMessage = ThreadRequest<
  | { type: 'configure'; config: Omit<BrowserConfig, never> }
  | { type: 'create'; kind: WorkerKind; options: Record<string, unknown> }
  | { type: 'call'; instance: number | null; method: WorkerMethod; input: unknown; options: Record<string, unknown> }
  /** Cancels request `id`: its signal in the worker aborts with `reason`. */
  | { type: 'abort'; reason: string | undefined }
  | { type: 'dispose'; instance: number }
>;

/** Worker → page. `id` is the request answered. */
export type HostMessage =
  | { type: 'ready' }
  | { type: 'progress'; id: number; event: ProgressEvent }
  | { type: 'chunk'; id: number; value: unknown }
  | ThreadReply;
