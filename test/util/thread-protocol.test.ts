/**
 * The calling side's request bookkeeping shared by the worker-thread pool and the Web Worker
 * client: ids, reply routing, abort, and failing every open request when the worker ends.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, BackendError, InputError, ModelLoadError, serializeError } from '../../src/errors.js';
import { createPendingRequests } from '../../src/util/thread-protocol.js';

const rejection = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e);

describe('createPendingRequests', () => {
  it('gives each request its own id and routes each reply to its request, whatever the order', async () => {
    const pending = createPendingRequests<{ tag: string }>();
    const sent: number[] = [];
    const a = pending.open((id) => sent.push(id), { extra: { tag: 'a' } });
    const b = pending.open((id) => sent.push(id), { extra: { tag: 'b' } });
    expect(new Set(sent).size).toBe(2);
    expect(pending.extra(sent[1]!)).toEqual({ tag: 'b' });
    expect(pending.extras()).toEqual([{ tag: 'a' }, { tag: 'b' }]);
    expect(pending.settle({ type: 'result', id: sent[1]!, value: 'B' })).toBe(true);
    expect(pending.settle({ type: 'result', id: sent[0]!, value: 'A' })).toBe(true);
    expect(await Promise.all([a, b])).toEqual(['A', 'B']);
    expect(pending.settle({ type: 'result', id: sent[0]!, value: 'again' })).toBe(false);
    expect(pending.size).toBe(0);
  });

  it('rejects with the error the worker sent, rebuilt with its class and cause', async () => {
    const pending = createPendingRequests();
    let id = 0;
    const call = pending.open((i) => (id = i));
    const sent = new BackendError('outer', { cause: new ModelLoadError('inner', { model: 'm', file: 'f' }) });
    pending.settle({ type: 'error', id, error: JSON.parse(JSON.stringify(serializeError(sent))) });
    const error = await rejection(call);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).cause).toBeInstanceOf(ModelLoadError);
    expect((error as Error).cause).toMatchObject({ model: 'm', file: 'f', message: 'inner' });
  });

  it('lets the caller adjust a rebuilt error, with the request signal', async () => {
    const pending = createPendingRequests({ revive: (e) => new BackendError(`wrapped: ${e.message}`, { cause: e }) });
    let id = 0;
    const call = pending.open((i) => (id = i));
    pending.settle({ type: 'error', id, error: serializeError(new TypeError('plain')) });
    expect(await rejection(call)).toMatchObject({ code: 'BACKEND', message: 'wrapped: plain' });
  });

  it('on abort sends a cancel and rejects at once with AbortError keeping the reason', async () => {
    const cancelled: Array<[number, unknown]> = [];
    const pending = createPendingRequests({ cancel: (id, reason) => cancelled.push([id, reason]) });
    const controller = new AbortController();
    let id = 0;
    const call = pending.open((i) => (id = i), { signal: controller.signal });
    controller.abort('user');
    const error = await rejection(call);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe('user');
    expect(cancelled).toEqual([[id, 'user']]);
    expect(pending.settle({ type: 'result', id, value: 1 })).toBe(false); // a late reply is dropped
  });

  it('with awaitAbortedReply, keeps an aborted request open until the worker answers', async () => {
    const cancelled: number[] = [];
    const pending = createPendingRequests({ cancel: (id) => cancelled.push(id), awaitAbortedReply: true });
    const controller = new AbortController();
    let id = 0;
    let settled = false;
    const call = pending.open((i) => (id = i), { signal: controller.signal }).finally(() => (settled = true));
    controller.abort();
    await Promise.resolve();
    expect(cancelled).toEqual([id]);
    expect(settled).toBe(false);
    expect(pending.signal(id)?.aborted).toBe(true);
    pending.settle({ type: 'error', id, error: serializeError(new AbortError()) });
    expect(AbortError.isInstance(await rejection(call))).toBe(true);
  });

  it('does not send a request whose signal is already aborted', async () => {
    const pending = createPendingRequests();
    const sent: number[] = [];
    const error = await rejection(pending.open((id) => sent.push(id), { signal: AbortSignal.abort('early') }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(sent).toEqual([]);
  });

  it('rejects every open request with the given error when the worker ends, and reports busy/idle', async () => {
    const busy: boolean[] = [];
    const pending = createPendingRequests({ onBusy: (b) => busy.push(b) });
    const calls = [pending.open(() => undefined), pending.open(() => undefined)].map(rejection);
    const gone = new BackendError('the worker exited');
    pending.rejectAll(gone);
    for (const error of await Promise.all(calls)) expect(error).toBe(gone);
    expect(pending.size).toBe(0);
    expect(busy).toEqual([true, false]);
  });

  it('rejects a request whose send throws (e.g. an uncloneable payload) and forgets it', async () => {
    const pending = createPendingRequests();
    const error = await rejection(
      pending.open(() => {
        throw new InputError('cannot clone');
      }),
    );
    expect(error).toMatchObject({ code: 'INPUT', message: 'cannot clone' });
    expect(pending.size).toBe(0);
  });
});
