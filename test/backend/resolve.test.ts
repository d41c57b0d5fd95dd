/**
 * `resolveBackend`: a user's backend is accepted only when it implements a known spec version.
 */
import { describe, expect, it } from 'vitest';
import { resolveBackend } from '../../src/backend/resolve.js';
import { InputError } from '../../src/index.js';
import { createFakeBackend } from '../../src/testing/index.js';

const error = (value: unknown) => {
  try {
    resolveBackend(value);
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('resolveBackend', () => {
  it('returns a v1 backend as it is', () => {
    const backend = createFakeBackend();
    expect(resolveBackend(backend)).toBe(backend);
  });

  it.each([
    ['a string', 'opus-mt', /to be an object implementing BackendV1, got/],
    ['null', null, /to be an object implementing BackendV1/],
    ['an unknown version', { ...createFakeBackend(), specificationVersion: 'v2' }, /"v2".*implements 'v1'/],
    ['no version', { ...createFakeBackend(), specificationVersion: undefined }, /specificationVersion/],
    ['a missing method', { ...createFakeBackend(), doGenerate: undefined }, /`backend\.doGenerate` must be a function/],
    ['a non-string model id', { ...createFakeBackend(), modelId: 3 }, /`backend\.modelId` and `backend\.provider` must be strings/],
  ])('rejects %s with an InputError on `backend`', (_, value, message) => {
    const e = error(value);
    expect(InputError.isInstance(e)).toBe(true);
    expect((e as InputError).option).toBe('backend');
    expect((e as Error).message).toMatch(message);
  });
});
