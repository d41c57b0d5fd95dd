/**
 * Lazy loading of `@huggingface/transformers`: imported on first use, memoised, and the
 * memo dropped on failure so that a retry works. Its global `env` is configured once per
 * module (see {@link configureTransformers}), never saved and restored around a load.
 */
import { ModelLoadError } from '../../errors.js';
import { platform } from '../../platform/index.js';
import { memoizePromise } from '../../util/memoize.js';

/** The transformers.js module, typed loosely on purpose: its types stay out of fr2en's API. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TransformersModule = any;

const configured = new WeakSet<object>();

/**
 * Sets transformers.js's global `env` for fr2en, once per module copy (keyed by its `env` object):
 * - `remoteHost` from `FR2EN_HUB_URL` (a mirror of the hub), when set;
 * - `logLevel` from the library's default (warnings) to errors only: transformers.js logs notices
 *   (e.g. about MarianTokenizer) with `console.warn` while loading, and fr2en reports through
 *   results, not logs. A level the user set themselves before fr2en's first load is kept.
 * Returns `tf`.
 */
export function configureTransformers(tf: TransformersModule): TransformersModule {
  const env = tf?.env;
  if (typeof env !== 'object' || env === null || configured.has(env)) return tf;
  configured.add(env);
  const hub = platform.env().hubUrl;
  if (hub) env.remoteHost = `${hub}/`;
  if (tf.LogLevel && env.logLevel === tf.LogLevel.WARNING) env.logLevel = tf.LogLevel.ERROR;
  return tf;
}

/** Imports `@huggingface/transformers` once, configured for fr2en (retried after a failure). */
export const importTransformers: () => Promise<TransformersModule> = memoizePromise(() =>
  import('@huggingface/transformers').then(
    (mod) => configureTransformers(mod),
    (error: unknown) => {
      throw new ModelLoadError(
        'Could not import `@huggingface/transformers`, the default backend of fr2en. Install it with `npm install @huggingface/transformers` ' +
          '(with `onnxruntime-node-install=skip` in .npmrc when offline), or pass your own `backend`.',
        { model: '@huggingface/transformers', cause: error },
      );
    },
  ),
);
