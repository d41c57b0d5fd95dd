/**
 * What the decoders other than the lean seq2seq loop (transformers.js's `generate()`, the
 * decoder-only loop) do with the options they cannot honour: an `option-ignored` warning each,
 * and constraints reported by whether the output happens to contain them.
 */
import type { Warning } from '../../warnings.js';
import type { BackendGenerateOptions, BackendOutput } from '../spec.js';

/** `option-ignored` warnings for constraints, alternatives and a repetition penalty `where` cannot apply. */
export function unsupportedWarnings(
  options: Pick<BackendGenerateOptions, 'constraints' | 'alternatives' | 'repetitionPenalty'>,
  where: string,
  supported: { repetitionPenalty?: boolean } = {},
): Warning[] {
  const warnings: Warning[] = [];
  if (options.constraints?.some((c) => c.length > 0)) {
    warnings.push({ code: 'option-ignored', message: `\`constraints\` (glossary, do-not-translate) were ignored: ${where} has no constrained search; unmet ones are listed per output.` });
  }
  if ((options.alternatives ?? 0) > 0) {
    warnings.push({ code: 'option-ignored', message: `\`alternatives: ${options.alternatives}\` was ignored: ${where} keeps no n-best list.` });
  }
  if (!supported.repetitionPenalty && options.repetitionPenalty !== undefined && options.repetitionPenalty !== 1) {
    warnings.push({ code: 'option-ignored', message: `\`repetitionPenalty: ${options.repetitionPenalty}\` was ignored: ${where} does not apply it.` });
  }
  return warnings;
}

/** Indexes of row `row`'s constraints that `text` does not contain (undefined when the row has none). */
export function unmetByText(options: Pick<BackendGenerateOptions, 'constraints'>, row: number, text: string): Pick<BackendOutput, 'unmetConstraints'> {
  const wanted = options.constraints?.[row];
  if (!wanted || wanted.length === 0) return {};
  return { unmetConstraints: wanted.flatMap((c, k) => (text.includes(c) ? [] : [k])) };
}
