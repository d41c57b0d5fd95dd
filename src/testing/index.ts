/**
 * `fr2en/testing`: a fake backend for fast tests and the contract suite every backend must pass.
 * `testBackend` registers vitest tests: call it from a vitest test file (vitest is an optional
 * peer dependency of this entry point).
 *
 * @packageDocumentation
 */
export { createFakeBackend, FAKE_FILLER } from './fake.js';
export type { FakeBackend, FakeBackendOptions, FakeCall } from './fake.js';
export { testBackend, expectWellFormedWarnings } from './contract.js';
export type { TestBackendOptions, BackendContext } from './contract.js';
