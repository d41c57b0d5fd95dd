/**
 * The messages between `fr2en/worker`'s client (page) and host (Web Worker). Everything in
 * them is structured-clonable: options without functions, signals or backends; errors as
 * plain records rebuilt into fr2en's error classes on the page.
 */
import type { BrowserConfig } from '../browser.js';
import type { Fr2enErrorCode } from '../errors.js';
import type { ProgressEvent } from '../progress.js';

/** The kinds of instance a worker hosts. */
export const WORKER_KINDS = ['translator', 'summarizer'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/** The methods a client may call on a hosted instance. */
export const WORKER_METHODS = ['translate', 'translateStream', 'summarize', 'load', 'digest', 'segment'] as const;
export type WorkerMethod = (typeof WORKER_METHODS)[number];

/** Page → worker. */
export type ClientMessage =
  | { type: 'configure'; id: number; config: Omit<BrowserConfig, never> }
  | { type: 'create'; id: number; kind: WorkerKind; options: Record<string, unknown> }
  | { type: 'call'; id: number; instance: number | null; method: WorkerMethod; input: unknown; options: Record<string, unknown> }
  | { type: 'abort'; id: number; reason: string | undefined }
  | { type: 'dispose'; id: number; instance: number };

/** An error as it crosses the boundary. */
export interface WireError {
  name: string;
  message: string;
  code?: Fr2enErrorCode;
  option?: string;
  model?: string;
  file?: string;
  searched?: string[];
}

/** Worker → page. `id` is the request answered. */
export type HostMessage =
  | { type: 'ready' }
  | { type: 'progress'; id: number; event: ProgressEvent }
  | { type: 'chunk'; id: number; value: unknown }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: WireError };
