/**
 * fr2en's errors survive JSON (as they cross threads): class, code, message, fields, stack and
 * the whole cause chain, rebuilt by the same `deserializeError` both thread boundaries use.
 */
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  BackendError,
  deserializeError,
  DisposedError,
  Fr2enError,
  InputError,
  MAX_CAUSE_DEPTH,
  MissingDependencyError,
  ModelLoadError,
  serializeError,
  type SerializedError,
} from '../src/errors.js';

/** Through JSON text, as a structured clone or a log line would carry it. */
const roundTrip = (error: unknown): Error => deserializeError(JSON.parse(JSON.stringify(serializeError(error))) as SerializedError);

/** Three levels under every error: an fr2en error, a foreign error, then a string. */
const chain = () => new InputError('inner input', { option: 'beams', cause: new TypeError('root type error', { cause: 'a plain string' }) });

describe('serializeError / deserializeError', () => {
  const cases: Array<[string, () => Fr2enError, new (...args: never[]) => Fr2enError]> = [
    ['InputError', () => new InputError('bad option', { option: 'batchSize', cause: chain() }), InputError],
    ['ModelLoadError', () => new ModelLoadError('no model', { model: 'm/x', searched: ['/a', '/b'], file: 'onnx/encoder_model.onnx', cause: chain() }), ModelLoadError],
    ['AbortError', () => new AbortError('stopped', { cause: chain() }), AbortError],
    ['BackendError', () => new BackendError('onnx failed', { cause: chain() }), BackendError],
    ['MissingDependencyError', () => new MissingDependencyError('install better-sqlite3', { dependency: 'better-sqlite3', cause: chain() }), MissingDependencyError],
  ];
  for (const [name, make, Class] of cases) {
    it(`rebuilds ${name} with its class, code, fields, stack and cause chain`, () => {
      const original = make();
      const copy = roundTrip(original);
      expect(copy).toBeInstanceOf(Class);
      expect(copy).toMatchObject({ name: original.name, code: original.code, message: original.message });
      expect(copy.stack).toBe(original.stack);
      for (const field of ['option', 'model', 'searched', 'file', 'dependency'] as const) {
        expect((copy as unknown as Record<string, unknown>)[field]).toEqual((original as unknown as Record<string, unknown>)[field]);
      }
      const inner = copy.cause as InputError;
      expect(inner).toBeInstanceOf(InputError);
      expect(inner).toMatchObject({ code: 'INPUT', option: 'beams', message: 'inner input' });
      const root = inner.cause as Error;
      expect(Fr2enError.isInstance(root)).toBe(false);
      expect(root).toMatchObject({ name: 'TypeError', message: 'root type error' });
      expect(root.stack).toBe(((original.cause as Error).cause as Error).stack);
      expect(root.cause).toMatchObject({ name: 'Error', message: 'a plain string' });
    });
  }

  it('rebuilds DisposedError with its message and cause', () => {
    const original = new DisposedError('translator');
    original.cause = new Error('why');
    const copy = roundTrip(original);
    expect(DisposedError.isInstance(copy)).toBe(true);
    expect(copy.message).toBe(original.message);
    expect(copy.cause).toMatchObject({ message: 'why' });
  });

  it('gives toJSON the serialised shape, so JSON.stringify keeps code and cause', () => {
    const error = new BackendError('outer', { cause: new InputError('inner', { option: 'x' }) });
    const json = JSON.parse(JSON.stringify(error)) as SerializedError;
    expect(json).toEqual(serializeError(error));
    expect(json).toMatchObject({ name: 'BackendError', code: 'BACKEND', message: 'outer', cause: { code: 'INPUT', option: 'x', message: 'inner' } });
  });

  it('rebuilds a foreign error as a plain Error with its name, and a thrown non-error as its text', () => {
    const copy = roundTrip(new RangeError('out of range'));
    expect(Fr2enError.isInstance(copy)).toBe(false);
    expect(copy).toMatchObject({ name: 'RangeError', message: 'out of range' });
    expect(roundTrip(42)).toMatchObject({ name: 'Error', message: '42' });
  });

  it('cuts a cause chain deeper than MAX_CAUSE_DEPTH, a cycle included', () => {
    const a = new BackendError('a');
    const b = new BackendError('b', { cause: a });
    a.cause = b; // a cycle
    let json: SerializedError | undefined = serializeError(a);
    let levels = 0;
    while (json?.cause) {
      json = json.cause;
      levels++;
    }
    expect(levels).toBe(MAX_CAUSE_DEPTH);
  });
});
