/**
 * Generation with a decoder-only model: each input a user message wrapped in the model's chat
 * template, decoded greedily one row at a time by the lean causal loop (`decode.ts`), stopped at
 * the model's stop strings, streamed by whole characters.
 */
import { BackendError, throwIfAborted } from '../../../errors.js';
import type { Warning } from '../../../warnings.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendOutput } from '../../spec.js';
import { unmetByText, unsupportedWarnings } from '../unsupported.js';
import { chatIds } from './chat.js';
import { causalDecodeRow } from './decode.js';
import type { LoadedCausal } from './model.js';

/** Token count of each text as a chat prompt (template and special tokens included). */
export function countCausalTokens(loaded: LoadedCausal, texts: readonly string[]): number[] {
  return texts.map((t) => chatIds(loaded.tokenizer, t, loaded.info.modelId).length);
}

const decodeText = (loaded: LoadedCausal, ids: readonly number[]) =>
  (loaded.tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }) as string).trim();

/** Generates one output per input (user messages), one row at a time. */
export async function generateCausal(loaded: LoadedCausal, options: BackendGenerateOptions, limits: { maxNew: number[]; minNew: number[] }): Promise<BackendGenerateResult> {
  const { settings, info } = loaded;
  const warnings: Warning[] = [];
  if ((options.beams ?? 1) > 1) {
    warnings.push({
      code: 'option-ignored',
      message: `\`beams: ${options.beams}\` was ignored: fr2en decodes decoder-only models greedily (one row at a time, memory bounded by prompt + output).`,
    });
  }
  warnings.push(...unsupportedWarnings(options, "fr2en's decoder-only loop"));
  const outputs: BackendOutput[] = [];
  let steps = 0;
  let runtimeMs = 0;
  for (const [row, input] of options.inputs.entries()) {
    throwIfAborted(options.signal);
    const prompt = chatIds(loaded.tokenizer, input, info.modelId);
    const room = settings.context - prompt.length;
    if (room < 1) {
      throw new BackendError(
        `A prompt of ${prompt.length} tokens leaves no room in the model's context of ${settings.context} tokens; fr2en splits long articles before this point, so this is a bug or a custom caller's mistake.`,
      );
    }
    const maxNew = Math.min(limits.maxNew[row]!, room);
    let emitted = '';
    let stopAt = -1;
    let rowSteps = 0;
    const onToken = (tokens: readonly number[]): boolean => {
      const text = decodeText(loaded, tokens);
      if (settings.stopStrings.length > 0) {
        const hit = Math.min(...settings.stopStrings.map((s) => text.indexOf(s)).filter((i) => i >= 0));
        if (Number.isFinite(hit)) {
          stopAt = hit;
          return true;
        }
      }
      // stream whole characters only: a token may end inside a multi-byte character (�)
      if (options.onText && text.startsWith(emitted) && text.length > emitted.length && !text.endsWith('\uFFFD')) {
        options.onText({ row, text: text.slice(emitted.length) });
        emitted = text;
      }
      return false;
    };
    let result;
    try {
      result = await causalDecodeRow(loaded.Tensor, loaded.model.sessions.model, {
        prompt,
        maxNew,
        minNew: Math.min(limits.minNew[row]!, maxNew),
        eos: settings.eos,
        noRepeatNgram: options.noRepeatNgramSize ?? settings.noRepeatNgram,
        lengthPenalty: options.lengthPenalty ?? 1,
        kvHeads: settings.kvHeads,
        headDim: settings.headDim,
        signal: options.signal,
        onToken,
        onStep: () => options.onStep?.({ step: steps + ++rowSteps, activeRows: options.inputs.length - row }),
      });
    } catch (error) {
      throwIfAborted(options.signal);
      throw new BackendError(`ONNX Runtime failed while generating: ${(error as Error)?.message ?? error}`, { cause: error });
    }
    steps += result.steps;
    runtimeMs += result.runtimeMs;
    let text = decodeText(loaded, result.tokens);
    if (stopAt >= 0) text = text.slice(0, stopAt).trim();
    if (options.onText && text.length > emitted.length && text.startsWith(emitted)) options.onText({ row, text: text.slice(emitted.length) });
    outputs.push({ text, tokens: result.tokens.length, finished: result.finished, score: result.score, ...unmetByText(options, row, text) });
  }
  return { outputs, steps, runtimeMs, ...(warnings.length > 0 ? { warnings } : {}) };
}
