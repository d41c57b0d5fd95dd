/**
 * What glossary constraints cost: the 18 marian-memo pairs translated (4 beams, one batch) with
 * no glossary, with a glossary none of them matches, with one term that one pair has, and with
 * a term in every pair; decoding steps, tokens and wall time (median of 5 runs after a warm-up).
 *
 *   node --import tsx scripts/constraints-cost.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTranslator } from '../src/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const model = path.join(ROOT, 'test/fixtures/models/marian-memo');
const pairs: { fr: string }[] = JSON.parse(readFileSync(path.join(model, 'pairs.json'), 'utf8'));
const inputs = pairs.map((p) => p.fr);
const translator = createTranslator({ model, allowRemote: false, beams: 4, batchSize: 32, workers: 1 });
const cases = {
  'no glossary': {},
  'glossary, no match': { glossary: { Ouagadougou: 'Ouagadougou' } },
  'one pair matches': { glossary: { Loukachenko: 'Lukashenka' } },
  'every pair matches': { glossary: { Loukachenko: 'Lukashenka' }, doNotTranslate: [/^\p{L}+/u] },
} as const;
await translator.translate(inputs);
for (const [name, options] of Object.entries(cases)) {
  const times: number[] = [];
  let usage;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    usage = (await translator.translate(inputs, options)).usage;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(20)} ${times[2]!.toFixed(0).padStart(5)} ms  steps ${usage!.steps}  output tokens ${usage!.outputTokens}`);
}
await translator.dispose();
