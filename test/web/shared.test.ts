/**
 * fr2en/web's shared machinery, in Node (EventTarget, DOMException, ReadableStream and
 * AbortSignal.any are Node globals): downloadprogress semantics, quota errors, destruction, streams.
 */
import { describe, expect, it } from 'vitest';
import { canonicalTag, CreateMonitor, deltaStream, Destruction, downloadReporter, quotaError } from '../../src/web/shared.js';

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
