/**
 * The transformers.js backend passes the backend contract suite on the fixture models, with
 * fr2en's lean decoder and with the library's generate() fallback. A failed first load is
 * injected by wrapping the transformers.js module (its model loader throws once).
 */
import * as transformers from '@huggingface/transformers';
import { createTransformersBackend } from '../../../src/index.js';
import { testBackend } from '../../../src/testing/index.js';
import { MARIAN_MEMO, MARIAN_TINY, MEMO_PAIRS } from '../../helpers.js';

/** transformers.js whose first model load fails. */
function failingOnce() {
  let failed = false;
  return {
    ...transformers,
    AutoModelForSeq2SeqLM: {
      from_pretrained(...args: Parameters<typeof transformers.AutoModelForSeq2SeqLM.from_pretrained>) {
        if (!failed) {
          failed = true;
          return Promise.reject(new Error('injected failure: the disk went away'));
        }
        return transformers.AutoModelForSeq2SeqLM.from_pretrained(...args);
      },
    },
  };
}

for (const [name, model, decoder, inputs] of [
  ['marian-memo, lean decoder', MARIAN_MEMO, 'lean', MEMO_PAIRS.slice(0, 4).map((p) => p.fr)],
  ['marian-tiny, lean decoder', MARIAN_TINY, 'lean', undefined],
  ['marian-tiny, library decoder', MARIAN_TINY, 'library', undefined],
] as const) {
  testBackend({
    name: `transformers.js ${name}`,
    create: ({ failFirstLoad }) =>
      createTransformersBackend({ model, decoder, allowRemote: false, ...(failFirstLoad ? { transformers: failingOnce() } : {}) }),
    ...(inputs ? { inputs } : {}),
    timeout: 120_000,
  });
}
