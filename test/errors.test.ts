/**
 * One error hierarchy with stable codes and kept causes, recognised across two copies of
 * the package (a second copy is a second module instance of the same source).
 */
import { describe, expect, it } from 'vitest';
import * as first from '../src/errors.js';

describe('errors', () => {
  it('every class carries its stable code and is a Fr2enError', () => {
    const cause = new Error('root');
    const cases = [
      [new first.InputError('x', { option: 'batchSize', cause }), 'INPUT'],
      [new first.ModelLoadError('x', { model: 'm', cause }), 'MODEL_LOAD'],
      [new first.AbortError(undefined, { cause }), 'ABORTED'],
      [new first.BackendError('x', { cause }), 'BACKEND'],
    ] as const;
    for (const [error, code] of cases) {
      expect(error.code).toBe(code);
      expect(error.cause).toBe(cause);
      expect(first.Fr2enError.isInstance(error)).toBe(true);
      expect(error).toBeInstanceOf(Error);
    }
    expect(new first.DisposedError('translator').code).toBe('DISPOSED');
    expect(new first.DisposedError('translator').message).toMatch(/createTranslator/);
  });

  it('isInstance recognises errors thrown by another copy of the package', async () => {
    // @ts-expect-error: a query makes the bundler load a second, separate module instance
    const second = (await import('../src/errors.js?copy')) as typeof first;
    expect(second.InputError).not.toBe(first.InputError);
    const foreign = new second.ModelLoadError('missing', { model: 'm' });
    expect(foreign instanceof first.ModelLoadError).toBe(false); // what instanceof gets wrong
    expect(first.ModelLoadError.isInstance(foreign)).toBe(true);
    expect(first.Fr2enError.isInstance(foreign)).toBe(true);
    expect(first.InputError.isInstance(foreign)).toBe(false);
    expect(first.Fr2enError.isInstance(new Error('plain'))).toBe(false);
    expect(first.Fr2enError.isInstance({ code: 'INPUT' })).toBe(false);
  });
});
