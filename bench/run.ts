/**
 * `npm run bench`: translation throughput of fr2en against what most users write with
 * transformers.js, on full-size synthetic models (random weights, real shapes), in one run.
 * Each contender runs in its own process (own load time and peak RSS), one after another.
 *
 *   npm run bench                 # full run on .cache/bench-models (make them with `npm run bench:models`)
 *   npm run bench -- --smoke      # a quick run on the tiny test fixtures (CI), no BENCHMARKS.md update
 *   npm run bench -- --only fr2en-defaults,naive-fp32
 *   npm run bench -- --cores 1    # every contender pinned to one core (taskset -c 0): the 1-core view
 *   npm run bench -- --only fr2en-shortlist --shortlist FILE   # another shortlist than .cache/shortlists/<model>.bin
 *
 * Writes bench/results/<timestamp>.json and, for a full run, the table in BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : undefined;
const coresAt = argv.indexOf('--cores');
/** Cores the contenders may use (taskset -c 0..n-1); all of them when not given. */
const cores = coresAt >= 0 ? Number(argv[coresAt + 1]) : undefined;
if (cores !== undefined && !(Number.isInteger(cores) && cores >= 1 && cores <= os.availableParallelism())) {
  console.error(`--cores takes a number of cores from 1 to ${os.availableParallelism()}`);
  process.exit(1);
}

const models = smoke
  ? { translation: path.join(ROOT, 'test/fixtures/models/marian-tiny'), summary: path.join(ROOT, 'test/fixtures/models/bart-tiny') }
  : {
      translation: path.join(ROOT, '.cache/bench-models/opus-mt-fr-en-synthetic'),
      summary: path.join(ROOT, '.cache/bench-models/distilbart-cnn-6-6-synthetic'),
    };
// the contenders run the built package: it must be there and newer than every source file
const newestSource = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (m, e) => Math.max(m, e.isDirectory() ? newestSource(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs),
    0,
  );
const built = path.join(ROOT, 'dist/index.js');
if (!existsSync(built) || statSync(built).mtimeMs < newestSource(path.join(ROOT, 'src'))) {
  console.error('The benchmark runs the built package and dist/ is missing or older than src/: run `npm run build` first.');
  process.exit(1);
}
// the summary model only when a contender summarises
const needsSummary = !only || [...only].some((c) => c.startsWith('summary') || c.startsWith('digest'));
for (const dir of needsSummary ? Object.values(models) : [models.translation]) {
  if (!existsSync(path.join(dir, 'config.json'))) {
    console.error(`Missing benchmark model ${dir}. Make the synthetic models first: npm run bench:models`);
    process.exit(1);
  }
}

const contenders = [
  'naive-fp32',
  'pipeline-all-fp32',
  'pipeline-all-q8',
  'fr2en-fp32',
  'fr2en-generate-q8',
  'fr2en-defaults',
  'fr2en-1x1',
  'fr2en-1x2',
  'fr2en-2x1',
  'fr2en-2x1-prestart',
  'fr2en-batch12',
  'fr2en-beams1',
  'fr2en-beams4',
  'fr2en-shortlist',
  'fr2en-shortlist-beams1',
  'fr2en-beams1-w1',
  'fr2en-beams4-w1',
  'fr2en-beams4-w2',
  'summary-beams1',
  'summary-beams4',
  'digest-translate-first',
  'digest-summarize-first',
  'digest-summarize-first-extractive',
  'fr2en-checks',
  'fr2en-repair',
  'fr2en-cache-memory',
  'fr2en-cache-sqlite',
].filter((c) => !only || only.has(c))
  .filter((c) => !(smoke && c.endsWith('q8'))); // the tiny fixtures ship fp32 only


// the shortlist contenders read .cache/shortlists/<model>.bin, built by `fr2en shortlist build` (docs/guide/shortlist.md)
const shortlistAt = argv.indexOf('--shortlist');
const shortlistFile = shortlistAt >= 0 ? path.resolve(argv[shortlistAt + 1] ?? '') : path.join(ROOT, '.cache/shortlists', `${path.basename(models.translation)}.bin`);
const withShortlist = (c: string) => c.includes('shortlist');
if (smoke && contenders.some(withShortlist) && !existsSync(shortlistFile)) {
  // the smoke run keeps the shortlist contenders working: a list for the tiny fixture, built from the seed
  console.error(`Building ${path.relative(ROOT, shortlistFile)} for the smoke run (fr2en shortlist build on the seed)…`);
  const cli = path.join(ROOT, 'dist/cli.js');
  const corpus = path.join(ROOT, 'seeds/kazakhstan-2022-fr.txt');
  execFileSync(process.execPath, [cli, 'shortlist', 'build', '--model', models.translation, '--corpus', corpus, '--out', shortlistFile, '--offline', '-q'], { stdio: 'inherit' });
}
if (contenders.some(withShortlist) && !existsSync(shortlistFile)) {
  console.error(`Missing shortlist ${shortlistFile} for the shortlist contenders: build it (docs/guide/shortlist.md) or leave them out with --only.`);
  process.exit(1);
}

const reports: Report[] = [];
for (const name of contenders) {
  process.stderr.write(`running ${name}… `);
  const args = ['--import', 'tsx', path.join(ROOT, 'bench/contender.ts'), name, models.translation, models.summary];
  if (smoke) args.push('--limit', '6');
  if (withShortlist(name)) args.push('--shortlist', shortlistFile);
  const [file, fileArgs] = cores === undefined ? [process.execPath, args] : ['taskset', ['-c', `0-${cores - 1}`, process.execPath, ...args]];
  const out = execFileSync(file, fileArgs, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const report = JSON.parse(out.trim().split('\n').at(-1)!) as Report;
  reports.push(report);
  process.stderr.write(`${Math.round(report.wallMs)} ms\n`);
}

const checks = reports.find((r) => r.name === 'fr2en-checks');
if (checks?.extra) {
  const { checksMs, checksShare } = checks.extra as { checksMs: number; checksShare: number };
  process.stderr.write(`quality checks: ${checksMs.toFixed(2)} ms over ${checks.sentences} sentences, ${(100 * checksShare).toFixed(2)} % of the translation's ${Math.round(checks.wallMs)} ms (budget 3 %)\n`);
}

function packageVersion(name: string): string {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}
const modelShape = (dir: string) => {
  if (!existsSync(path.join(dir, 'config.json'))) return 'not made';
  const c = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
  return `${c.model_type} d_model ${c.d_model}, ${c.encoder_layers}+${c.decoder_layers} layers, ${c.encoder_attention_heads} heads, ffn ${c.encoder_ffn_dim}, vocab ${c.vocab_size}`;
};
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: cores ?? os.availableParallelism(),
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  onnxruntime: packageVersion('onnxruntime-node'),
  transformers: packageVersion('@huggingface/transformers'),
};
const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const result = {
  date: new Date().toISOString(),
  command,
  machine,
  models: { translation: modelShape(models.translation), summary: modelShape(models.summary) },
  note: 'Random weights: every contender is forced to 1.2 × source tokens of output per sentence.',
  reports,
};
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
const file = path.join(ROOT, 'bench/results', `${smoke ? 'smoke-' : ''}${stamp}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

const naive = reports.find((r) => r.name === 'naive-fp32');
const f = (n: number | undefined, d = 0) => (n === undefined ? '—' : n.toFixed(d));
const poolNames = new Set(['fr2en-1x1', 'fr2en-1x2', 'fr2en-2x1', 'fr2en-2x1-prestart', 'fr2en-beams1', 'fr2en-beams4', 'fr2en-beams1-w1', 'fr2en-beams4-w1', 'fr2en-beams4-w2']);
const rows = reports
  .filter((r) => !r.name.startsWith('digest') && !r.name.startsWith('summary') && !poolNames.has(r.name))
  .map((r) => {
    const ratio = naive ? naive.wallMs / r.wallMs : undefined;
    const overhead = r.runtimeMs ? (100 * (r.wallMs - r.runtimeMs)) / r.runtimeMs : undefined;
    return `| ${r.name} | ${r.dtype ?? ''} | ${f(r.tokensPerSecond)} | ${f(r.wallMs)} | ${f(r.firstSentenceMs)} | ${f(r.loadMs)} | ${r.peakRssMb} | ${f(ratio, 2)}× | ${overhead === undefined ? '—' : `${overhead.toFixed(1)} %`} |`;
  });
const cacheRows = reports
  .filter((r) => r.name.startsWith('fr2en-cache-'))
  .map((r) => {
    const x = (r.extra ?? {}) as { ratio?: number; cacheHits?: number; pieces?: number; sameOutput?: boolean };
    return `| ${r.name} | ${f(r.wallMs)} | ${f(r.warm?.wallMs, 1)} | ${f(x.ratio === undefined ? undefined : 100 * x.ratio, 2)} % | ${x.cacheHits}/${x.pieces} | ${x.sameOutput ? 'yes' : 'NO'} |`;
  });
const digestRows = reports
  .filter((r) => r.name.startsWith('digest'))
  .map((r) => {
    const t = (r.extra?.timings ?? {}) as { translate?: number; summarize?: number; total?: number };
    return `| ${r.name} | ${r.translated}/${r.sentences} | ${f(t.translate)} | ${f(t.summarize)} | ${f(t.total)} | ${r.peakRssMb} |`;
  });
// the worker pool: workers × threads side by side; fr2en-1x1 is fr2en's defaults before the pool on 2 cores
const before = reports.find((r) => r.name === 'fr2en-1x1');
const shape: Record<string, string> = {
  'fr2en-defaults': `auto (${cores ?? os.availableParallelism()} cores), 4 beams (opus-mt's num_beams)`,
  'fr2en-1x1': '1 × 1, greedy (before the pool)',
  'fr2en-1x2': '1 × 2, greedy',
  'fr2en-2x1': '2 × 1, greedy',
  'fr2en-2x1-prestart': '2 × 1, greedy, threads started at load',
  'fr2en-beams1': 'auto, greedy',
  'fr2en-beams4': 'auto, 4 beams',
  'fr2en-beams1-w1': '1 worker, greedy',
  'fr2en-beams4-w1': '1 worker, 4 beams',
  'fr2en-beams4-w2': '2 workers, 4 beams',
  'fr2en-shortlist': 'auto, 4 beams, vocabulary shortlist',
  'fr2en-shortlist-beams1': 'auto, greedy, vocabulary shortlist',
};
const beamsBefore = reports.find((r) => r.name === 'fr2en-beams4-w1');
const pct = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(2));
const poolRows = reports
  .filter((r) => r.name === 'fr2en-defaults' || poolNames.has(r.name))
  .map((r) => {
    // greedy rows against 1 × 1 greedy; 4-beam rows against 1 worker with 4 beams; warm against warm
    const base = r.name === 'fr2en-defaults' || r.name.startsWith('fr2en-beams4') ? beamsBefore : before;
    const vsBefore = base ? base.wallMs / r.wallMs : undefined;
    const warmVsBefore = base?.warm && r.warm ? base.warm.wallMs / r.warm.wallMs : undefined;
    const vsNaive = naive && r.warm ? naive.wallMs / r.warm.wallMs : undefined;
    const extra = base ? r.peakRssMb - base.peakRssMb : undefined;
    return `| ${r.name} | ${shape[r.name] ?? ''} | ${f(r.tokensPerSecond)} | ${f(r.warm?.tokensPerSecond)} | ${f(r.firstSentenceMs)} / ${f(r.warm?.firstSentenceMs)} | ${pct(r.coresUsed)} / ${pct(r.warm?.coresUsed)} | ${r.peakRssMb} | ${extra === undefined ? '—' : `${extra >= 0 ? '+' : ''}${extra}`} | ${f(vsBefore, 2)}× / ${f(warmVsBefore, 2)}× | ${f(vsNaive, 2)}× |`;
  });
// beams 1 against 4: translation (the seed, forced lengths) and summary generation (4 chunks, 56 tokens each)
const beamRows = ['fr2en', 'summary'].flatMap((kind) => {
  const one = reports.find((r) => r.name === `${kind}-beams1`);
  const four = reports.find((r) => r.name === `${kind}-beams4`);
  return [one, four]
    .filter((r): r is Report => r !== undefined)
    .map((r) => `| ${r.name} | ${f(r.tokensPerSecond)} | ${f(r.wallMs)} | ${r.peakRssMb} | ${one && four && r === four ? `${f(four.wallMs / one.wallMs, 2)}×` : '1.00×'} |`);
});
// the output layer over a vocabulary shortlist against the same settings over the full vocabulary
const shortlistRows = [
  ['fr2en-shortlist', 'fr2en-defaults'],
  ['fr2en-shortlist-beams1', 'fr2en-beams1'],
].flatMap(([withList, base]) => {
  const a = reports.find((r) => r.name === withList);
  const b = reports.find((r) => r.name === base);
  if (!a || !b) return [];
  return [`| ${a.name} | ${b.name} | ${f(a.tokensPerSecond)} / ${f(b.tokensPerSecond)} | ${f(a.warm?.tokensPerSecond)} / ${f(b.warm?.tokensPerSecond)} | ${f(a.tokensPerSecond / b.tokensPerSecond, 2)}× / ${a.warm && b.warm ? f(a.warm.tokensPerSecond / b.warm.tokensPerSecond, 2) : '—'}× | ${a.peakRssMb} / ${b.peakRssMb} |`];
});
const table = [
  `Command: \`${command}\` — ${result.date}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GiB; Node ${machine.node}; onnxruntime-node ${machine.onnxruntime}; @huggingface/transformers ${machine.transformers}.`,
  '',
  `Translation model: ${result.models.translation} (synthetic, random weights). Input: the seed article, ${reports[0]?.sentences} sentences; output forced to 1.2 × source tokens per sentence for every contender.`,
  '',
  '| contender | dtype | target tokens/s | article wall ms | first sentence ms | load ms | peak RSS MB | speed vs naive | overhead over ORT floor |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Worker pool (workers × ONNX Runtime threads each). Each contender translates the seed twice after load: the first document (a pool starts its worker threads during it) and the same document again (warm: the threads are running, as for a server or a batch of files). Cores used: CPU time of all the process's threads over wall time. Peak RSS is the whole process, worker threads included. Greedy rows are compared with fr2en-1x1 (fr2en's defaults before the pool), 4-beam rows with fr2en-beams4-w1; speed vs naive uses the warm run:`,
  '',
  '| contender | workers × threads | tokens/s 1st doc | tokens/s warm | first sentence ms (1st / warm) | cores used (1st / warm) | peak RSS MB | RSS vs 1 worker | speed vs 1 worker (1st / warm) | speed vs naive |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...poolRows,
  '',
  `Beam search cost (beams 1 = greedy, 4 = the default models' num_beams; same forced output lengths; summary: ${result.models.summary}, 4 chunks of the seed, 56 new tokens each):`,
  '',
  '| contender | target tokens/s | wall ms | peak RSS MB | wall time vs beams 1 |',
  '|---|---|---|---|---|',
  ...beamRows,
  '',
  'Translation cache: the seed translated once (filling the cache), then again (served from it):',
  '',
  '| contender | first run ms | second run ms | second / first | pieces from the cache | same text and scores |',
  '|---|---|---|---|---|---|',
  ...cacheRows,
  '',
  `Vocabulary shortlist (${path.relative(ROOT, shortlistFile)}) against the same settings over the full vocabulary:`,
  '',
  '| with shortlist | full vocabulary | tokens/s 1st doc | tokens/s warm | speed-up (1st / warm) | peak RSS MB |',
  '|---|---|---|---|---|---|',
  ...shortlistRows,
  '',
  `Digest (summary model: ${result.models.summary}):`,
  '',
  '| order | sentences translated | translate ms | summarise ms | total ms | peak RSS MB |',
  '|---|---|---|---|---|---|',
  ...digestRows,
  '',
  `Raw results: \`${path.relative(ROOT, file)}\`.`,
].join('\n');
console.log(table);

if (!smoke && !only && cores === undefined) {
  const docPath = path.join(ROOT, 'BENCHMARKS.md');
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n\n<!-- results -->\n<!-- /results -->\n';
  const updated = doc.replace(/<!-- results -->[\s\S]*<!-- \/results -->/, `<!-- results -->\n${table}\n<!-- /results -->`);
  writeFileSync(docPath, updated);
  console.error(`BENCHMARKS.md updated; results in ${path.relative(ROOT, file)}`);
}
