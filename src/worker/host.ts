/**
 * The Web Worker side of `fr2en/worker`: hosts translators and summarizers made with fr2en's
 * browser API and answers the client's typed messages. Abort requests abort the call's signal;
 * progress events and streamed sentences are posted as they happen.
 */
import { configure, createSummarizer, createTranslator, digest, segment, type Summarizer, type Translator } from '../browser.js';
import { serializeError } from '../errors.js';
import type { ClientMessage, HostMessage } from './protocol.js';

/** The part of a worker's global scope the host uses. */
export interface HostScope {
  postMessage(message: HostMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ClientMessage>) => void): void;
}

/**
 * Starts answering messages on `scope` (the worker's `self`). Posts `{ type: 'ready' }` first.
 * @example
 * // my-worker.ts
 * import { serveFr2en } from 'fr2en/worker';
 * serveFr2en(self);
 */
export function serveFr2en(scope: HostScope): void {
  const instances = new Map<number, { kind: 'translator'; value: Translator } | { kind: 'summarizer'; value: Summarizer }>();
  const calls = new Map<number, AbortController>();
  const post = (m: HostMessage) => scope.postMessage(m);

  async function call(m: Extract<ClientMessage, { type: 'call' }>, signal: AbortSignal): Promise<unknown> {
    const onProgress = (event: unknown) => post({ type: 'progress', id: m.id, event: event as never });
    const options = { ...m.options, signal, onProgress };
    if (m.method === 'segment') return segment(m.input as string);
    if (m.method === 'digest') return digest(m.input as string, options);
    const inst = m.instance === null ? undefined : instances.get(m.instance);
    if (!inst) throw new Error(`fr2en worker: no instance ${m.instance} (disposed?)`);
    if (m.method === 'load') return inst.value.load({ signal, onProgress });
    if (inst.kind === 'translator' && m.method === 'translate') return inst.value.translate(m.input as string, options);
    if (inst.kind === 'translator' && m.method === 'translateStream') {
      for await (const sentence of inst.value.translateStream(m.input as string, options)) post({ type: 'chunk', id: m.id, value: sentence });
      return undefined;
    }
    if (inst.kind === 'summarizer' && m.method === 'summarize') return inst.value.summarize(m.input as string, options);
    throw new Error(`fr2en worker: a ${inst.kind} has no method ${m.method}`);
  }

  scope.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'abort') {
      calls.get(m.id)?.abort(m.reason);
      return;
    }
    const controller = new AbortController();
    calls.set(m.id, controller);
    const run = async (): Promise<unknown> => {
      switch (m.type) {
        case 'configure':
          configure(m.config);
          return undefined;
        case 'create': {
          const value = m.kind === 'translator' ? createTranslator(m.options) : createSummarizer(m.options);
          instances.set(m.id, { kind: m.kind, value } as never);
          return m.id;
        }
        case 'dispose': {
          const inst = instances.get(m.instance);
          instances.delete(m.instance);
          await inst?.value.dispose();
          return undefined;
        }
        case 'call':
          return call(m, controller.signal);
      }
    };
    run().then(
      (value) => post({ type: 'result', id: m.id, value }),
      (error: unknown) => post({ type: 'error', id: m.id, error: serializeError(error) }),
    ).finally(() => calls.delete(m.id));
  });
  post({ type: 'ready' });
}
