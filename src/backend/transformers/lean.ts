/**
 * Generation with fr2en's own decoding loop over the ONNX sessions (greedy `decode.ts`, beam
 * search `beam.ts`): finished rows leave the batch, scores are exact.
 */
import { BackendError, throwIfAborted } from '../../errors.js';
import type { BackendGenerateOptions, BackendGenerateResult } from '../spec.js';
import { leanDecode } from './decode.js';
import type { EncodedBatch } from './inputs.js';
import type { LoadedModel } from './model.js';

/** Runs the lean loop on an encoded batch with per-row caps and minimums. */
export async function generateLean(
  loaded: LoadedModel & { lean: NonNullable<LoadedModel['lean']> },
  batch: EncodedBatch,
  limits: { maxNew: number[]; minNew: number[] },
  options: BackendGenerateOptions,
): Promise<BackendGenerateResult> {
  const { settings, info, tokenizer } = loaded;
  let result;
  try {
    result = await leanDecode(loaded.lean.Tensor, loaded.model.sessions, {
      inputIds: batch.inputIds,
      attentionMask: batch.attentionMask,
      batch: batch.rows,
      length: batch.length,
      maxNew: limits.maxNew.map((m) => Math.min(m, info.maxOutputTokens - 1)),
      minNew: limits.minNew,
      eos: settings.eos,
      decoderStart: loaded.lean.decoderStart,
      forcedBos: settings.forcedBos,
      banned: settings.banned,
      noRepeatNgram: options.noRepeatNgramSize ?? settings.noRepeatNgram,
      beams: options.beams ?? settings.generation.beams,
      lengthPenalty: options.lengthPenalty ?? settings.generation.lengthPenalty,
      earlyStopping: options.earlyStopping ?? settings.generation.earlyStopping,
      renormalize: settings.generation.renormalize,
      signal: options.signal,
      onStep: options.onStep,
    });
  } catch (error) {
    throwIfAborted(options.signal);
    throw new BackendError(`ONNX Runtime failed while generating: ${(error as Error)?.message ?? error}`, { cause: error });
  }
  const outputs = result.tokens.map((ids, i) => ({
    text: tokenizer.decode(ids),
    tokens: ids.length,
    finished: result.finished[i]!,
    score: result.scores[i]!,
  }));
  return { outputs, steps: result.steps, runtimeMs: result.runtimeMs };
}
