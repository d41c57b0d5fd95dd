/**
 * Prints boundary precision / recall / F1 of fr2en's segmenter and of
 * Intl.Segmenter('fr') on the segmentation dev set.
 *
 * Usage: npx tsx scripts/score-segmentation.ts [--errors] [--intl-errors] [path/to/dev.jsonl]
 */
import { segment } from '../src/segment/index';
import { DEV_SET_PATH, intlSplitter, loadDevSet, scoreSplitter, type Score } from '../test/segment/score';

const args = process.argv.slice(2);
const showErrors = args.includes('--errors');
const showIntlErrors = args.includes('--intl-errors');
const path = args.find((a) => !a.startsWith('--')) ?? DEV_SET_PATH;

const docs = loadDevSet(path);
const ours = scoreSplitter(docs, (text) => segment(text).map((s) => s.end));
const intl = scoreSplitter(docs, intlSplitter('fr'));

const fmt = (x: number): string => x.toFixed(4);
const row = (name: string, s: Score): string =>
  `${name.padEnd(22)} ${fmt(s.precision)}  ${fmt(s.recall)}  ${fmt(s.f1)}  ${String(s.tp).padStart(5)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${String(s.suspectFp).padStart(9)}`;

console.log(`dev set: ${path} (${docs.length} docs; document ends excluded)`);
console.log(`${'splitter'.padEnd(22)} P       R       F1         TP   FP   FN  FP(in suspect gold lines)`);
console.log(row('fr2en segment()', ours));
console.log(row("Intl.Segmenter('fr')", intl));

function printErrors(name: string, s: Score): void {
  console.log(`\n${name}: ${s.fp} false positives, ${s.fn} false negatives`);
  for (const e of s.errors) {
    const tag = e.suspect ? ' [suspect gold line]' : '';
    console.log(`${e.kind.toUpperCase()} ${e.id}@${e.offset}${tag}: ${e.context}`);
  }
}
if (showErrors) printErrors('fr2en', ours);
if (showIntlErrors) printErrors('Intl.Segmenter', intl);
