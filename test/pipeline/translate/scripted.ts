/** A fake backend whose output a test scripts per call and per row (from the recording fake backend). */
import type { BackendOutput } from '../../../src/index.js';
import { createFakeBackend, type FakeBackend, type FakeCall } from '../../../src/testing/index.js';

/** What a script sees of a row: its input, the call it is in (options recorded by the fake), the call's index. */
export interface ScriptRow {
  input: string;
  call: FakeCall;
  callIndex: number;
  /** The row's constraints, when the call has some. */
  constraints: readonly string[];
}

/**
 * The fake backend (one token per word, caps, scores) with each row's complete output given by
 * `script`; `unmet` may report constraints as unmet (as a constrained search that failed would).
 */
export function scriptedBackend(
  script: (row: ScriptRow) => string,
  unmet?: (row: ScriptRow, output: BackendOutput) => number[] | undefined,
): FakeBackend {
  const rowOf = (input: string): ScriptRow => {
    const call = backend.calls.at(-1)!;
    const k = call.inputs.indexOf(input);
    return { input, call, callIndex: backend.calls.length - 1, constraints: call.constraints?.[k] ?? [] };
  };
  const backend: FakeBackend = createFakeBackend({ transform: (input) => script(rowOf(input)) });
  if (!unmet) return backend;
  const generate = backend.doGenerate;
  return Object.assign(backend, {
    async doGenerate(o: Parameters<FakeBackend['doGenerate']>[0]) {
      const result = await generate(o);
      const outputs = result.outputs.map((out, k) => {
        const list = unmet(rowOf(o.inputs[k]!), out);
        return list && list.length > 0 ? { ...out, unmetConstraints: list } : out;
      });
      return { ...result, outputs };
    },
  });
}
