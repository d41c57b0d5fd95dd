/**
 * Measures the quality checker on newstest2013: how often it flags human translations (false
 * flags, per code) and how often it catches seeded corruptions of them (per kind). A corruption
 * is caught when its pair gets a flag the human pair did not have.
 *
 * Usage: npx tsx scripts/diagnostics/measure-quality.ts [test|calibration] [--show <kind|code>]
 * (default: the test half, odd lines; the constants were fitted on the calibration half).
 */
import { checkTranslation, QUALITY_FLAG_CODES, vetSummary } from '../../src/quality/index.js';
import { corruptAll } from '../lib/quality-corruptions.js';
import { measureQuality } from '../lib/quality-measure.js';
import { loadNewstest } from '../lib/newstest.js';

const half = process.argv[2] === 'calibration' ? 'calibration' : 'test';
const showIndex = process.argv.indexOf('--show');
const show = showIndex > 0 ? process.argv[showIndex + 1] : undefined;
const pairs = loadNewstest(half);

const started = performance.now();
const report = measureQuality(pairs, checkTranslation);
const elapsed = performance.now() - started;

console.log(`newstest2013, ${half} half: ${report.human.pairs} human pairs`);
console.log(`  any flag: ${report.human.flagged} (${pct(report.human.flagged, report.human.pairs)})`);
for (const code of QUALITY_FLAG_CODES) {
  const count = report.human.byCode[code] ?? 0;
  if (count) console.log(`  ${code}: ${count} (${pct(count, report.human.pairs)})`);
}
console.log(`corruptions: ${report.corrupted.total}, caught ${report.corrupted.caught} (${pct(report.corrupted.caught, report.corrupted.total)})`);
for (const [kind, k] of Object.entries(report.corrupted.byKind)) {
  console.log(`  ${kind.padEnd(16)} ${String(k.caught).padStart(4)} / ${String(k.total).padEnd(4)} ${pct(k.caught, k.total).padStart(7)}   codes: ${Object.entries(k.codes).map(([c, n]) => `${c} ${n}`).join(', ')}`);
}
console.log(`checker time: ${((elapsed * 1000) / (report.human.pairs + report.corrupted.total)).toFixed(1)} µs per pair (measurement included)`);

// vetSummary, with each human translation standing in for a summary of its source (a harsh proxy:
// a summary repeats fewer names and figures than a translation does)
const vetted = pairs.map((p) => vetSummary(p.fr, p.en));
const vetFlagged = vetted.filter((f) => f.length).length;
const vetByCode = (code: string) => vetted.filter((f) => f.some((x) => x.code === code)).length;
console.log(`vetSummary on human translations as summaries: ${vetFlagged} flagged (${pct(vetFlagged, pairs.length)}): number-mismatch ${vetByCode('number-mismatch')}, name-missing ${vetByCode('name-missing')}`);
const changed = corruptAll(pairs).filter((c) => c.kind === 'digit-changed');
const vetCaught = changed.filter((c) => vetSummary(c.fr, c.en).some((f) => f.code === 'number-mismatch')).length;
console.log(`vetSummary on a digit changed: ${vetCaught} / ${changed.length} caught (${pct(vetCaught, changed.length)})`);

if (show) {
  for (const miss of report.misses.filter((m) => m.kind === show)) console.log(`MISSED ${miss.kind} #${miss.line} ${miss.note}\n  FR: ${miss.fr}\n  EN: ${miss.en}`);
  for (const p of pairs) {
    const flags = checkTranslation(p.fr, p.en).filter((f) => f.code === show);
    for (const f of flags) console.log(`HUMAN #${p.line} ${f.message}\n  FR: ${p.fr}\n  EN: ${p.en}`);
  }
}

function pct(n: number, total: number): string {
  return `${((100 * n) / Math.max(total, 1)).toFixed(1)} %`;
}
