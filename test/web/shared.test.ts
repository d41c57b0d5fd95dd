/**
 * fr2en/web's shared machinery, in Node (EventTarget, DOMException, ReadableStream and
 * AbortSignal.any are Node globals): downloadprogress semantics, quota errors, destruction, streams.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  aggregatedResult,
  canonicalTag,
  createModelObject,
  CreateMonitor,
  deltaStream,
  Destruction,
  downloadReporter,
  measuredUsage,
  nextTask,
  nothingToProcess,
  quotaError,
  transientActivation,
  type Availability,
  type CreateSteps,
} from '../../src/web/shared.js';

function collect(monitor: CreateMonitor): { loaded: number; total: number }[] {
  const seen: { loaded: number; total: number }[] = [];
  monitor.addEventListener('downloadprogress', (e) => seen.push({ loaded: (e as unknown as { loaded: number }).loaded, total: (e as unknown as { total: number }).total }));
  return seen;
}

async function read(stream: ReadableStream<string>): Promise<string[]> {
  const out: string[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

describe('downloadprogress', () => {
  it('fires 0 then 1 with total 1 even when nothing downloads', () => {
    const monitor = new CreateMonitor();
    const seen = collect(monitor);
    const r = downloadReporter(monitor, undefined);
    r.start();
    r.finish();
    expect(seen).toEqual([{ loaded: 0, total: 1 }, { loaded: 1, total: 1 }]);
  });

  it('reports byte fractions over every file, rounded down to 1/65536, never 1 before initialisation, and nothing after an abort', () => {
    const monitor = new CreateMonitor();
    const seen = collect(monitor);
    const controller = new AbortController();
    let now = 1000;
    const r = downloadReporter(monitor, controller.signal, () => now);
    r.start();
    now += 10;
    r.file('a', 1, 4); // under 50 ms after the last event: skipped
    now += 60;
    r.file('a', 1, 3);
    r.file('b', 0, 3); // the fraction drops (a new file): never reported backwards
    now += 60;
    r.file('a', 3, 3); // 3 of 6 bytes
    r.file('b', 3, 3); // complete, but 1 is kept for finish()
    expect(seen.map((e) => e.loaded)).toEqual([0, Math.floor((1 / 3) * 65536) / 65536, 0.5]);
    controller.abort();
    r.finish();
    expect(seen).toHaveLength(3);
  });

  it('calls the ondownloadprogress attribute handler', () => {
    const monitor = new CreateMonitor();
    const loaded: number[] = [];
    monitor.ondownloadprogress = (e) => loaded.push((e as unknown as { loaded: number }).loaded);
    const r = downloadReporter(monitor, undefined);
    r.start();
    r.finish();
    expect(loaded).toEqual([0, 1]);
  });
});

describe('errors and tags', () => {
  it('makes a QuotaExceededError with requested and quota', () => {
    const e = quotaError(26, 10) as DOMException & { requested: number; quota: number };
    expect(e.name).toBe('QuotaExceededError');
    expect([e.requested, e.quota]).toEqual([26, 10]);
    expect(e).toBeInstanceOf(DOMException);
  });

  it('canonicalises tags and throws RangeError for an invalid one', () => {
    expect(canonicalTag('fr-fr')).toBe('fr-FR');
    expect(() => canonicalTag('not a tag!')).toThrow(RangeError);
  });
});

describe('destruction and streams', () => {
  it('combines a call signal with destruction: destroy() aborts with an AbortError DOMException', () => {
    const d = new Destruction();
    const call = new AbortController();
    const signal = d.signal(call.signal);
    d.destroy();
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('AbortError');
  });

  it('streams deltas on demand, and errors with the abort reason between reads', async () => {
    expect(await read(deltaStream(async function* () { yield 'a'; yield ' b'; }, new AbortController().signal))).toEqual(['a', ' b']);
    const controller = new AbortController();
    const reason = new Error('why');
    const stream = deltaStream(async function* () {
      yield 'first';
      yield 'second';
    }, controller.signal);
    const reader = stream.getReader();
    expect((await reader.read()).value).toBe('first');
    controller.abort(reason);
    await expect(reader.read()).rejects.toBe(reason);
  });

  it('maps a failure to UnknownError and stops silently on cancel()', async () => {
    const failing = deltaStream(async function* () {
      yield* [];
      throw new Error('model broke');
    }, new AbortController().signal);
    await expect(read(failing)).rejects.toMatchObject({ name: 'UnknownError', message: 'model broke' });
    let produced = 0;
    const endless = deltaStream(async function* () {
      for (;;) {
        produced++;
        yield 'x';
      }
    }, new AbortController().signal);
    const reader = endless.getReader();
    await reader.read();
    await reader.cancel();
    expect(produced).toBe(1);
  });
});

describe('task ordering', () => {
  it('nextTask resolves after the microtasks queued before and after it', async () => {
    const order: string[] = [];
    const task = nextTask().then(() => order.push('task'));
    void Promise.resolve().then(() => order.push('microtask'));
    await task;
    expect(order).toEqual(['microtask', 'task']);
  });

  it('measuredUsage rejects with the destroy reason when destroy() follows the call, and answers otherwise', async () => {
    const d = new Destruction();
    const pending = measuredUsage(d.signal(undefined), () => 5);
    d.destroy();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(await measuredUsage(new Destruction().signal(undefined), () => 5)).toBe(5);
  });

  it('aggregatedResult rejects with the abort reason when the abort follows the call, even if the chunks were all produced', async () => {
    const controller = new AbortController();
    const reason = new Error('late abort');
    let produced = false;
    const pending = aggregatedResult(controller.signal, async function* () {
      produced = true;
      yield 'all of it';
    });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(produced).toBe(true);
    expect(await aggregatedResult(new AbortController().signal, async function* () { yield 'a'; yield 'b'; })).toBe('ab');
  });

  it('aggregatedResult rejects at once when the signal is already aborted, without producing', async () => {
    let produced = false;
    const reason = new Error('before');
    await expect(aggregatedResult(AbortSignal.abort(reason), async function* () { produced = true; yield 'x'; })).rejects.toBe(reason);
    expect(produced).toBe(false);
  });
});

describe('nothing to process', () => {
  it('is true for empty, white space and every C0 control character alone, false once a word is there', () => {
    for (let c = 0; c < 0x20; c++) expect(nothingToProcess(String.fromCharCode(c)), `U+${c.toString(16)}`).toBe(true);
    for (const s of ['', ' ', '     ', ' \r\n\t\f', '\u007f', '\u0085', '\u200b\ufeff', '\u00a0\u3000']) expect(nothingToProcess(s)).toBe(true);
    for (const s of ['Bonjour', ' \u0000 monde', '.', '1']) expect(nothingToProcess(s)).toBe(false);
  });
});

describe('createModelObject (the specs\' "create an AI model object")', () => {
  afterEach(() => vi.unstubAllGlobals());

  class Model {
    readonly destruction = new Destruction();
  }

  function steps(overrides: Partial<CreateSteps<Model>> & { availability?: () => Promise<Availability> } = {}): CreateSteps<Model> & { loads: number } {
    const s = {
      loads: 0,
      signal: undefined,
      monitor: undefined,
      availability: async () => 'available' as Availability,
      unsupported: 'not this pair',
      requireActivation: true,
      load: async () => {
        s.loads++;
      },
      make: () => new Model(),
      destroy: (m: Model, reason: unknown) => m.destruction.destroy(reason),
      ...overrides,
    };
    return s;
  }

  const activation = (isActive: boolean) => vi.stubGlobal('navigator', { userActivation: { isActive } });

  it('rejects unavailable options with NotSupportedError before the activation check and without loading', async () => {
    activation(false);
    const s = steps({ availability: async () => 'unavailable' });
    await expect(createModelObject(s)).rejects.toMatchObject({ name: 'NotSupportedError', message: 'not this pair' });
    expect(s.loads).toBe(0);
  });

  it('needs transient activation for downloadable and downloading options, not for available ones', async () => {
    activation(false);
    for (const availability of ['downloadable', 'downloading'] as const) {
      const s = steps({ availability: async () => availability });
      await expect(createModelObject(s)).rejects.toMatchObject({ name: 'NotAllowedError' });
      expect(s.loads).toBe(0);
    }
    expect(await createModelObject(steps())).toBeInstanceOf(Model);
    activation(true);
    expect(await createModelObject(steps({ availability: async () => 'downloadable' }))).toBeInstanceOf(Model);
  });

  it('reads the activation at the call: one that ends while the availability is computed still counts', async () => {
    const ua = { isActive: true };
    vi.stubGlobal('navigator', { userActivation: ua });
    const created = createModelObject(
      steps({
        availability: async () => {
          ua.isActive = false;
          return 'downloadable';
        },
      }),
    );
    expect(await created).toBeInstanceOf(Model);
  });

  it('rejects without navigator.userActivation (a worker) unless the requirement is turned off', async () => {
    vi.stubGlobal('navigator', {});
    expect(transientActivation()).toBeUndefined();
    await expect(createModelObject(steps({ availability: async () => 'downloadable' }))).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(await createModelObject(steps({ availability: async () => 'downloadable', requireActivation: false }))).toBeInstanceOf(Model);
  });

  it('rejects with the monitor callback\'s exception, and with an already-aborted signal\'s reason first', async () => {
    const thrown = new Error('monitor broke');
    await expect(createModelObject(steps({ monitor: () => { throw thrown; } }))).rejects.toBe(thrown);
    const reason = new Error('aborted before');
    let called = false;
    await expect(createModelObject(steps({ signal: AbortSignal.abort(reason), monitor: () => void (called = true) }))).rejects.toBe(reason);
    expect(called).toBe(false);
  });

  it('lets an abort made on the last downloadprogress event (loaded 1) win over creation', async () => {
    const controller = new AbortController();
    const reason = new Error('abort at 1');
    const loaded: number[] = [];
    let resolve!: () => void;
    const lastEvent = new Promise<void>((r) => (resolve = r));
    const created = createModelObject(
      steps({
        signal: controller.signal,
        monitor: (m) =>
          m.addEventListener('downloadprogress', (e) => {
            loaded.push((e as unknown as { loaded: number }).loaded);
            if ((e as unknown as { loaded: number }).loaded === 1) resolve();
          }),
      }),
    );
    await lastEvent;
    controller.abort(reason);
    await expect(created).rejects.toBe(reason);
    expect(loaded).toEqual([0, 1]);
  });

  it('destroys the object with the reason when the create signal aborts after creation', async () => {
    const controller = new AbortController();
    const model = await createModelObject(steps({ signal: controller.signal }));
    const reason = new Error('later');
    controller.abort(reason);
    expect(model.destruction.destroyed).toBe(true);
    const pending = measuredUsage(model.destruction.signal(undefined), () => 1);
    await expect(pending).rejects.toBe(reason);
  });
});
