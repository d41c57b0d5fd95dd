/**
 * `npm run bench:server`: the HTTP server under concurrent load, in this process, on 127.0.0.1.
 *   burst: 100 concurrent one-sentence LibreTranslate requests (`POST /translate`);
 *   documents: 10 concurrent 40-sentence documents (`POST /v1/translate`).
 * Each scenario runs `--runs` times (default 3) on one warm server; it reports wall time, p50 and
 * p95 latency and the statuses. Uses only options every version of the server has, so that the
 * same file measures an older checkout for comparison (`--max-queue` raises that one's request
 * queue so that it serves the whole burst).
 *
 *   npm run bench:server -- [--model <dir>] [--runs 3] [--max-queue <n>] [--beams <n>] [--only burst|documents] [--label <name>]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { segment } from '../src/index.js';
import { serve } from '../src/server/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const model = flag('--model') ?? path.join(ROOT, 'test/fixtures/models/marian-memo');
const runs = Number(flag('--runs') ?? 3);
const maxQueue = flag('--max-queue') === undefined ? undefined : Number(flag('--max-queue'));
const label = flag('--label') ?? 'this checkout';
const beams = flag('--beams') === undefined ? undefined : Number(flag('--beams'));
const only = flag('--only');

const seed = readFileSync(path.join(ROOT, 'seeds', 'kazakhstan-2022-fr.txt'), 'utf8');
const sentences = segment(seed).map((s) => s.text);
const sentence = (i: number) => sentences[i % sentences.length]!;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

interface ScenarioRun {
  wallMs: number;
  p50Ms: number;
  p95Ms: number;
  statuses: Record<string, number>;
}

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

const server = await serve({
  host: '127.0.0.1',
  port: 0,
  model,
  allowRemote: false,
  log: false,
  ...(maxQueue !== undefined ? { maxQueue } : {}),
  ...(beams !== undefined ? { beams } : {}),
});
const post = (route: string, body: unknown) => () =>
  fetch(`${server.url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
try {
  await server.server.warmup();
  await post('/translate', { q: sentence(0), source: 'fr', target: 'en' })();
  const burst = () => Array.from({ length: 100 }, (_, i) => post('/translate', { q: sentence(i), source: 'fr', target: 'en' }));
  const documents = () =>
    Array.from({ length: 10 }, (_, d) => post('/v1/translate', { text: Array.from({ length: 40 }, (_, k) => sentence(d * 7 + k)).join(' ') }));
  const report: Record<string, ScenarioRun[]> = { burst: [], documents: [] };
  for (let r = 0; r < runs; r++) {
    if (only !== 'documents') report.burst!.push(await scenario(burst()));
    if (only !== 'burst') report.documents!.push(await scenario(documents()));
  }
  const line = (name: string, runsOf: ScenarioRun[]) => {
    const walls = runsOf.map((x) => x.wallMs);
    const mean = walls.reduce((a, b) => a + b, 0) / walls.length;
    const statuses = runsOf.map((x) => Object.entries(x.statuses).map(([s, n]) => `${n}×${s}`).join(' ')).join(' / ');
    return `| ${label} | ${name} | ${walls.map((w) => w.toFixed(0)).join(' / ')} | ${mean.toFixed(0)} | ${runsOf.map((x) => x.p50Ms.toFixed(0)).join(' / ')} | ${runsOf.map((x) => x.p95Ms.toFixed(0)).join(' / ')} | ${statuses} |`;
  };
  console.log(`Model: ${path.relative(ROOT, model) || model}${beams !== undefined ? `, beams ${beams}` : ''}; ${runs} runs; ${sentences.length} seed sentences cycled.`);
  console.log('| server | scenario | wall ms (each run) | mean wall ms | p50 ms | p95 ms | statuses |');
  console.log('|---|---|---|---|---|---|---|');
  if (report.burst!.length > 0) console.log(line('100 × 1 sentence', report.burst!));
  if (report.documents!.length > 0) console.log(line('10 × 40 sentences', report.documents!));
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, 'bench/results', `server-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), label, model: path.relative(ROOT, model) || model, runs, maxQueue, beams, report }, null, 2)}\n`);
  console.log(`Raw results: ${path.relative(ROOT, file)}`);
} finally {
  await server.shutdown();
}
