/**
 * Lazy loading of `@huggingface/transformers`: imported on first use, memoised, and the
 * memo dropped on failure so that a retry works.
 */
import { ModelLoadError } from '../../errors.js';

/** The transformers.js module, typed loosely on purpose: its types stay out of fr2en's API. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TransformersModule = any;

let pending: Promise<TransformersModule> | undefined;

/** Imports `@huggingface/transformers` once. */
export function importTransformers(): Promise<TransformersModule> {
  pending ??= import('@huggingface/transformers').then(
    (mod) => mod,
    (error: unknown) => {
      pending = undefined;
      throw new ModelLoadError(
        'Could not import `@huggingface/transformers`, the default backend of fr2en. Install it with `npm install @huggingface/transformers` ' +
          '(with `onnxruntime-node-install=skip` in .npmrc when offline), or pass your own `backend`.',
        { model: '@huggingface/transformers', cause: error },
      );
    },
  );
  return pending;
}
