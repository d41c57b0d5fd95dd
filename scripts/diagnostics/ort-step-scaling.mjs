/**
 * ONNX Runtime alone, no fr2en: the bench model's merged decoder run N times with the cache
 * branch on (batch B, 20 cached target positions, 30 source positions). Prints ms per step and
 * rows per second. Run two at once to see how the machine's cores scale for the runtime itself
 * (BENCHMARKS.md, "Every core"):
 *
 *   node scripts/diagnostics/ort-step-scaling.mjs 8 1                                              # batch 8, 1 thread
 *   node scripts/diagnostics/ort-step-scaling.mjs 8 1 & node scripts/diagnostics/ort-step-scaling.mjs 8 1 & wait   # two at once
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const batch = Number(process.argv[2] ?? 8);
const threads = Number(process.argv[3] ?? 1);
const steps = Number(process.argv[4] ?? 200);
const file = path.join(ROOT, '.cache/bench-models/opus-mt-fr-en-synthetic/onnx/decoder_model_merged_quantized.onnx');
const session = await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, enableCpuMemArena: false });
const source = 30;
const cached = 20;
const heads = 8;
const headDim = 64;
const feeds = {
  input_ids: new ort.Tensor('int64', new BigInt64Array(batch).fill(7n), [batch, 1]),
  encoder_attention_mask: new ort.Tensor('int64', new BigInt64Array(batch * source).fill(1n), [batch, source]),
  encoder_hidden_states: new ort.Tensor('float32', new Float32Array(batch * source * heads * headDim).fill(0.1), [batch, source, heads * headDim]),
  use_cache_branch: new ort.Tensor('bool', Uint8Array.from([1]), [1]),
};
for (const name of session.inputNames.filter((n) => n.startsWith('past_key_values'))) {
  const length = name.includes('.encoder.') ? source : cached;
  feeds[name] = new ort.Tensor('float32', new Float32Array(batch * heads * length * headDim).fill(0.01), [batch, heads, length, headDim]);
}
const fetches = ['logits', ...session.outputNames.filter((n) => n.includes('.decoder.'))];
await session.run(feeds, fetches);
const cpu = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < steps; i++) await session.run(feeds, fetches);
const ms = performance.now() - t0;
const used = process.cpuUsage(cpu);
console.log(
  `batch ${batch}, ${threads} thread(s): ${(ms / steps).toFixed(2)} ms/step, ${((batch * steps) / ms * 1000).toFixed(0)} rows/s, cores ${((used.user + used.system) / 1000 / ms).toFixed(2)}`,
);
