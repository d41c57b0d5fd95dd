/**
 * Times checkTranslation on newstest2013's human pairs (both halves, 3 000 pairs, 5 rounds after
 * a warm-up round) and prints CPU microseconds per pair: the checker runs on every translated sentence.
 *
 * Usage: npx tsx scripts/diagnostics/time-quality.ts
 */
import { checkTranslation } from '../../src/quality/index.js';
import { loadNewstest } from '../lib/newstest.js';

const pairs = [...loadNewstest('calibration'), ...loadNewstest('test')];
const ROUNDS = 5;
let flags = 0;
for (const p of pairs) flags += checkTranslation(p.fr, p.en).length; // warm-up (JIT)
const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  // CPU time of this process, not wall time: the machine may be shared
  const started = process.cpuUsage();
  for (const p of pairs) flags += checkTranslation(p.fr, p.en).length;
  const used = process.cpuUsage(started);
  times.push((used.user + used.system) / pairs.length);
}
times.sort((a, b) => a - b);
const chars = pairs.reduce((s, p) => s + p.fr.length + p.en.length, 0) / pairs.length;
console.log(`checkTranslation: median ${times[ROUNDS >> 1]!.toFixed(1)} µs per pair (min ${times[0]!.toFixed(1)}, max ${times[ROUNDS - 1]!.toFixed(1)}) over ${pairs.length} pairs of ${chars.toFixed(0)} characters on average (${flags} flags)`);
