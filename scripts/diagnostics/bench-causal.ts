/**
 * Times one summary of the seed article by a decoder-only chat model folder (the random-weight
 * Qwen2.5-0.5B-shaped model of scripts/fixtures/make_causal_bench.py; never committed), French in,
 * straight to the summariser (no translation), and prints wall time, generated tokens and peak RSS.
 *
 *   npx tsx scripts/diagnostics/bench-causal.ts MODEL_DIR [type] [length]
 */
import { readFileSync } from 'node:fs';
import { createSummarizer, createTransformersBackend, type SummaryLength, type SummaryType } from '../../src/index.js';

const [dir, type = 'key-points', length = 'medium'] = process.argv.slice(2);
if (!dir) throw new Error('usage: bench-causal.ts MODEL_DIR [type] [length]');
const seed = readFileSync(new URL('../../../shared/seeds/kazakhstan-2022-fr.txt', import.meta.url), 'utf8');
const backend = createTransformersBackend({ model: dir, task: 'summarization', allowRemote: false });
let generated = 0;
const counting = { ...backend, doGenerate: async (o: Parameters<typeof backend.doGenerate>[0]) => {
  const r = await backend.doGenerate(o);
  generated += r.outputs.reduce((n, x) => n + x.tokens, 0);
  return r;
} };
const summarizer = createSummarizer({ backend: counting });
const t0 = performance.now();
const info = await summarizer.load();
const t1 = performance.now();
const [promptTokens] = await backend.doCountTokens([seed]);
const result = await summarizer.summarize(seed, { type: type as SummaryType, length: length as SummaryLength });
const t2 = performance.now();
console.log(JSON.stringify({
  model: dir, dtype: info.dtype, context: info.maxInputTokens, seedTokensAsPrompt: promptTokens,
  loadMs: Math.round(t1 - t0), summarizeMs: Math.round(t2 - t1), generatedTokens: generated, chunks: result.chunks,
  tokensPerSecond: +(generated / ((t2 - t1) / 1000)).toFixed(1), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  warnings: result.warnings.map((w) => w.code),
}));
await summarizer.dispose();
