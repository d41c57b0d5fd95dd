/**
 * One benchmark contender, run in its own process so that its load time and peak RSS are
 * its own. Prints one JSON line on stdout. Driven by bench/run.ts.
 *
 *   node --import tsx bench/contender.ts <name> <translation-model-dir> [<summary-model-dir>] [--limit N]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './report.js';
// the pipeline's own bookkeeping for names and capitals, pure functions timed beside checkTranslation
import { keepsSpellings, repeatedNames } from '../src/pipeline/translate/names.js';
import { isAllCaps } from '../src/pipeline/translate/recase.js';
// The built package, as users run it (`npm run build` first): the pool's worker threads then start
// from dist/pool-worker.js; from the sources they would compile TypeScript as they start (~1.3 s
// more per thread). Typed from the sources, loaded from dist.
const { checkTranslation, createPooledBackend, createTransformersBackend, createTranslator, digest, openTranslationCache, segment } = (await import(
  new URL('../dist/index.js', import.meta.url).href
)) as typeof import('../src/index.js');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Infinity;
const shortlistAt = args.indexOf('--shortlist');
/** The vocabulary shortlist of the `*-shortlist*` contenders (bench/run.ts passes `.cache/shortlists/<model>.bin`). */
const shortlistFile = shortlistAt >= 0 ? args[shortlistAt + 1] : undefined;
const positional = args.filter((a, i) => !a.startsWith('--') && (limitAt < 0 || i !== limitAt + 1) && (shortlistAt < 0 || i !== shortlistAt + 1));
const name: string = positional[0] ?? '';
const modelDir: string = positional[1] ?? '';
const summaryDir: string = positional[2] ?? '';
if (!name || !modelDir) throw new Error('usage: contender.ts <name> <model-dir> [<summary-dir>] [--limit N]');

const seed = readFileSync(path.join(ROOT, 'seeds', 'kazakhstan-2022-fr.txt'), 'utf8');
const sentences = segment(seed).map((s) => s.text).slice(0, limit);
const text = sentences.join(' ');
const maxPositions: number = JSON.parse(readFileSync(path.join(modelDir, 'config.json'), 'utf8')).max_position_embeddings ?? 512;
/** Every contender is forced to the same output length per sentence: 1.2 × its source tokens (within the model's positions). */
const forced = (sourceTokens: number) => Math.min(Math.ceil(1.2 * sourceTokens), maxPositions - 2);


function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function transformersPipeline(dtype: 'fp32' | 'q8', perSentence: boolean): Promise<Report> {
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  const t0 = performance.now();
  const pipe = (await tf.pipeline('translation', modelDir!, { dtype })) as unknown as (
    input: string | string[],
    options: Record<string, unknown>,
  ) => Promise<Array<{ translation_text: string }>>;
  const loadMs = performance.now() - t0;
  const tokenizer = (pipe as unknown as { tokenizer: { encode(t: string): number[] } }).tokenizer;
  const lengths = sentences.map((s) => forced(tokenizer.encode(s).length));
  const targetTokens = lengths.reduce((a, b) => a + b, 0);
  const t1 = performance.now();
  let first = 0;
  if (perSentence) {
    for (const [i, s] of sentences.entries()) {
      await pipe(s, { max_new_tokens: lengths[i], min_new_tokens: lengths[i] });
      if (i === 0) first = performance.now() - t1;
    }
  } else {
    // one call with every sentence: rows are decoded until the longest ends whatever their own length
    const longest = Math.max(...lengths);
    await pipe(sentences, { max_new_tokens: longest, min_new_tokens: longest });
    first = performance.now() - t1;
  }
  const wallMs = performance.now() - t1;
  return {
    name,
    dtype,
    sentences: sentences.length,
    targetTokens,
    loadMs,
    wallMs,
    firstSentenceMs: first,
    tokensPerSecond: (targetTokens / wallMs) * 1000,
    peakRssMb: peakRssMb(),
  };
}

async function fr2en(options: {
  dtype?: 'fp32' | 'q8';
  decoder?: 'lean' | 'library';
  batchSize?: number;
  beams?: number;
  workers?: number;
  threads?: number;
  /** A pool that starts its worker threads with the model (`prestart`), driven at `workers` batches at once. */
  prestart?: boolean;
  /**
   * Run the second pass (repair of flagged sentences, one spelling per name). Off by default so
   * that throughput compares with earlier runs: random weights loop, so every sentence would be
   * decoded twice.
   */
  secondPass?: boolean;
  /** Decode over the vocabulary shortlist given with `--shortlist`. */
  shortlist?: boolean;
}): Promise<Report> {
  const quality = { repair: options.secondPass ?? false, consistentNames: options.secondPass ?? false };
  if (options.shortlist && !shortlistFile) throw new Error('this contender needs --shortlist <file>');
  const translator = options.prestart
    ? createTranslator({
        backend: createPooledBackend({ settings: { model: modelDir!, threads: options.threads ?? 1 }, workers: options.workers ?? 2, prestart: true }),
        concurrency: options.workers ?? 2,
        ...(options.beams ? { beams: options.beams } : {}),
        ...quality,
      })
    : options.decoder
    ? createTranslator({
        backend: createTransformersBackend({
          model: modelDir!,
          dtype: options.dtype ?? 'auto',
          decoder: options.decoder,
        }),
        ...quality,
      })
    : createTranslator({
        model: modelDir!,
        ...(options.dtype ? { dtype: options.dtype } : {}),
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        ...(options.beams ? { beams: options.beams } : {}),
        ...(options.workers ? { workers: options.workers } : {}),
        ...(options.threads ? { threads: options.threads } : {}),
        ...quality,
        ...(options.shortlist ? { shortlist: shortlistFile! } : {}),
      });
  const t0 = performance.now();
  const info = await translator.load();
  const loadMs = performance.now() - t0;
  // the first document after load (a pool starts its worker threads during it), then the same
  // document again with the pool running (steady state, as a server or a batch of files sees it)
  const document = async () => {
    const t1 = performance.now();
    const cpu = process.cpuUsage();
    let first = 0;
    // the first `sentence` progress event comes when sentence 0 (and all before it) is done: the streaming latency
    const result = await translator.translate(sentences, {
      generation: { minNewTokens: forced, maxNewTokens: forced },
      onProgress: (e) => {
        if (e.type === 'sentence' && first === 0) first = performance.now() - t1;
      },
    });
    const wallMs = performance.now() - t1;
    const used = process.cpuUsage(cpu);
    return { result, wallMs, first, cores: (used.user + used.system) / 1000 / wallMs };
  };
  const { result, wallMs, first, cores } = await document();
  const warm = await document();
  await translator.dispose();
  return {
    name,
    dtype: info.dtype,
    sentences: sentences.length,
    targetTokens: result.usage.outputTokens,
    loadMs,
    wallMs,
    firstSentenceMs: first,
    tokensPerSecond: (result.usage.outputTokens / wallMs) * 1000,
    peakRssMb: peakRssMb(),
    runtimeMs: result.usage.runtimeMs,
    decodingSteps: result.usage.steps,
    paddingRatio: result.usage.paddingRatio,
    coresUsed: cores,
    warm: { wallMs: warm.wallMs, firstSentenceMs: warm.first, tokensPerSecond: (warm.result.usage.outputTokens / warm.wallMs) * 1000, coresUsed: warm.cores },
  };
}

/**
 * Abstractive summary generation alone, through the backend: the seed packed into chunks under
 * the model's input limit, each forced to 56 new tokens (distilbart's min_length), n-gram rule on.
 */
async function summaryRun(beams: number): Promise<Report> {
  const backend = createTransformersBackend({ model: summaryDir!, task: 'summarization' });
  const t0 = performance.now();
  const info = await backend.doLoad({});
  const loadMs = performance.now() - t0;
  const counts = await backend.doCountTokens(sentences);
  const limit = Math.min(info.maxInputTokens, 400);
  const chunks: string[] = [];
  let current: string[] = [];
  let tokens = 0;
  sentences.forEach((s, i) => {
    if (counts[i]! > limit) return;
    if (tokens + counts[i]! > limit && current.length > 0) {
      chunks.push(current.join(' '));
      current = [];
      tokens = 0;
    }
    current.push(s);
    tokens += counts[i]!;
  });
  if (current.length > 0) chunks.push(current.join(' '));
  const inputs = chunks.slice(0, 4);
  const length = Math.min(56, info.maxOutputTokens - 2);
  const t1 = performance.now();
  const result = await backend.doGenerate({ inputs, maxNewTokens: inputs.map(() => length), minNewTokens: inputs.map(() => length), noRepeatNgramSize: 3, beams });
  const wallMs = performance.now() - t1;
  const targetTokens = result.outputs.reduce((a, o) => a + o.tokens, 0);
  await backend.doDispose();
  return {
    name,
    dtype: info.dtype,
    sentences: inputs.length,
    targetTokens,
    loadMs,
    wallMs,
    firstSentenceMs: wallMs,
    tokensPerSecond: (targetTokens / wallMs) * 1000,
    peakRssMb: peakRssMb(),
    runtimeMs: result.runtimeMs ?? 0,
    decodingSteps: result.steps,
  };
}

async function digestRun(order: 'translate-first' | 'summarize-first', method: 'abstractive' | 'extractive' = 'abstractive'): Promise<Report> {
  const t1 = performance.now();
  const result = await digest(text, {
    order,
    method,
    translator: { model: modelDir!, repair: false, consistentNames: false },
    summarizer: { model: summaryDir! },
    generation: { minNewTokens: forced, maxNewTokens: forced },
  });
  const wallMs = performance.now() - t1;
  const translated = result.sentences.filter((s) => s.translation !== null).length;
  return {
    name,
    sentences: sentences.length,
    targetTokens: 0,
    loadMs: 0,
    wallMs,
    firstSentenceMs: 0,
    tokensPerSecond: 0,
    peakRssMb: peakRssMb(),
    translated,
    extra: { timings: result.timings, summaryChars: result.summary.length },
  };
}

/**
 * What the quality checks cost beside the translation they check: the seed translated once
 * (defaults, no second pass; its flags are computed during it), then what the pipeline adds per
 * document run again, 20 times, timed: `checkTranslation` over every sentence, the capitals test,
 * the repeated names and their spellings. `extra.checksShare` is that time over the
 * translation's wall time (the budget: 3 %).
 */
async function checksRun(): Promise<Report> {
  const translator = createTranslator({ model: modelDir!, repair: false, consistentNames: false });
  const t0 = performance.now();
  const info = await translator.load();
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  const result = await translator.translate(text);
  const wallMs = performance.now() - t1;
  await translator.dispose();
  const rounds = 20;
  const t2 = performance.now();
  let flagged = 0;
  for (let k = 0; k < rounds; k++) {
    for (const s of result.sentences) {
      const flags = checkTranslation(s.source, s.translation, { ...(s.score !== undefined ? { score: s.score } : {}), finished: !s.flags.some((f) => f.code === 'truncated') });
      if (k === 0 && flags.length > 0) flagged++;
    }
  }
  const t3 = performance.now();
  for (let k = 0; k < rounds; k++) {
    const sources = result.sentences.map((s) => s.source);
    sources.forEach(isAllCaps);
    const names = repeatedNames(sources);
    const namesIn = new Map<number, string[]>();
    for (const [n, list] of names) for (const i of list) namesIn.set(i, [...(namesIn.get(i) ?? []), n]);
    const chosen = new Map<string, string>();
    result.sentences.forEach((s, i) => keepsSpellings(namesIn.get(i) ?? [], s.translation, chosen));
  }
  const bookkeepingMs = (performance.now() - t3) / rounds;
  const checksMs = (t3 - t2) / rounds + bookkeepingMs;
  return {
    name,
    dtype: info.dtype,
    sentences: result.sentences.length,
    targetTokens: result.usage.outputTokens,
    loadMs,
    wallMs,
    firstSentenceMs: 0,
    tokensPerSecond: (result.usage.outputTokens / wallMs) * 1000,
    peakRssMb: peakRssMb(),
    runtimeMs: result.usage.runtimeMs,
    extra: { checksMs, bookkeepingMs, checksShare: checksMs / wallMs, flagged, flagCounts: result.flagCounts },
  };
}

/**
 * The translation cache: the seed translated once (filling the cache), then again (every sentence
 * from the cache), in memory or in the SQLite file; `warm` is the second run, `extra.ratio` its
 * share of the first's wall time.
 */
async function cacheRun(kind: 'memory' | 'sqlite'): Promise<Report> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-bench-cache-'));
  const store = kind === 'sqlite' ? await openTranslationCache({ file: path.join(dir, 'translations.sqlite') }) : undefined;
  const translator = createTranslator({ model: modelDir!, cache: store ?? true });
  const t0 = performance.now();
  const info = await translator.load();
  const loadMs = performance.now() - t0;
  const run = async () => {
    const t1 = performance.now();
    const result = await translator.translate(text, { generation: { minNewTokens: forced, maxNewTokens: forced } });
    return { result, wallMs: performance.now() - t1 };
  };
  const first = await run();
  const second = await run();
  await translator.dispose();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
  const same = second.result.text === first.result.text && second.result.sentences.every((s, i) => s.score === first.result.sentences[i]!.score);
  return {
    name,
    dtype: info.dtype,
    sentences: first.result.sentences.length,
    targetTokens: first.result.usage.outputTokens,
    loadMs,
    wallMs: first.wallMs,
    firstSentenceMs: 0,
    tokensPerSecond: (first.result.usage.outputTokens / first.wallMs) * 1000,
    peakRssMb: peakRssMb(),
    warm: { wallMs: second.wallMs, firstSentenceMs: 0, tokensPerSecond: 0, coresUsed: 0 },
    extra: { ratio: second.wallMs / first.wallMs, cacheHits: second.result.usage.cacheHits, pieces: second.result.usage.pieces, sameOutput: same },
  };
}

const runners: Record<string, () => Promise<Report>> = {
  'fr2en-checks': () => checksRun(),
  // the second pass on: random weights loop, so this is its worst case (every sentence decoded again)
  'fr2en-repair': () => fr2en({ secondPass: true }),
  'fr2en-cache-memory': () => cacheRun('memory'),
  'fr2en-cache-sqlite': () => cacheRun('sqlite'),
  'naive-fp32': () => transformersPipeline('fp32', true),
  'pipeline-all-fp32': () => transformersPipeline('fp32', false),
  'pipeline-all-q8': () => transformersPipeline('q8', false),
  'fr2en-fp32': () => fr2en({ dtype: 'fp32' }),
  'fr2en-generate-q8': () => fr2en({ dtype: 'q8', decoder: 'library' }),
  'fr2en-defaults': () => fr2en({}),
  'fr2en-batch12': () => fr2en({ batchSize: 12 }),
  'fr2en-beams1': () => fr2en({ beams: 1 }),
  'fr2en-beams4': () => fr2en({ beams: 4 }),
  // the output layer over a vocabulary shortlist (the model's default 4 beams, and greedy)
  'fr2en-shortlist': () => fr2en({ shortlist: true }),
  'fr2en-shortlist-beams1': () => fr2en({ shortlist: true, beams: 1 }),
  // the worker pool, greedy: workers × threads; fr2en-1x1 is fr2en's greedy defaults before the pool on 2 cores
  'fr2en-1x1': () => fr2en({ beams: 1, workers: 1, threads: 1 }),
  'fr2en-1x2': () => fr2en({ beams: 1, workers: 1, threads: 2 }),
  'fr2en-2x1': () => fr2en({ beams: 1, workers: 2, threads: 1 }),
  'fr2en-2x1-prestart': () => fr2en({ beams: 1, workers: 2, threads: 1, prestart: true }),
  'fr2en-beams1-w1': () => fr2en({ beams: 1, workers: 1 }),
  'fr2en-beams4-w1': () => fr2en({ beams: 4, workers: 1 }),
  'fr2en-beams4-w2': () => fr2en({ beams: 4, workers: 2 }),
  'summary-beams1': () => summaryRun(1),
  'summary-beams4': () => summaryRun(4),
  'digest-translate-first': () => digestRun('translate-first'),
  'digest-summarize-first': () => digestRun('summarize-first'),
  'digest-summarize-first-extractive': () => digestRun('summarize-first', 'extractive'),
};
const runner = runners[name];
if (!runner) throw new Error(`unknown contender ${name}; known: ${Object.keys(runners).join(', ')}`);
const report = await runner();
process.stdout.write(`${JSON.stringify(report)}\n`);
