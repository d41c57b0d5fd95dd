/**
 * Fits the quality checker's constants on the calibration half of newstest2013 (even lines) and
 * writes them to src/quality/calibration.ts (the method: scripts/lib/quality-calibration.ts). The
 * test half (odd lines) is left for scripts/diagnostics/measure-quality.ts and
 * test/quality/newstest.test.ts.
 *
 * Usage: npx tsx scripts/diagnostics/calibrate-quality.ts [--dry-run]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNewstest } from '../lib/newstest.js';
import { fitQualityConstants } from '../lib/quality-calibration.js';

const { lengthModel, untranslated, report } = fitQualityConstants(loadNewstest('calibration'));

console.log(`length model on ${report.pairs} calibration pairs (sources of ${lengthModel.minSourceChars}+ characters):`, lengthModel);
console.log('bins (French chars: robust sd of the log ratio vs the model sd):');
for (const bin of report.bins) console.log(`  ${bin.from}–${bin.to}: ${bin.sd.toFixed(3)} vs ${bin.modelSd.toFixed(3)}`);
console.log(`outside (z below ${lengthModel.zLow}, or z + ${lengthModel.contentWeight} × content excess above ${lengthModel.zHigh}): ${report.outside} of ${report.pairs} (${((100 * report.outside) / report.pairs).toFixed(2)} %)`);
console.log(`untranslated score of human outputs: median ${report.untranslatedMedian.toFixed(3)}, threshold ${untranslated.threshold}, max ${report.untranslatedMax.toFixed(3)}`);

const literal = (o: object) => `{ ${Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
if (!process.argv.includes('--dry-run')) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/quality/calibration.ts');
  writeFileSync(
    file,
    `/**
 * Constants fitted by \`npx tsx scripts/diagnostics/calibrate-quality.ts\` on the even lines of
 * newstest2013 (human French → English pairs). Regenerate rather than edit (a test checks them).
 */

/** The length model of ./length.ts (${report.pairs} pairs; ${report.outside} outside the bounds). */
export const LENGTH_MODEL = ${literal(lengthModel)} as const;

/** Thresholds of the \`untranslated\` check (shares of the output's lower-case words). */
export const UNTRANSLATED = ${literal(untranslated)} as const;
`,
  );
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
