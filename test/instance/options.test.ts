/** The shared model options: normalised once into a typed object. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { MODEL_OPTIONS, normalizeModelOptions, WEB_RUNTIME_OPTIONS } from '../../src/instance/options.js';
import { createFakeBackend } from '../../src/testing/index.js';

describe('normalizeModelOptions', () => {
  it("fills the surface's default model and keeps only the options given", () => {
    expect(normalizeModelOptions({ dtype: 'q8', threads: 2 }, 'translation', 'org/default')).toEqual({
      kind: 'transformers',
      settings: { model: 'org/default', task: 'translation', dtype: 'q8', threads: 2 },
      pool: undefined,
    });
  });

  it("takes a backend of the user's as it is", () => {
    const backend = createFakeBackend();
    expect(normalizeModelOptions({ backend }, 'summarization', 'org/default')).toEqual({ kind: 'backend', backend });
  });

  it('reads the pool options only where the instance may be a pool', () => {
    expect(normalizeModelOptions({ workers: 2 }, 'translation', 'm', { pool: true })).toMatchObject({ pool: { workers: 2 } });
  });

  it('carries per-instance browser settings', () => {
    const web = { modelBaseUrl: '/models/', device: 'webgpu' as const };
    expect(normalizeModelOptions({ web }, 'translation', 'm')).toMatchObject({ settings: { web } });
    expect(MODEL_OPTIONS).toContain('web');
  });

  it.each([
    [{ web: { modelBaseUrl: 3 } }, 'web.modelBaseUrl'],
    [{ web: { device: 'gpu' } }, 'web.device'],
    [{ web: { wasmPaths: { mjs: '/a.mjs' } } }, 'web.wasmPaths'],
    [{ web: { nope: true } }, 'nope'],
    [{ dtype: 'int4' }, 'dtype'],
  ])('names the option at fault: %j', (options, option) => {
    let error: unknown;
    try {
      normalizeModelOptions(options, 'translation', 'm');
    } catch (e) {
      error = e;
    }
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).option).toBe(option);
  });

  it('lists every browser runtime option', () => {
    expect([...WEB_RUNTIME_OPTIONS].sort()).toEqual(['cacheKey', 'device', 'modelBaseUrl', 'numThreads', 'useBrowserCache', 'wasmPaths']);
  });
});
