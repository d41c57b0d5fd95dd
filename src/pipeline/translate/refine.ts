/**
 * The second pass of a window: the sentences the first pass left flagged are repaired (decoded
 * again with a stronger setting, see `repair.ts`), then the names the document repeats are
 * written one way (sentences that spelled a name differently are decoded again with the chosen
 * spelling as a constraint, see `names.ts`). Each step re-decodes only the sentences concerned,
 * together, and vets what comes back.
 */
import type { BackendOutput } from '../../backend/spec.js';
import type { QualityFlag } from '../../quality/types.js';
import { findRendering, planNameFixes, type NameFix } from './names.js';
import { better, needsRepair, repairBeams, repairCap, REPAIR_SETTINGS } from './repair.js';
import { vet, type Candidate, type VetSettings } from './vet.js';

/** One piece of a sentence as the model saw it, with its output. */
export interface PieceState {
  text: string;
  maxNewTokens: number;
  minNewTokens: number;
  output: BackendOutput;
}

/** A sentence of the window between the first pass and the yield. */
export interface SentenceState extends Candidate {
  index: number;
  /** The text the model translated (in sentence case when recased). */
  source: string;
  pieces: PieceState[];
  flags: QualityFlag[];
  repaired: boolean;
}

/** A row to decode again. */
export interface DecodeRow {
  /** The sentence the row belongs to. */
  unit: number;
  text: string;
  maxNewTokens: number;
  minNewTokens: number;
  constraints?: string[];
}

/** Decodes rows (batched and queued by the runner) with the given per-call settings; one output per row, in order. */
export type Decode = (
  rows: readonly DecodeRow[],
  settings: { beams?: number | undefined; noRepeatNgramSize?: number; repetitionPenalty?: number },
) => Promise<BackendOutput[]>;

/** What the second pass needs to know of the call. */
export interface RefineSettings extends VetSettings {
  /** The checker's settings for sentence `index` when they differ from the call's (text it must keep). */
  vetting?(index: number): VetSettings;
  repair: boolean;
  consistentNames: boolean;
  /** The call's beams (undefined: the model's). */
  beams: number | undefined;
  /** False when the call set `generation.maxNewTokens`: a cap asked for is kept. */
  capsMayGrow: boolean;
  /** The model's output limit. */
  outCap: number;
}

/** A sentence's translation, score and end state from its pieces' outputs. */
export function compose(pieces: readonly PieceState[], score: (pieces: { score: number | undefined; tokens: number }[]) => number | undefined): Candidate {
  return {
    translation: pieces.map((p) => p.output.text).filter((t) => t.length > 0).join(' '),
    score: score(pieces.map((p) => ({ score: p.output.score, tokens: p.output.tokens + (p.output.finished ? 1 : 0) }))),
    finished: pieces.every((p) => p.output.finished),
  };
}

/** Whether the sentence can gain from a repair decoding. */
export function wantsRepair(s: SentenceState, settings: RefineSettings): boolean {
  if (!settings.repair || s.pieces.length === 0) return false;
  return needsRepair(s.flags, settings.capsMayGrow && s.pieces.some((p) => !p.output.finished && p.maxNewTokens < settings.outCap));
}

/** Decodes the given sentences again with the stronger setting; keeps the better translation of each. */
export async function repairSentences(
  sentences: readonly SentenceState[],
  settings: RefineSettings,
  decode: Decode,
  score: Parameters<typeof compose>[1],
): Promise<SentenceState[]> {
  const todo = sentences.filter((s) => wantsRepair(s, settings));
  if (todo.length === 0) return [];
  const rows = todo.flatMap((s) =>
    s.pieces.map((p) => ({
      unit: s.index,
      text: p.text,
      maxNewTokens: repairCap(p.maxNewTokens, !p.output.finished, settings.capsMayGrow, settings.outCap),
      minNewTokens: p.minNewTokens,
    })),
  );
  const outputs = await decode(rows, {
    beams: repairBeams(settings.beams),
    noRepeatNgramSize: REPAIR_SETTINGS.noRepeatNgramSize,
    repetitionPenalty: REPAIR_SETTINGS.repetitionPenalty,
  });
  const repaired: SentenceState[] = [];
  let k = 0;
  for (const s of todo) {
    const pieces = s.pieces.map((p) => ({ ...p, maxNewTokens: rows[k]!.maxNewTokens, output: outputs[k++]! }));
    const candidate = compose(pieces, score);
    const second = { ...candidate, flags: vet(s.source, candidate, settings.vetting?.(s.index) ?? settings) };
    if (better(s, second) !== second) continue;
    Object.assign(s, second, { pieces, repaired: true });
    repaired.push(s);
  }
  return repaired;
}

/**
 * Writes each repeated name one way: plans the spellings (`chosen` carries the document's
 * choices from window to window), decodes the sentences that differ with the chosen spelling as a
 * constraint, keeps the constrained translation when it has the spelling and no more flags, and
 * otherwise flags `inconsistent-name`.
 */
export async function unifyNames(
  sentences: readonly SentenceState[],
  names: ReadonlyMap<string, readonly number[]>,
  chosen: Map<string, string>,
  settings: RefineSettings,
  decode: Decode,
  score: Parameters<typeof compose>[1],
): Promise<void> {
  if (!settings.consistentNames || names.size === 0) return;
  const translated = sentences.filter((s) => s.pieces.length > 0);
  const fixes = planNameFixes(names, translated, chosen);
  if (fixes.size === 0) return;
  const todo = translated.filter((s) => fixes.has(s.index));
  // each piece is constrained to the spellings of the names its own text holds
  const rows = todo.flatMap((s) =>
    s.pieces.map((p) => {
      const own = fixes.get(s.index)!.filter((f) => p.text.includes(f.name) || s.pieces.length === 1);
      return { unit: s.index, text: p.text, maxNewTokens: p.maxNewTokens, minNewTokens: p.minNewTokens, constraints: [...new Set(own.map((f) => f.spelling))] };
    }),
  );
  const outputs = await decode(rows, { beams: settings.beams });
  let k = 0;
  for (const s of todo) {
    const list = fixes.get(s.index)!;
    const pieces = s.pieces.map((p) => ({ ...p, output: outputs[k++]! }));
    const candidate = compose(pieces, score);
    const unmet = pieces.some((p) => (p.output.unmetConstraints?.length ?? 0) > 0);
    const failed = unmet ? list : list.filter((f) => findRendering(f.name, candidate.translation) !== f.spelling);
    const flags = vet(s.source, candidate, settings.vetting?.(s.index) ?? settings);
    if (failed.length === 0 && flags.length <= s.flags.length) {
      Object.assign(s, candidate, { flags, pieces });
      continue;
    }
    s.flags = [...s.flags, ...(failed.length > 0 ? failed : list).map(inconsistentFlag)];
  }
}

function inconsistentFlag(fix: NameFix): QualityFlag {
  return {
    code: 'inconsistent-name',
    message: `"${fix.name}" is written "${fix.found}" here and "${fix.spelling}" elsewhere in the document.`,
    detail: { name: fix.name, expected: fix.spelling, found: fix.found },
  };
}
