/**
 * `npm run bench:server`: the HTTP server under concurrent load, in this process, on 127.0.0.1.
 *   burst: 100 concurrent one-sentence LibreTranslate requests (`POST /translate`);
 *   documents: 10 concurrent 40-sentence documents (`POST /v1/translate`).
 * Each scenario runs `--runs` times (default 3) on one warm server; it reports wall time, p50 and
 * p95 latency and the statuses. Uses only options every version of the server has, so that the
 * same file measures an older checkout for comparison (`--max-queue` raises that one's request
 * queue so that it serves the whole burst).
 *
 * Side by side (`--against <dir>`): `<dir>` is another checkout holding this same file (e.g. the
 * commit before cross-request batching: `git archive <commit> | tar -x -C <dir>`, copy this file
 * to `<dir>/bench/`, link `node_modules`). Each run then measures that checkout and this one, each
 * in a fresh process, one after the other (the order alternates from run to run), and prints the
 * ratio of wall times per run: the machine's load changes less within a pair than across runs.
 *
 *   npm run bench:server -- [--model <dir>] [--runs 3] [--max-queue <n>] [--beams <n>] [--only burst|documents]
 *                           [--label <name>] [--no-repair] [--prime] [--sentences <file>] [--out <file>] [--against <dir> [--against-max-queue 128]]
 *
 * `--no-repair`: this checkout's translator without `repair` (a checkout from before repair
 * existed does no repair; with random weights every sentence is flagged, so repair would add a
 * 4-beam decoding of every sentence to one side only). With `--against`, this checkout only.
 * `--prime`: one untimed round of the first scenario before the timed ones (a warm server).
 * `--sentences <file>`: the requests' sentences are the file's lines (default: the seed article's
 * sentences, cycled, so the burst repeats each of its 42 sentences 2–3 times).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, setGlobalDispatcher } from 'undici';

// a slow model on a busy machine answers the burst's last requests after fetch's default 300 s
setGlobalDispatcher(new Agent({ headersTimeout: 0, bodyTimeout: 0 }));

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const model = path.resolve(flag('--model') ?? path.join(ROOT, 'test/fixtures/models/marian-memo'));
const runs = Number(flag('--runs') ?? 3);
const maxQueue = flag('--max-queue') === undefined ? undefined : Number(flag('--max-queue'));
const label = flag('--label') ?? 'this checkout';
const beams = flag('--beams') === undefined ? undefined : Number(flag('--beams'));
const only = flag('--only');
const sentencesFile = flag('--sentences');
const against = flag('--against');

interface ScenarioRun {
  wallMs: number;
  p50Ms: number;
  p95Ms: number;
  statuses: Record<string, number>;
}
type Report = Record<string, ScenarioRun[]>;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
const SCENARIOS = { burst: '100 × 1 sentence', documents: '10 × 40 sentences' } as const;

async function scenario(requests: Array<() => Promise<Response>>): Promise<ScenarioRun> {
  const started = performance.now();
  const results = await Promise.all(
    requests.map(async (send) => {
      const t = performance.now();
      const res = await send();
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - t };
    }),
  );
  const wallMs = performance.now() - started;
  const ok = results.filter((r) => r.status === 200).map((r) => r.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { wallMs, p50Ms: ok.length ? quantile(ok, 0.5) : NaN, p95Ms: ok.length ? quantile(ok, 0.95) : NaN, statuses };
}

/** Serves the model in this process and runs the scenarios `runs` times. */
async function measure(): Promise<{ report: Report; sentenceCount: number }> {
  const { segment } = await import('../src/index.js');
  const { serve } = await import('../src/server/index.js');
  // the server's own translator but for `repair` (5 ms: the server's default batch window)
  const translator = argv.includes('--no-repair')
    ? (await import('../src/index.js')).createTranslator({ model, allowRemote: false, repair: false, batchWindowMs: 5, ...(beams !== undefined ? { beams } : {}) })
    : undefined;
  const sentences = sentencesFile
    ? readFileSync(sentencesFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '')
    : segment(readFileSync(path.join(ROOT, 'seeds', 'kazakhstan-2022-fr.txt'), 'utf8')).map((s) => s.text);
  const sentence = (i: number) => sentences[i % sentences.length]!;
  const server = await serve({
    host: '127.0.0.1',
    port: 0,
    model,
    allowRemote: false,
    log: false,
    ...(maxQueue !== undefined ? { maxQueue } : {}),
    ...(beams !== undefined ? { beams } : {}),
    ...(translator ? { translator } : {}),
  });
  const post = (route: string, body: unknown) => () =>
    fetch(`${server.url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  try {
    await server.server.warmup();
    await post('/translate', { q: sentence(0), source: 'fr', target: 'en' })();
    const burst = () => Array.from({ length: 100 }, (_, i) => post('/translate', { q: sentence(i), source: 'fr', target: 'en' }));
    const documents = () =>
      Array.from({ length: 10 }, (_, d) => post('/v1/translate', { text: Array.from({ length: 40 }, (_, k) => sentence(d * 7 + k)).join(' ') }));
    const report: Report = { burst: [], documents: [] };
    if (argv.includes('--prime')) await scenario(only === 'documents' ? documents() : burst());
    for (let r = 0; r < runs; r++) {
      if (only !== 'documents') report.burst!.push(await scenario(burst()));
      if (only !== 'burst') report.documents!.push(await scenario(documents()));
    }
    return { report, sentenceCount: sentences.length };
  } finally {
    await server.shutdown();
    await translator?.dispose();
  }
}

const ms = (values: number[]) => values.map((v) => v.toFixed(0)).join(' / ');

function table(rows: Array<{ label: string; report: Report }>): string {
  const lines = ['| server | scenario | wall ms (each run) | mean wall ms | p50 ms | p95 ms | statuses |', '|---|---|---|---|---|---|---|'];
  for (const { label: name, report } of rows) {
    for (const [key, title] of Object.entries(SCENARIOS)) {
      const runsOf = report[key] ?? [];
      if (runsOf.length === 0) continue;
      const walls = runsOf.map((x) => x.wallMs);
      const statuses = runsOf.map((x) => Object.entries(x.statuses).map(([s, n]) => `${n}×${s}`).join(' ')).join(' / ');
      const mean = walls.reduce((a, b) => a + b, 0) / walls.length;
      lines.push(`| ${name} | ${title} | ${ms(walls)} | ${mean.toFixed(0)} | ${ms(runsOf.map((x) => x.p50Ms))} | ${ms(runsOf.map((x) => x.p95Ms))} | ${statuses} |`);
    }
  }
  return lines.join('\n');
}

function save(content: unknown): string {
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = flag('--out') ?? path.join(ROOT, 'bench/results', `server-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), model: path.relative(ROOT, model) || model, runs, beams, sentences: sentencesFile, ...(content as object) }, null, 2)}\n`);
  return file;
}

/** One run of `root`'s copy of this file in its own process; its report. */
function child(root: string, extra: string[]): Report {
  const out = path.join(tmpdir(), `fr2en-bench-server-${process.pid}-${Date.now()}.json`);
  const pass = ['--model', model, ...(beams !== undefined ? ['--beams', String(beams)] : []), ...(only ? ['--only', only] : []), ...(argv.includes('--prime') ? ['--prime'] : []), ...(sentencesFile ? ['--sentences', path.resolve(sentencesFile)] : [])];
  const ran = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/server.ts'), '--runs', '1', '--out', out, ...pass, ...extra], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (ran.status !== 0) throw new Error(`${root}: bench/server.ts exited with ${ran.status ?? ran.signal}`);
  return (JSON.parse(readFileSync(out, 'utf8')) as { report: Report }).report;
}

/** `--against`: the other checkout and this one, alternately, one fresh process each per run; ratios per run. */
function sideBySide(dir: string): void {
  const base = path.resolve(dir);
  const baseExtra = ['--max-queue', flag('--against-max-queue') ?? '128', '--label', 'base'];
  const pairs: Array<{ base: Report; mine: Report }> = [];
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? (['base', 'mine'] as const) : (['mine', 'base'] as const);
    const pair: Partial<{ base: Report; mine: Report }> = {};
    for (const who of order) pair[who] = who === 'base' ? child(base, baseExtra) : child(ROOT, argv.includes('--no-repair') ? ['--no-repair'] : []);
    pairs.push(pair as { base: Report; mine: Report });
  }
  const join = (who: 'base' | 'mine') => Object.fromEntries(Object.keys(SCENARIOS).map((k) => [k, pairs.flatMap((p) => p[who][k] ?? [])])) as Report;
  console.log(`Model: ${path.relative(ROOT, model) || model}${beams !== undefined ? `, beams ${beams}` : ''}${argv.includes('--no-repair') ? ', this checkout without repair' : ''}; ${runs} runs side by side (base: ${base}, max queue ${baseExtra[1]}).`);
  console.log(table([{ label: 'base', report: join('base') }, { label, report: join('mine') }]));
  console.log('\n| scenario | wall-time ratio this / base (each run) | median | spread |\n|---|---|---|---|');
  for (const [key, title] of Object.entries(SCENARIOS)) {
    const ratios = pairs.filter((p) => p.base[key]?.length).map((p) => p.mine[key]![0]!.wallMs / p.base[key]![0]!.wallMs);
    if (ratios.length === 0) continue;
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(`| ${title} | ${ratios.map((x) => `${x.toFixed(2)}×`).join(' / ')} | ${quantile(sorted, 0.5).toFixed(2)}× | ${sorted[0]!.toFixed(2)}–${sorted.at(-1)!.toFixed(2)}× |`);
  }
  console.log(`Raw results: ${path.relative(ROOT, save({ label, against: base, pairs }))}`);
}

if (against !== undefined) {
  sideBySide(against);
} else {
  const { report, sentenceCount } = await measure();
  console.log(`Model: ${path.relative(ROOT, model) || model}${beams !== undefined ? `, beams ${beams}` : ''}; ${runs} runs; ${sentenceCount} sentences cycled.`);
  console.log(table([{ label, report }]));
  console.log(`Raw results: ${path.relative(ROOT, save({ label, maxQueue, report }))}`);
}
