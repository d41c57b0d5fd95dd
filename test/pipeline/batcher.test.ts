/**
 * The cross-call batcher: calls waiting for a busy model share batches (same settings only,
 * rows of similar length together, within the leader's limits), each call gets its own outputs
 * in its own order, an abort or a failure stays with its own call.
 */
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { AbortError, type BackendGenerateOptions } from '../../src/index.js';
import { createBatcher, type BatchedCall } from '../../src/pipeline/batcher.js';
import { createFakeBackend } from '../../src/testing/index.js';

/** A fake backend whose model calls wait for `open()` (the first call blocks the model, others pile up). */
function gatedBackend(options: Parameters<typeof createFakeBackend>[0] = {}) {
  const fake = createFakeBackend(options);
  let open!: () => void;
  let enter!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  /** Resolves once the first model call is running (held at the gate). */
  const entered = new Promise<void>((resolve) => (enter = resolve));
  const backend = {
    ...fake,
    doGenerate: async (o: BackendGenerateOptions) => {
      enter();
      await gate;
      return fake.doGenerate(o);
    },
  };
  return { backend, fake, open, entered };
}

const call = (inputs: string[], extra: Partial<BackendGenerateOptions> = {}, limits = { batchSize: 8, maxBatchTokens: 2048 }): BatchedCall => ({
  options: { inputs, maxNewTokens: inputs.map(() => 50), ...extra },
  tokens: inputs.map((s) => s.split(' ').length + 1),
  limits,
});
const texts = (r: { outputs: { text: string }[] } | undefined) => r?.outputs.map((o) => o.text);

describe('createBatcher', () => {
  it('runs calls that wait for a busy model in one batch, each getting its own outputs in order', async () => {
    const { backend, fake, open, entered } = gatedBackend();
    const batcher = createBatcher(backend, pLimit(1), 0);
    const first = batcher.generate(call(['un']));
    await entered;
    const rest = Array.from({ length: 6 }, (_, i) => batcher.generate(call([`phrase ${i} a`, `phrase ${i} b`].slice(0, 1 + (i % 2)))));
    open();
    expect(texts(await first)).toEqual(['UN']);
    const results = await Promise.all(rest);
    expect(results.map(texts)).toEqual(Array.from({ length: 6 }, (_, i) => [`PHRASE ${i} A`, `PHRASE ${i} B`].slice(0, 1 + (i % 2))));
    expect(fake.calls.map((c) => c.inputs.length)).toEqual([1, 8, 1]); // 9 rows waiting, 8 a batch
  });

  it('never mixes calls whose decoding settings differ', async () => {
    const { backend, fake, open, entered } = gatedBackend();
    const batcher = createBatcher(backend, pLimit(1), 0);
    const blocker = batcher.generate(call(['zéro']));
    await entered;
    const all = [
      blocker,
      batcher.generate(call(['un'], { beams: 2 })),
      batcher.generate(call(['deux'])),
      batcher.generate(call(['trois'], { beams: 2 })),
      batcher.generate(call(['quatre'], { beams: 2, lengthPenalty: 0.5 })),
    ];
    open();
    await Promise.all(all);
    const batches = fake.calls.map((c) => ({ inputs: [...c.inputs].sort(), beams: c.beams, lengthPenalty: c.lengthPenalty }));
    expect(batches).toEqual([
      { inputs: ['zéro'], beams: undefined, lengthPenalty: undefined },
      { inputs: ['trois', 'un'], beams: 2, lengthPenalty: undefined },
      { inputs: ['deux'], beams: undefined, lengthPenalty: undefined },
      { inputs: ['quatre'], beams: 2, lengthPenalty: 0.5 },
    ]);
  });

  it('keeps each row’s own budgets', async () => {
    const { backend, fake, open, entered } = gatedBackend();
    const batcher = createBatcher(backend, pLimit(1), 0);
    const blocker = batcher.generate(call(['x']));
    await entered;
    const a = batcher.generate({ ...call(['un deux trois']), options: { inputs: ['un deux trois'], maxNewTokens: [2] } });
    const b = batcher.generate({ ...call(['quatre']), options: { inputs: ['quatre'], maxNewTokens: [10], minNewTokens: [3] } });
    open();
    await blocker;
    expect((await a)!.outputs).toEqual([expect.objectContaining({ text: 'UN DEUX', finished: false })]);
    expect((await b)!.outputs).toEqual([expect.objectContaining({ text: 'QUATRE + +', finished: true })]);
    expect(fake.calls[1]).toMatchObject({ maxNewTokens: [2, 10], minNewTokens: [0, 3] });
  });

  it('fills a batch up to the leader’s batchSize and maxBatchTokens, with the closest lengths', async () => {
    const { backend, fake, open, entered } = gatedBackend();
    const batcher = createBatcher(backend, pLimit(1), 0);
    const limits = { batchSize: 3, maxBatchTokens: 40 };
    const blocker = batcher.generate(call(['x'], {}, limits));
    await entered;
    const short = (i: number) => `court ${i}`; // 3 tokens
    const long = (i: number) => `${'long '.repeat(9)}${i}`; // 11 tokens
    const calls = [short(0), long(1), short(2), long(3), short(4), long(5)].map((s) => batcher.generate(call([s], {}, limits)));
    open();
    await blocker;
    await Promise.all(calls);
    for (const c of fake.calls.slice(1)) {
      const lengths = c.inputs.map((s) => s.split(' ').length + 1);
      expect(c.inputs.length).toBeLessThanOrEqual(3);
      expect(c.inputs.length * Math.max(...lengths)).toBeLessThanOrEqual(40);
      expect(new Set(lengths).size).toBe(1); // short with short, long with long
    }
    expect(fake.calls.slice(1).flatMap((c) => c.inputs).sort()).toEqual([short(0), long(1), short(2), long(3), short(4), long(5)].sort());
  });

  it('decodes a row once for every waiting call that asks for the same output, without taking room in the batch', async () => {
    const { backend, fake, open, entered } = gatedBackend();
    const batcher = createBatcher(backend, pLimit(1), 0);
    const limits = { batchSize: 2, maxBatchTokens: 2048 };
    const blocker = batcher.generate(call(['x'], {}, limits));
    await entered;
    const same = Array.from({ length: 4 }, () => batcher.generate(call(['le même'], {}, limits)));
    const other = batcher.generate(call(['un autre'], {}, limits));
    const shorter = batcher.generate({ ...call(['le même'], {}, limits), options: { inputs: ['le même'], maxNewTokens: [1] } });
    open();
    await blocker;
    expect((await Promise.all(same)).map(texts)).toEqual(Array.from({ length: 4 }, () => ['LE MÊME']));
    expect(texts(await other)).toEqual(['UN AUTRE']);
    expect(texts(await shorter)).toEqual(['LE']); // another budget is another output
    expect(fake.calls.slice(1).map((c) => c.inputs)).toEqual([['le même', 'un autre'], ['le même']]);
  });

  it('a shared row still reaches the calls that wait for it when the call it came from is aborted', async () => {
    const { backend, open, entered } = gatedBackend();
    const batcher = createBatcher(backend, pLimit(1), 0);
    const blocker = batcher.generate(call(['x']));
    await entered;
    const controller = new AbortController();
    const first = batcher.generate(call(['partagé'], { signal: controller.signal })).catch((e: unknown) => e);
    const second = batcher.generate(call(['partagé']));
    open();
    await Promise.resolve();
    controller.abort();
    await blocker;
    expect(AbortError.isInstance(await first)).toBe(true);
    expect(texts(await second)).toEqual(['PARTAGÉ']);
  });

  it('rejects an aborted call with AbortError while its batch goes on for the others', async () => {
    const { backend, fake, open, entered } = gatedBackend();
    const batcher = createBatcher(backend, pLimit(1), 0);
    const blocker = batcher.generate(call(['x']));
    await entered;
    const controller = new AbortController();
    const aborted = batcher.generate(call(['annulé'], { signal: controller.signal })).catch((e: unknown) => e);
    const kept = batcher.generate(call(['gardé']));
    controller.abort();
    open();
    await blocker;
    expect(AbortError.isInstance(await aborted)).toBe(true);
    expect(texts(await kept)).toEqual(['GARDÉ']);
    expect(fake.calls.flatMap((c) => c.inputs)).not.toContain('annulé');
  });

  it('stops a running batch once every call in it is aborted', async () => {
    const fake = createFakeBackend();
    const seen: AbortSignal[] = [];
    let enter!: () => void;
    const entered = new Promise<void>((resolve) => (enter = resolve));
    const backend = {
      ...fake,
      doGenerate: (o: BackendGenerateOptions) => {
        seen.push(o.signal!);
        enter();
        return fake.doGenerate(o);
      },
    };
    const batcher = createBatcher(backend, pLimit(1), 0);
    const controllers = [new AbortController(), new AbortController()];
    // both calls are waiting when the limiter first runs: they share the batch
    const calls = controllers.map((c, i) => batcher.generate(call([`phrase ${'très '.repeat(40)}${i}`], { signal: c.signal })).catch((e: unknown) => e));
    await entered;
    expect(fake.calls[0]!.inputs).toHaveLength(2);
    controllers[0]!.abort();
    expect(seen.at(-1)?.aborted).toBe(false);
    controllers[1]!.abort();
    expect(seen.at(-1)?.aborted).toBe(true);
    for (const p of calls) expect(AbortError.isInstance(await p)).toBe(true);
  });

  it('a row the backend refuses fails its own call only', async () => {
    const { backend, open, entered } = gatedBackend({ maxInputTokens: 5 });
    const batcher = createBatcher(backend, pLimit(1), 0);
    const blocker = batcher.generate(call(['x']));
    await entered;
    const bad = batcher.generate(call(['un deux trois quatre cinq six sept']));
    const good = batcher.generate(call(['bonjour']));
    open();
    await blocker;
    expect(await bad.catch((e: Error) => e.name)).toBe('BackendError');
    expect(texts(await good)).toEqual(['BONJOUR']);
  });

  it('drops a call whose caller stopped before it ran, without a model call', async () => {
    const { backend, fake, open, entered } = gatedBackend();
    const batcher = createBatcher(backend, pLimit(1), 0);
    const blocker = batcher.generate(call(['x']));
    await entered;
    let stopped = false;
    const dropped = batcher.generate({ ...call(['inutile']), stopped: () => stopped });
    stopped = true;
    open();
    await blocker;
    expect(await dropped).toBeUndefined();
    expect(fake.calls.flatMap((c) => c.inputs)).toEqual(['x']);
  });

  it('with a window, an idle model waits for calls made just after the first', async () => {
    const fake = createFakeBackend();
    const batcher = createBatcher(fake, pLimit(1), 20);
    const first = batcher.generate(call(['un']));
    await Promise.resolve();
    const second = batcher.generate(call(['deux']));
    expect([texts(await first), texts(await second)]).toEqual([['UN'], ['DEUX']]);
    expect(fake.calls.map((c) => c.inputs)).toEqual([['un', 'deux']]);
  });
});
