/**
 * The instance core the translator and summarizer share, on a minimal hand-written backend:
 * one load for concurrent callers, a retry after a failed load, abort of a wait, dispose.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, DisposedError, type BackendV1 } from '../../src/index.js';
import { createInstanceCore, sharedInstance } from '../../src/instance/index.js';

function backend(failFirst = false): BackendV1 & { loads: number; disposed: number; release(): void } {
  let release = () => {};
  const b = {
    specificationVersion: 'v1' as const,
    provider: 'test',
    modelId: 'test/model',
    loads: 0,
    disposed: 0,
    release: () => release(),
    async doLoad() {
      b.loads++;
      await new Promise<void>((resolve) => (release = resolve));
      if (failFirst && b.loads === 1) throw new Error('load failed');
      return { maxInputTokens: 16, maxOutputTokens: 16 } as Awaited<ReturnType<BackendV1['doLoad']>>;
    },
    async doCountTokens(texts: readonly string[]) {
      return texts.map(() => 1);
    },
    async doGenerate(): Promise<never> {
      throw new Error('not used');
    },
    async doDispose() {
      b.disposed++;
    },
  };
  return b;
}

const setup = { kind: 'translator', task: 'translation', defaultModel: 'unused', inFlight: 1 } as const;

describe('instance core', () => {
  it('loads once for concurrent callers and reports the backend model id', async () => {
    const b = backend();
    const core = createInstanceCore({ backend: b }, setup);
    expect(core.modelName).toBe('test/model');
    const both = Promise.all([core.load(), core.load()]);
    await Promise.resolve();
    b.release();
    const [first, second] = await both;
    expect(first).toBe(second);
    expect(b.loads).toBe(1);
  });

  it('retries the load after a failure', async () => {
    const b = backend(true);
    const core = createInstanceCore({ backend: b }, setup);
    const first = core.load();
    await Promise.resolve();
    b.release();
    await expect(first).rejects.toThrow('load failed');
    const second = core.load();
    await Promise.resolve();
    b.release();
    await expect(second).resolves.toMatchObject({ maxInputTokens: 16 });
    expect(b.loads).toBe(2);
  });

  it("rejects a caller's wait with AbortError when its signal aborts", async () => {
    const b = backend();
    const core = createInstanceCore({ backend: b }, setup);
    const controller = new AbortController();
    const waiting = core.load({ signal: controller.signal });
    controller.abort();
    const error = await waiting.catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    b.release();
  });

  it('rejects with DisposedError naming the instance after dispose, and frees the backend', async () => {
    const b = backend();
    const core = createInstanceCore({ backend: b }, setup);
    await core.dispose();
    expect(b.disposed).toBe(1);
    const error = await core.load().catch((e: unknown) => e);
    expect(DisposedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('createTranslator()');
    expect(() => core.assertLive()).toThrow(/translator/);
  });
});

describe('sharedInstance', () => {
  it('creates the default instance on first use, once', () => {
    let made = 0;
    const get = sharedInstance(() => ({ n: ++made }));
    expect(made).toBe(0);
    expect(get()).toBe(get());
    expect(made).toBe(1);
  });
});
