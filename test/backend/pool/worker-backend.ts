/**
 * A backend for the pool's worker threads in tests: the transformers.js backend on a fixture,
 * with failures on demand. An input equal to a trigger makes the worker misbehave:
 * `__exit__` calls process.exit(7), `__throw__` throws an uncaught error, `__input__` rejects
 * with an InputError, `__plain__` with a plain Error, `__cause__` with a BackendError caused by a ModelLoadError
 * caused by a TypeError. `failFirstLoad` fails the first load.
 */
import { createTransformersBackend } from '../../../src/backend/transformers/backend.js';
import type { BackendV1 } from '../../../src/backend/spec.js';
import { BackendError, InputError, ModelLoadError } from '../../../src/errors.js';

export function createBackend(settings: { model: string; failFirstLoad?: boolean; threads?: number }): BackendV1 {
  const inner = createTransformersBackend({ model: settings.model, allowRemote: false, ...(settings.threads ? { threads: settings.threads } : {}) });
  let failLoad = settings.failFirstLoad === true;
  return {
    ...inner,
    async doLoad(options) {
      if (failLoad) {
        failLoad = false;
        throw new ModelLoadError('injected failure: the disk went away', { model: settings.model, file: 'onnx/encoder_model.onnx' });
      }
      return inner.doLoad(options);
    },
    async doGenerate(options) {
      const trigger = options.inputs.find((t) => t.startsWith('__'));
      if (trigger === '__exit__') process.exit(7);
      if (trigger === '__throw__') {
        setTimeout(() => {
          throw new Error('uncaught in the worker');
        });
        return new Promise(() => undefined);
      }
      if (trigger === '__input__') throw new InputError('Expected `beams` to be odd (injected).', { option: 'beams' });
      if (trigger === '__plain__') throw new TypeError('injected plain error');
      if (trigger === '__cause__') {
        const root = new TypeError('injected root cause');
        throw new BackendError('injected outer', { cause: new ModelLoadError('injected middle', { model: settings.model, file: 'x.onnx', cause: root }) });
      }
      return inner.doGenerate(options);
    },
  };
}
