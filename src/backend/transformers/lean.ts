/**
 * Generation with fr2en's own decoding loop over the ONNX sessions (greedy `decode.ts`, beam
 * search `beam.ts`): finished rows leave the batch, scores are exact.
 */
import { BackendError, throwIfAborted } from '../../errors.js';
import type { BackendGenerateOptions, BackendGenerateResult } from '../spec.js';
import { leanDecode, type LeanDecodeResult } from './decode.js';
import type { EncodedBatch } from './inputs.js';
import type { LoadedModel } from './model.js';
import { shortlistProjector } from './shortlist/project.js';
import { sentenceList } from './shortlist/table.js';

/**
 * Per input row: the target ids its shortlist allows — the table's pieces for its source ids,
 * the special tokens, and the pieces of its constraints (tokenised as the inputs are, the
 * vocabulary being shared).
 */
export function shortlistLists(loaded: LoadedModel, batch: EncodedBatch, options: BackendGenerateOptions): Int32Array[] {
  const { settings, tokenizer, normalize } = loaded;
  const table = loaded.shortlist!.table;
  const special = [...settings.eos, loaded.lean!.decoderStart, ...(settings.forcedBos !== undefined ? [settings.forcedBos] : [])];
  return Array.from({ length: batch.rows }, (_, r) => {
    const source: number[] = [];
    for (let k = 0; k < batch.length; k++) if (batch.attentionMask[r * batch.length + k] === 1n) source.push(Number(batch.inputIds[r * batch.length + k]));
    const constraintIds = (options.constraints?.[r] ?? []).flatMap((c) => tokenizer.encode(normalize(c)));
    return sentenceList(table, source, [...special, ...constraintIds]);
  });
}

/** Runs the lean loop on an encoded batch with per-row caps and minimums. */
export async function generateLean(
  loaded: LoadedModel & { lean: NonNullable<LoadedModel['lean']> },
  batch: EncodedBatch,
  limits: { maxNew: number[]; minNew: number[] },
  options: BackendGenerateOptions,
): Promise<BackendGenerateResult> {
  const { tokenizer } = loaded;
  const result = await decodeLean(loaded, batch, limits, options);
  const outputs = result.tokens.map((ids, i) => ({
    text: tokenizer.decode(ids),
    tokens: ids.length,
    finished: result.finished[i]!,
    score: result.scores[i]!,
  }));
  return { outputs, steps: result.steps, runtimeMs: result.runtimeMs };
}

/** Runs the lean loop and returns the token ids (the shortlist builder reads them). @throws BackendError when ONNX Runtime fails */
export async function decodeLean(
  loaded: LoadedModel & { lean: NonNullable<LoadedModel['lean']> },
  batch: EncodedBatch,
  limits: { maxNew: number[]; minNew: number[] },
  options: BackendGenerateOptions,
): Promise<LeanDecodeResult> {
  const { settings, info } = loaded;
  try {
    return await leanDecode(loaded.lean.Tensor, loaded.model.sessions, {
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
      projector: loaded.shortlist
        ? shortlistProjector(loaded.lean.Tensor, { head: loaded.shortlist.head, lists: shortlistLists(loaded, batch, options), vocabSize: loaded.shortlist.table.vocabSize })
        : undefined,
    });
  } catch (error) {
    throwIfAborted(options.signal);
    throw new BackendError(`ONNX Runtime failed while generating: ${(error as Error)?.message ?? error}`, { cause: error });
  }
}
