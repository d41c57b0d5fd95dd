/**
 * Generation with fr2en's own decoding loop over the ONNX sessions (greedy `decode.ts`, beam
 * search `beam.ts`): finished rows leave the batch, scores are exact.
 */
import { BackendError, throwIfAborted } from '../../errors.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendOutput } from '../spec.js';
import { leanDecode, type LeanDecodeResult } from './decode.js';
import type { EncodedBatch } from './inputs.js';
import type { LoadedModel } from './model.js';
import type { ModelTokenizer } from './model-tokenizer.js';
import { shortlistProjector } from './shortlist/project.js';
import { sentenceList } from './shortlist/table.js';

/**
 * Each row's constraints as target token sequences; `undefined` when no row has any (the plain
 * search). A constraint is tokenised alone, as the model writes it after a space.
 */
export function tokenizeConstraints(tokenizer: ModelTokenizer, constraints: BackendGenerateOptions['constraints'], rows: number): number[][][] | undefined {
  if (!constraints || constraints.every((c) => c.length === 0)) return undefined;
  return Array.from({ length: rows }, (_, r) => (constraints[r] ?? []).map((text) => tokenizer.encodeTarget(text)));
}

/**
 * Per input row: the target ids its shortlist allows — the table's pieces for its source ids,
 * the special tokens, and the pieces of its constraints, tokenised exactly as the constrained
 * search places them ({@link tokenizeConstraints}: the target tokenizer), so that no constraint
 * piece is ever masked.
 */
export function shortlistLists(loaded: LoadedModel, batch: EncodedBatch, options: BackendGenerateOptions): Int32Array[] {
  const { settings, tokenizer } = loaded;
  const table = loaded.shortlist!.table;
  const special = [...settings.eos, loaded.lean!.decoderStart, ...(settings.forcedBos !== undefined ? [settings.forcedBos] : [])];
  const constraints = tokenizeConstraints(tokenizer, options.constraints, batch.rows);
  return Array.from({ length: batch.rows }, (_, r) => {
    const source: number[] = [];
    for (let k = 0; k < batch.length; k++) if (batch.attentionMask[r * batch.length + k] === 1n) source.push(Number(batch.inputIds[r * batch.length + k]));
    const constraintIds = (constraints?.[r] ?? []).flat();
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
  const alternatives = Math.max(0, options.alternatives ?? 0);
  const constrained = (options.constraints ?? []).some((c) => c.length > 0);
  const result = await decodeLean(loaded, batch, limits, options);
  const outputs = result.tokens.map((ids, i): BackendOutput => {
    const text = tokenizer.decode(ids);
    const output: BackendOutput = { text, tokens: ids.length, finished: result.finished[i]!, score: result.scores[i]! };
    if (alternatives > 0) {
      output.alternatives = (result.alternatives?.[i] ?? []).map((h) => ({ text: tokenizer.decode(h.tokens), score: h.score, tokens: h.tokens.length }));
    }
    const wanted = options.constraints?.[i];
    if (constrained && wanted && wanted.length > 0) {
      // unmet by tokens and absent from the text (another segmentation of the same string counts as met)
      output.unmetConstraints = (result.unmet?.[i] ?? []).filter((k) => !text.includes(wanted[k]!));
    }
    return output;
  });
  return { outputs, steps: result.steps, runtimeMs: result.runtimeMs };
}

/**
 * Runs the lean loop (constraints, repetition penalty, alternatives and the shortlist included)
 * and returns the token ids (the shortlist builder reads them).
 * @throws BackendError when ONNX Runtime fails
 */
export async function decodeLean(
  loaded: LoadedModel & { lean: NonNullable<LoadedModel['lean']> },
  batch: EncodedBatch,
  limits: { maxNew: number[]; minNew: number[] },
  options: BackendGenerateOptions,
): Promise<LeanDecodeResult> {
  const { settings, info, tokenizer } = loaded;
  const alternatives = Math.max(0, options.alternatives ?? 0);
  const constraints = tokenizeConstraints(tokenizer, options.constraints, batch.rows);
  let beams = options.beams ?? settings.generation.beams;
  // n alternatives need n + 1 hypotheses in the pool
  if (alternatives > 0) beams = Math.max(beams, alternatives + 1);
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
      repetitionPenalty: options.repetitionPenalty ?? settings.generation.repetitionPenalty,
      ...(constraints ? { constraints, wordContinuations: tokenizer.wordContinuations() } : {}),
      alternatives,
      beams,
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
