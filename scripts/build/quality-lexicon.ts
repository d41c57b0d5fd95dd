/**
 * Fits the checker's French → English word lexicon on the calibration half of newstest2013 (even
 * lines; the method: scripts/lib/quality-lexicon.ts) and writes it to src/quality/lexicon-data.ts.
 * The test half (odd lines) is never seen. test/quality/newstest.test.ts checks that the committed
 * file is what this script writes.
 *
 * Usage: npx tsx scripts/build/quality-lexicon.ts [--dry-run]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNewstest } from '../lib/newstest.js';
import { fitLexicon, lexiconModule, serializeLexicon } from '../lib/quality-lexicon.js';

const pairs = loadNewstest('calibration');
const lexicon = fitLexicon(pairs);
const text = lexiconModule(serializeLexicon(lexicon), pairs.length);
const links = [...lexicon.translations.values()].reduce((s, v) => s + v.length, 0);
console.log(`${lexicon.translations.size} French stems, ${links} translations, ${lexicon.commonEnglish.size} + ${lexicon.commonFrench.size} common stems: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`);
if (!process.argv.includes('--dry-run')) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/quality/lexicon-data.ts');
  writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
