/**
 * The settings of the transformers.js backend and their defaults.
 */
import type { ModelSourceOptions } from '../../models/resolve.js';
import { platform } from '../../platform/index.js';
import type { Dtype } from '../dtype.js';
import type { TransformersModule } from './load.js';
import type { WebRuntimeOptions } from './web.js';

/** Settings of `createTransformersBackend`. */
export interface TransformersBackendSettings extends ModelSourceOptions {
  /** Hugging Face model id or local folder. */
  model: string;
  /**
   * What the model does; decides the input prefix (T5's `summarize: `) and what `dtype: 'auto'` means.
   * @default 'translation'
   */
  task?: 'translation' | 'summarization';
  /**
   * Weight type. `auto`: `q8` for translation when the model ships `*_quantized.onnx`, `fp32` otherwise
   * (int8 is known to hurt some summarisation models).
   * @default 'auto'
   */
  dtype?: Dtype;
  /**
   * ONNX Runtime intra-op threads.
   * @default half the available cores (at least 1): on a 2-core machine one thread decodes
   * ~25 % faster than two (batch-8 matmuls are too small to pay for the pool's synchronisation);
   * see BENCHMARKS.md
   */
  threads?: number;
  /**
   * Decoding loop: `lean` drives the ONNX sessions directly and drops finished rows from the
   * batch; `library` uses transformers.js's `generate()`, which decodes greedily (asking it for
   * `beams` > 1 returns an `option-ignored` warning) and gives no scores. Models whose graphs
   * `lean` does not recognise use `library`.
   * @default 'lean'
   */
  decoder?: 'lean' | 'library';
  /**
   * Vocabulary shortlist: a file made by `fr2en shortlist build` (or `buildShortlist`); the
   * decoder's output layer then scores, per sentence, only the target pieces the file lists for
   * the sentence's source pieces, its frequent pieces, the source pieces themselves and the special
   * and constraint tokens (log-softmax over that list). `false` turns off the model folder's own
   * `shortlist.bin`. Node only, lean decoder only.
   * @default the model folder's `shortlist.bin` when it has one, else none (full vocabulary)
   * @example 'models/opus-mt-fr-en/shortlist.bin'
   */
  shortlist?: string | false;
  /**
   * This instance's browser runtime (where models and the WASM files come from, device, threads,
   * caching), over the page's defaults set with `configure()`. Two instances with different
   * settings load side by side without changing each other's. Ignored in Node.
   * @default the page's `configure()` settings
   */
  web?: WebRuntimeOptions;
  /** Inject the transformers.js module instead of importing it (tests, bundlers). */
  transformers?: TransformersModule;
}

/** Half the available cores, at least one. */
export function defaultThreads(): number {
  return Math.max(1, Math.floor(platform.cpuCount() / 2));
}
