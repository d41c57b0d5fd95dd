/**
 * The fallback: transformers.js's own `generate()`, for models the lean loop does not recognise
 * (or `decoder: 'library'`). It decodes greedily only (transformers.js 4.3 has no beam search)
 * and gives no scores; asking it for beams returns an `option-ignored` warning.
 */
import { AbortError, BackendError, throwIfAborted } from '../../../errors.js';
import type { Warning } from '../../../warnings.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendOutput } from '../../spec.js';
import type { EncodedBatch } from '../inputs.js';
import type { TransformersModule } from '../load.js';
import type { LoadedModel } from './model.js';
import { unmetByText, unsupportedWarnings } from '../unsupported.js';

/** The `option-ignored` warnings of a call the library fallback cannot fully honour. */
export function libraryWarnings(options: Pick<BackendGenerateOptions, 'beams'>): Warning[] {
  if (options.beams === undefined || options.beams <= 1) return [];
  return [
    {
      code: 'option-ignored',
      message:
        `\`beams: ${options.beams}\` was ignored: this model runs on transformers.js's own generate() (\`decoder: 'library'\`, or a graph the lean decoder does not recognise), ` +
        'which decodes greedily; `lengthPenalty` and `earlyStopping` do not apply and no scores are given.',
    },
  ];
}

/** Runs transformers.js's `generate()` on an encoded batch with per-row caps and minimums. */
export async function generateLibrary(
  loaded: LoadedModel,
  batch: EncodedBatch,
  limits: { maxNew: number[]; minNew: number[] },
  options: BackendGenerateOptions,
): Promise<BackendGenerateResult> {
  const { tf, model, tokenizer, info } = loaded;
  const { eos } = loaded.settings;
  const { maxNew, minNew } = limits;
  const { rows } = batch;
  const eosId = eos[0]!;
  // Per-row budget and end-of-row handling: transformers.js keeps decoding rows that ended,
  // so force the end token on them (and at each row's own cap), and keep it off below the minimum.
  let startLength = -1;
  const ended = new Array<boolean>(rows).fill(false);
  const capped = new Array<boolean>(rows).fill(false);
  class RowBudget extends tf.LogitsProcessor {
    _call(inputIds: bigint[][], logits: TransformersModule) {
      if (startLength < 0) startLength = inputIds[0]!.length;
      for (let i = 0; i < inputIds.length; i++) {
        const ids = inputIds[i]!;
        const n = ids.length - startLength;
        if (!ended[i] && n > 0 && eos.includes(Number(ids[ids.length - 1]))) ended[i] = true;
        const data = logits[i].data as Float32Array;
        if (ended[i] || n >= maxNew[i]!) {
          if (!ended[i]) capped[i] = true;
          data.fill(-Infinity);
          data[eosId] = 0;
        } else if (n < minNew[i]!) {
          for (const e of eos) data[e] = -Infinity;
        }
      }
      return logits;
    }
  }
  let steps = 0;
  class Watch extends tf.StoppingCriteria {
    _call(inputIds: bigint[][]) {
      steps++;
      options.onStep?.({ step: steps, activeRows: ended.filter((e) => !e).length });
      return inputIds.map(() => options.signal?.aborted === true);
    }
  }
  const maxSteps = Math.min(Math.max(...maxNew) + 1, info.maxOutputTokens);
  let sequences: TransformersModule;
  try {
    sequences = await model.generate({
      input_ids: new tf.Tensor('int64', batch.inputIds, [rows, batch.length]),
      attention_mask: new tf.Tensor('int64', batch.attentionMask, [rows, batch.length]),
      max_new_tokens: maxSteps,
      num_beams: 1,
      do_sample: false,
      min_length: 0, // fr2en's per-row minimum (RowBudget) replaces the model's
      ...(options.noRepeatNgramSize !== undefined ? { no_repeat_ngram_size: options.noRepeatNgramSize } : {}),
      ...(options.repetitionPenalty !== undefined ? { repetition_penalty: options.repetitionPenalty } : {}),
      logits_processor: [new RowBudget()],
      stopping_criteria: [new Watch()],
    });
  } catch (error) {
    throwIfAborted(options.signal);
    throw new BackendError(`transformers.js failed while generating: ${(error as Error)?.message ?? error}`, { cause: error });
  }
  if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
  const lists: bigint[][] = sequences.tolist();
  const outputs: BackendOutput[] = lists.map((ids, i) => {
    // tokens up to (not including) the first end token, after the decoder start
    const body: bigint[] = [];
    for (let k = Math.max(1, startLength); k < ids.length; k++) {
      if (eos.includes(Number(ids[k]))) break;
      body.push(ids[k]!);
    }
    const text = tokenizer.decode(body);
    return { text, tokens: body.length, finished: !capped[i], ...unmetByText(options, i, text) };
  });
  sequences.dispose?.();
  const warnings = [...libraryWarnings(options), ...unsupportedWarnings(options, "transformers.js's generate()", { repetitionPenalty: true })];
  return { outputs, steps, ...(warnings.length > 0 ? { warnings } : {}) };
}
