/**
 * Building a shortlist for a model: translate a French corpus with it (full vocabulary), align
 * the source and output pieces with IBM Model 1, keep the best `k` targets per source piece and
 * the most frequent output pieces, write the file. Translations are checkpointed line by line
 * (JSONL beside the output) so that an interrupted build continues where it stopped.
 */
import { AbortError, InputError, throwIfAborted } from '../../../errors.js';
import { platform } from '../../../platform/index.js';
import { encodeBatch } from '../inputs.js';
import { decodeLean } from '../lean.js';
import { loadModel, type LoadedModel } from '../model.js';
import type { TransformersBackendSettings } from '../settings.js';
import { ibmModel1, topTargets, type IdPair } from './ibm1.js';
import { encodeShortlist, makeShortlist } from './table.js';

/** Defaults of {@link BuildShortlistOptions}, declared once. */
export const SHORTLIST_DEFAULTS = { k: 50, frequent: 200, iterations: 5, beams: 1, batchSize: 8 } as const;

/** Progress of a build: translating (lines done of total), aligning (iterations), writing. */
export type ShortlistBuildProgress =
  | { phase: 'translate'; done: number; total: number; resumed: number }
  | { phase: 'align'; done: number; total: number }
  | { phase: 'write'; file: string };

/** Options of {@link buildShortlist}. */
export interface BuildShortlistOptions extends Pick<TransformersBackendSettings, 'dtype' | 'threads' | 'modelsDir' | 'cacheDir' | 'allowRemote' | 'transformers'> {
  /** Model id or folder the shortlist is for (its vocabulary's ids go into the file). */
  model: string;
  /** French text, one sentence (or short paragraph) per line; empty lines are skipped. */
  corpus: string;
  /** Where to write the shortlist (a model folder's `shortlist.bin` is used by default). */
  out: string;
  /** Targets kept per source piece, best aligned first. @default 50 */
  k?: number;
  /** Most frequent output pieces always allowed. @default 200 */
  frequent?: number;
  /** IBM Model 1 EM iterations. @default 5 */
  iterations?: number;
  /** Beams when translating the corpus (1: greedy, the fastest; the shortlist then follows greedy output). @default 1 */
  beams?: number;
  /** Lines per model call. @default 8 */
  batchSize?: number;
  /**
   * English translations of the corpus, one per line (same line count): aligned instead of the
   * model's own translations (nothing is translated; no checkpoint). A human reference gives
   * lists of a real model's size for a model whose own output says little (random weights).
   * The pieces come from the model's input tokenizer (the vocabulary is shared).
   */
  references?: string;
  /** The checkpoint of translations; delete it to start over. @default `<out>.progress.jsonl` */
  checkpoint?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ShortlistBuildProgress) => void;
}

/** What a build wrote and from what. */
export interface BuildShortlistResult {
  file: string;
  /** Corpus lines aligned. */
  sentences: number;
  /** Lines longer than the model's input limit, left out. */
  skipped: number;
  /** Lines translated by an earlier, interrupted run (read from the checkpoint). */
  resumed: number;
  /** Source pieces with a list, and list entries in all. */
  sourcePieces: number;
  entries: number;
  /** Size of the vocabulary, and of the union of the frequent list. */
  vocabSize: number;
  /** Milliseconds spent translating in this run. */
  translateMs: number;
}

/** FNV-1a of a string: enough to tell that a checkpoint belongs to another corpus or model. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new InputError(`Expected \`${name}\` to be an integer from 1 up.`, { option: name });
  return value;
}

async function append(file: string, text: string): Promise<void> {
  await platform.appendStream(file, new Blob([text]).stream() as ReadableStream<Uint8Array>);
}

/** A build's checked options and corpus. */
interface BuildPlan {
  options: BuildShortlistOptions;
  k: number;
  frequentCount: number;
  iterations: number;
  beams: number;
  batchSize: number;
  lines: string[];
  checkpoint: string;
}

/** Pairs of source and output pieces by corpus line, and the lines left out (too long). */
interface Corpus {
  pairs: Map<number, IdPair>;
  skipped: Set<number>;
  /** Ids that are not pieces of a sentence (end, padding, decoder start). */
  special: ReadonlySet<number>;
}

type LeanModel = LoadedModel & { lean: NonNullable<LoadedModel['lean']> };

/**
 * Builds a shortlist for `model` from the French `corpus` and writes it to `out`.
 * @throws InputError for a missing corpus or bad options; ModelLoadError when the model does not load; AbortError when `signal` aborts (the checkpoint keeps what was translated)
 */
export async function buildShortlist(options: BuildShortlistOptions): Promise<BuildShortlistResult> {
  const plan = planBuild(options);
  const { signal, onProgress } = options;
  const loaded = await loadModel({
    model: options.model,
    shortlist: false,
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.modelsDir ? { modelsDir: options.modelsDir } : {}),
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.allowRemote !== undefined ? { allowRemote: options.allowRemote } : {}),
    ...(options.transformers ? { transformers: options.transformers } : {}),
  });
  try {
    if (!loaded.lean) throw new InputError(`Model \`${options.model}\` is not one fr2en's lean decoder drives; a shortlist cannot be built or used for it.`, { option: 'model' });
    const lean = { ...loaded, lean: loaded.lean };
    const corpus = readCorpus(plan, lean);
    const resumed = options.references !== undefined ? 0 : corpus.pairs.size + corpus.skipped.size;
    const started = performance.now();
    onProgress?.({ phase: 'translate', done: corpus.pairs.size + corpus.skipped.size, total: plan.lines.length, resumed });
    await translateRest(plan, lean, corpus, resumed);
    const translateMs = performance.now() - started;
    const aligned = [...corpus.pairs.values()];
    const vocabSize: number = loaded.model.config?.vocab_size;
    const rows = alignedRows(plan, aligned);
    const table = makeShortlist(vocabSize, rows, frequentPieces(aligned, plan.frequentCount), {
      format: 'fr2en-shortlist',
      model: options.model,
      dtype: loaded.info.dtype,
      sentences: aligned.length,
      k: plan.k,
      frequent: plan.frequentCount,
      iterations: plan.iterations,
      ...(options.references !== undefined ? { aligned: 'references' } : { aligned: 'model', beams: plan.beams }),
    });
    throwIfAborted(signal);
    onProgress?.({ phase: 'write', file: options.out });
    platform.mkdirp(platform.path.dirname(options.out));
    await platform.writeStream(options.out, new Blob([encodeShortlist(table) as Uint8Array<ArrayBuffer>]).stream() as ReadableStream<Uint8Array>);
    return {
      file: options.out,
      sentences: aligned.length,
      skipped: corpus.skipped.size,
      resumed,
      sourcePieces: rows.filter((r) => r.length > 0).length,
      entries: table.targets.length,
      vocabSize,
      translateMs,
    };
  } catch (error) {
    if (signal?.aborted && !(error instanceof AbortError)) throw new AbortError(undefined, { cause: signal.reason });
    throw error;
  } finally {
    await (loaded as LoadedModel).model.dispose?.();
  }
}

/** Checks the options and reads the corpus. @throws InputError */
function planBuild(options: BuildShortlistOptions): BuildPlan {
  const k = positiveInteger(options.k, 'k', SHORTLIST_DEFAULTS.k);
  const frequentCount = positiveInteger(options.frequent, 'frequent', SHORTLIST_DEFAULTS.frequent);
  const iterations = positiveInteger(options.iterations, 'iterations', SHORTLIST_DEFAULTS.iterations);
  const beams = positiveInteger(options.beams, 'beams', SHORTLIST_DEFAULTS.beams);
  const batchSize = positiveInteger(options.batchSize, 'batchSize', SHORTLIST_DEFAULTS.batchSize);
  if (!platform.exists(options.corpus)) throw new InputError(`\`corpus\` file ${options.corpus} does not exist.`, { option: 'corpus' });
  const lines = platform.readText(options.corpus).split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0) throw new InputError(`\`corpus\` file ${options.corpus} has no text.`, { option: 'corpus' });
  return { options, k, frequentCount, iterations, beams, batchSize, lines, checkpoint: options.checkpoint ?? `${options.out}.progress.jsonl` };
}

/**
 * The pairs known before translating: every line with `references`; else those of the
 * checkpoint (started, with its header, when there is none).
 * @throws InputError for references of another length, or a checkpoint of another build
 */
function readCorpus({ options, lines, checkpoint, beams }: BuildPlan, loaded: LeanModel): Corpus {
  // a folder is named by its absolute path, so a rerun from elsewhere (or with `./`) still matches
  const modelName = platform.exists(options.model) ? platform.path.resolve(options.model) : options.model;
  const header = { model: modelName, dtype: loaded.info.dtype, corpus: fingerprint(lines.join('\n')), lines: lines.length, beams };
  // the checkpoint: a header line, then one line per translated corpus line
  const corpus: Corpus = { pairs: new Map(), skipped: new Set(), special: new Set([...loaded.settings.eos, loaded.settings.padId, loaded.lean.decoderStart]) };
  const pieces = (line: string) => loaded.tokenizer.encode(loaded.settings.prefix + loaded.normalize(line)).filter((id) => !corpus.special.has(id));
  if (options.references !== undefined) {
    if (!platform.exists(options.references)) throw new InputError(`\`references\` file ${options.references} does not exist.`, { option: 'references' });
    const english = platform.readText(options.references).split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
    if (english.length !== lines.length) {
      throw new InputError(`\`references\` has ${english.length} lines where \`corpus\` has ${lines.length}: they must be line-aligned translations.`, { option: 'references' });
    }
    lines.forEach((line, i) => corpus.pairs.set(i, { source: pieces(line), target: pieces(english[i]!) }));
  } else if (platform.exists(checkpoint)) {
    const [first, ...rest] = platform.readText(checkpoint).split('\n');
    if (first !== JSON.stringify(header)) {
      throw new InputError(`Checkpoint ${checkpoint} belongs to another model, corpus or beam setting; delete it to start over, or pass another \`checkpoint\`.`, { option: 'checkpoint' });
    }
    for (const line of rest) {
      if (!line) continue;
      try {
        const row = JSON.parse(line) as { i: number; s?: number[]; t?: number[] };
        if (row.s && row.t) corpus.pairs.set(row.i, { source: row.s, target: row.t });
        else corpus.skipped.add(row.i);
      } catch {
        // a line cut by an interruption: translated again
      }
    }
  } else {
    platform.mkdirp(platform.path.dirname(checkpoint));
    platform.writeTextAtomic(checkpoint, `${JSON.stringify(header)}\n`);
  }
  return corpus;
}

/** Translates the lines the corpus does not have yet, `batchSize` at a time, appending each batch to the checkpoint. */
async function translateRest({ options, lines, checkpoint, beams, batchSize }: BuildPlan, loaded: LeanModel, corpus: Corpus, resumed: number): Promise<void> {
  const { pairs, skipped, special } = corpus;
  const { signal, onProgress } = options;
  const todo = lines.map((_, i) => i).filter((i) => !pairs.has(i) && !skipped.has(i));
  for (let at = 0; at < todo.length; at += batchSize) {
    throwIfAborted(signal);
    const chunk = todo.slice(at, at + batchSize);
    const fits = chunk.filter((i) => loaded.tokenizer.encode(loaded.settings.prefix + loaded.normalize(lines[i]!)).length <= loaded.info.maxInputTokens);
    let record = chunk.filter((i) => !fits.includes(i)).map((i) => JSON.stringify({ i })).join('\n');
    for (const i of chunk) if (!fits.includes(i)) skipped.add(i);
    if (fits.length > 0) {
      const batch = encodeBatch(loaded, fits.map((i) => lines[i]!));
      // a real model ends well before this cap; a runaway (or random-weight) model stops at it
      const maxNew = fits.map((_, r) => Math.min(loaded.info.maxOutputTokens - 1, Math.ceil(1.5 * rowLength(batch, r)) + 10));
      const result = await decodeLean(loaded, batch, { maxNew, minNew: fits.map(() => loaded.settings.generation.minNewTokens) }, {
        inputs: fits.map((i) => lines[i]!),
        maxNewTokens: maxNew,
        beams,
        ...(signal ? { signal } : {}),
      });
      fits.forEach((i, r) => {
        const source = sourceIds(batch, r).filter((id) => !special.has(id));
        const target = result.tokens[r]!.filter((id) => !special.has(id));
        pairs.set(i, { source, target });
        record += (record ? '\n' : '') + JSON.stringify({ i, s: source, t: target });
      });
    }
    await append(checkpoint, `${record}\n`);
    onProgress?.({ phase: 'translate', done: pairs.size + skipped.size, total: lines.length, resumed });
  }
}

/**
 * Per source piece, its list: the `k` best aligned targets (IBM Model 1), and every aligned pair
 * of the corpus too (each output piece linked to the source piece that most probably produced
 * it, NULL aside), so the corpus's own translations stay covered.
 */
function alignedRows({ options, k, iterations }: BuildPlan, corpus: readonly IdPair[]): number[][] {
  const t = ibmModel1(corpus, { iterations, onIteration: (done) => options.onProgress?.({ phase: 'align', done, total: iterations }) });
  const best = topTargets(t, k);
  for (const p of corpus) {
    for (const e of p.target) {
      let from = -1;
      let score = -1;
      for (const f of p.source) {
        const q = t.get(f)?.get(e) ?? 0;
        if (q > score) [from, score] = [f, q];
      }
      if (from < 0) continue;
      const row = best.get(from) ?? [];
      if (!row.includes(e)) row.push(e);
      best.set(from, row);
    }
  }
  const rowsCount = Math.max(0, ...best.keys()) + 1;
  return Array.from({ length: rowsCount }, (_, s) => best.get(s) ?? []);
}

/** The `count` most frequent output pieces of the corpus (ties: lower id first). */
function frequentPieces(corpus: readonly IdPair[], count: number): number[] {
  const counts = new Map<number, number>();
  for (const p of corpus) for (const e of p.target) counts.set(e, (counts.get(e) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, count).map(([e]) => e);
}

function rowLength(batch: ReturnType<typeof encodeBatch>, r: number): number {
  let n = 0;
  for (let k = 0; k < batch.length; k++) if (batch.attentionMask[r * batch.length + k] === 1n) n++;
  return n;
}

function sourceIds(batch: ReturnType<typeof encodeBatch>, r: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < batch.length; k++) if (batch.attentionMask[r * batch.length + k] === 1n) out.push(Number(batch.inputIds[r * batch.length + k]));
  return out;
}
