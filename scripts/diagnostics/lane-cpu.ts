/**
 * One translator, the seed article translated several times in a row: wall time, target tokens/s,
 * the cores the whole process used (CPU time of all its threads over wall time), the time inside
 * ONNX Runtime, peak RSS and the most `ArrayBuffer` memory seen. The diagnostic behind
 * BENCHMARKS.md's "Every core" analysis; runs the built package (`npm run build` first) on the
 * bench model (`npm run bench:models`).
 *
 *   node --import tsx scripts/diagnostics/lane-cpu.ts [--workers N] [--threads N] [--docs N] [--batch N]
 *   node --single-threaded-gc --import tsx scripts/diagnostics/lane-cpu.ts   # V8's collector on the main thread only
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createTranslator, segment } = (await import(new URL('../../dist/index.js', import.meta.url).href)) as typeof import('../../src/index.js');

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const workers = arg('workers', 1);
const threads = arg('threads', 1);
const docs = arg('docs', 3);
const batch = arg('batch', 0);
const model = path.join(ROOT, '.cache/bench-models/opus-mt-fr-en-synthetic');
const sentences = segment(readFileSync(path.join(ROOT, 'seeds/kazakhstan-2022-fr.txt'), 'utf8')).map((s) => s.text);
const forced = (n: number) => Math.ceil(1.2 * n); // as the benchmark: 1.2 × source tokens per sentence

const translator = createTranslator({ model, beams: 1, workers, threads, ...(batch ? { batchSize: batch } : {}) });
await translator.load();
let maxArrayBuffers = 0;
const sample = setInterval(() => (maxArrayBuffers = Math.max(maxArrayBuffers, process.memoryUsage().arrayBuffers)), 50);
for (let doc = 1; doc <= docs; doc++) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = await translator.translate(sentences, { generation: { minNewTokens: forced, maxNewTokens: forced } });
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  console.log(
    [
      `${workers}x${threads} doc ${doc}`,
      `wall ${wall.toFixed(0)} ms`,
      `tok/s ${((result.usage.outputTokens / wall) * 1000).toFixed(0)}`,
      `cores ${((used.user + used.system) / 1000 / wall).toFixed(2)}`,
      `runtime ${result.usage.runtimeMs?.toFixed(0)} ms`,
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
      `max arrayBuffers ${(maxArrayBuffers / 2 ** 20).toFixed(0)} MB`,
    ].join(', '),
  );
}
clearInterval(sample);
await translator.dispose();
