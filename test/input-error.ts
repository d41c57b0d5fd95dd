/**
 * Shared by the validation tests: runs `fn` and returns the InputError it throws or rejects with.
 */
import { expect } from 'vitest';
import { InputError } from '../src/index.js';

/** Asserts `fn` throws (or rejects with) an `InputError` with code INPUT, and returns it. */
export async function inputError(fn: () => unknown): Promise<InputError> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(InputError.isInstance(caught), String(caught)).toBe(true);
  const e = caught as InputError;
  expect(e.code).toBe('INPUT');
  return e;
}

/** Asserts the error names `option` as its `option` and in backticks in its message. */
export async function expectOptionError(fn: () => unknown, option: string): Promise<void> {
  const e = await inputError(fn);
  expect(e.option).toBe(option);
  expect(e.message).toContain(`\`${option}\``);
}
