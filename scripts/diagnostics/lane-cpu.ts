/**
 * One translator, the seed article translated several times in a row: wall time, target tokens/s,
 * the cores the whole process used (CPU time of all its threads over wall time), the time inside
 * ONNX Runtime, peak RSS, the most `ArrayBuffer` memory seen, and the `ArrayBuffer` bytes the
 * runtime handed back (every output of every `session.run` of the calling thread's lane: with
 * `--workers 2` the second lane's are not counted) plus the bytes of the typed arrays fr2en's
 * own code made (`--count-own`: counted by wrapping the typed-array constructors, which slows
 * the loop, so those runs are for the bytes, not the timings). The diagnostic behind
 * BENCHMARKS.md's "Every core" analysis; runs the built package (`npm run build` first) on the
 * bench model (`npm run bench:models`).
 *
 *   node --import tsx scripts/diagnostics/lane-cpu.ts [--workers N] [--threads N] [--docs N] [--batch N] [--beams N] [--shortlist FILE] [--count-own]
 *   node --single-threaded-gc --import tsx scripts/diagnostics/lane-cpu.ts   # V8's collector on the main thread only
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// the bytes of every output the runtime returns (transformers.js loads onnxruntime-node with
// `require`, so this is the same InferenceSession class)
let runtimeBytes = 0;
const byKind = { logits: 0, self: 0, other: 0 };
const { InferenceSession } = createRequire(path.join(ROOT, 'node_modules/@huggingface/transformers/package.json'))('onnxruntime-node');
const run = InferenceSession.prototype.run;
InferenceSession.prototype.run = async function (this: unknown, ...args: unknown[]) {
  const out = await run.apply(this, args);
  for (const [name, value] of Object.entries(out as Record<string, { data?: { byteLength?: number } }>)) {
    const bytes = value?.data?.byteLength ?? 0;
    runtimeBytes += bytes;
    byKind[name === 'logits' ? 'logits' : /^(present|fr2en_step)\.\d+\.decoder\./.test(name) ? 'self' : 'other'] += bytes;
  }
  return out;
};

// --count-own: typed arrays made by the JavaScript code (views over an existing buffer excluded)
let ownBytes = 0;
if (process.argv.includes('--count-own')) {
  for (const name of ['Float32Array', 'BigInt64Array', 'Int32Array', 'Uint8Array', 'Float64Array'] as const) {
    // a proxy, not a subclass: `instanceof` (ONNX Runtime's tensor checks) still sees the class
    const counted = new Proxy(globalThis[name], {
      construct(target, a: unknown[], newTarget) {
        const made = Reflect.construct(target, a, newTarget === counted ? target : newTarget) as { byteLength: number };
        if (!(a[0] instanceof ArrayBuffer)) ownBytes += made.byteLength;
        return made;
      },
    });
    Object.defineProperty(globalThis, name, { value: counted, writable: true, configurable: true });
  }
}
const { createTranslator, segment } = (await import(new URL('../../dist/index.js', import.meta.url).href)) as typeof import('../../src/index.js');

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const workers = arg('workers', 1);
const threads = arg('threads', 1);
const docs = arg('docs', 3);
const batch = arg('batch', 0);
const beams = arg('beams', 1);
const shortlistAt = process.argv.indexOf('--shortlist');
const shortlist = shortlistAt >= 0 ? path.resolve(process.argv[shortlistAt + 1]!) : false;
const model = path.join(ROOT, '.cache/bench-models/opus-mt-fr-en-synthetic');
const sentences = segment(readFileSync(path.join(ROOT, 'seeds/kazakhstan-2022-fr.txt'), 'utf8')).map((s) => s.text);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(bytes < 2 ** 24 ? 1 : 0);
const forced = (n: number) => Math.ceil(1.2 * n); // as the benchmark: 1.2 × source tokens per sentence

const translator = createTranslator({ model, beams, shortlist, workers, threads, ...(batch ? { batchSize: batch } : {}) });
await translator.load();
let maxArrayBuffers = 0;
const sample = setInterval(() => (maxArrayBuffers = Math.max(maxArrayBuffers, process.memoryUsage().arrayBuffers)), 50);
for (let doc = 1; doc <= docs; doc++) {
  const cpu = process.cpuUsage();
  const [runtimeBefore, ownBefore, kindBefore] = [runtimeBytes, ownBytes, { ...byKind }];
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
      `runtime outputs ${mb(runtimeBytes - runtimeBefore)} MB (logits ${mb(byKind.logits - kindBefore.logits)}, self-attention caches ${mb(byKind.self - kindBefore.self)}, other ${mb(byKind.other - kindBefore.other)})`,
      ...(process.argv.includes('--count-own') ? [`own typed arrays ${mb(ownBytes - ownBefore)} MB`] : []),
    ].join(', '),
  );
}
clearInterval(sample);
await translator.dispose();
