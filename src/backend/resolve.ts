/**
 * Accepts a user-supplied backend after checking it implements a known specification version.
 */
import { InputError } from '../errors.js';
import { describe } from '../validate.js';
import type { Backend } from './spec.js';

const METHODS = ['doLoad', 'doCountTokens', 'doGenerate', 'doDispose'] as const;

/**
 * Checks `backend` is a version fr2en knows (`'v1'`) with every method, and returns it.
 * @throws InputError naming what is missing.
 */
export function resolveBackend(backend: unknown): Backend {
  if (typeof backend !== 'object' || backend === null) {
    throw new InputError(`Expected \`backend\` to be an object implementing BackendV1, got ${describe(backend)}.`, { option: 'backend' });
  }
  const b = backend as Record<string, unknown>;
  if (b.specificationVersion !== 'v1') {
    throw new InputError(
      `Unsupported \`backend\`: its \`specificationVersion\` is ${JSON.stringify(b.specificationVersion)}, and this version of fr2en implements 'v1'.`,
      { option: 'backend' },
    );
  }
  for (const m of METHODS) {
    if (typeof b[m] !== 'function') {
      throw new InputError(`\`backend.${m}\` must be a function (see BackendV1 in fr2en's docs).`, { option: 'backend' });
    }
  }
  if (typeof b.modelId !== 'string' || typeof b.provider !== 'string') {
    throw new InputError('`backend.modelId` and `backend.provider` must be strings.', { option: 'backend' });
  }
  return backend as Backend;
}
