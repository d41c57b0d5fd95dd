/**
 * Prints boundary precision / recall / F1 of fr2en's segmenter beside
 * Intl.Segmenter('fr') on the five segmentation dev sets (clean, lines,
 * wrapped, lowercase, nospace), and how many documents get the right number
 * of paragraphs.
 *
 * Usage: npx tsx scripts/diagnostics/score-segmentation.ts [--errors] [--intl-errors] [--set NAME] [path/to/extra.jsonl]
 */
import { existsSync } from 'node:fs';
import { segment } from '../../src/segment/index';
import { DEV_SETS, intlSplitter, loadDevSet, paragraphMismatches, scoreSplitter, type DevSetName, type Score } from '../lib/segmentation-score';

const args = process.argv.slice(2);
const showErrors = args.includes('--errors');
const showIntlErrors = args.includes('--intl-errors');
const only = args.includes('--set') ? args[args.indexOf('--set') + 1] : undefined;
const extra = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--set');

const sets: { name: string; path: string; kind: DevSetName }[] = [
  ...DEV_SETS.filter((s) => only === undefined || s.name === only).map((s) => ({ name: s.name, path: s.path, kind: s.name })),
  ...extra.map((path) => ({ name: path, path, kind: 'clean' as const })),
];

const fmt = (x: number): string => x.toFixed(4);
const cell = (s: Score): string => `${fmt(s.precision)} ${fmt(s.recall)} ${fmt(s.f1)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}`;

console.log('Boundary scores (document ends excluded). P R F1 FP FN per splitter; ¶ = documents with the right paragraph count.');
console.log(`${'set'.padEnd(10)} ${'docs'.padStart(4)}  ${'fr2en segment()'.padEnd(34)} ${'¶ right'.padStart(7)}   ${"Intl.Segmenter('fr')".padEnd(34)}`);
const details: string[] = [];
for (const set of sets) {
  if (!existsSync(set.path)) {
    console.log(`${set.name.padEnd(10)} missing: ${set.path}`);
    continue;
  }
  const docs = loadDevSet(set.path);
  const ours = scoreSplitter(docs, (text) => segment(text).map((s) => s.end));
  const intl = scoreSplitter(docs, intlSplitter('fr'));
  const paragraphs = paragraphMismatches(docs, set.kind, (text) => new Set(segment(text).map((s) => s.paragraph)).size);
  console.log(
    `${set.name.padEnd(10)} ${String(docs.length).padStart(4)}  ${cell(ours).padEnd(34)} ${`${docs.length - paragraphs.length}/${docs.length}`.padStart(7)}   ${cell(intl)}`,
  );
  const list = (name: string, s: Score): void => {
    details.push(`\n[${set.name}] ${name}: ${s.fp} false positives, ${s.fn} false negatives`);
    for (const e of s.errors) details.push(`${e.kind.toUpperCase()} ${e.id}@${e.offset}${e.suspect ? ' [suspect gold line]' : ''}: ${e.context}`);
  };
  if (showErrors) {
    list('fr2en', ours);
    for (const m of paragraphs) details.push(`PARAGRAPHS ${m.id}: gold ${m.gold}, predicted ${m.predicted}`);
  }
  if (showIntlErrors) list('Intl.Segmenter', intl);
}
if (details.length > 0) console.log(details.join('\n'));
