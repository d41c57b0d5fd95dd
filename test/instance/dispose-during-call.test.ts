/**
 * `dispose()` while a call runs: the call rejects with DisposedError (never a runtime error
 * from a freed ONNX session), and dispose itself resolves.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator, DisposedError, Fr2enError } from '../../src/index.js';
import { MARIAN_TINY, SEED } from '../helpers.js';

describe('dispose during a call', () => {
  it('rejects the running translation with DisposedError', async () => {
    const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });
    let disposing: Promise<void> | undefined;
    await translator.load();
    // one big batch: dispose lands while ONNX Runtime decodes it, not between batches
    const call = translator.translate(`${SEED}\n${SEED}`, { batchSize: 64 });
    await new Promise((r) => setTimeout(r, 150));
    disposing = translator.dispose();
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    await disposing;
    expect(Fr2enError.isInstance(error), String(error)).toBe(true);
    expect(['DISPOSED', 'ABORTED']).toContain((error as Fr2enError).code);
    expect(DisposedError.isInstance(error) || (error as Fr2enError).code === 'ABORTED').toBe(true);
    expect(String((error as Error).message)).not.toMatch(/Session/);
  });
});
