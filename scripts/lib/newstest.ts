/**
 * newstest2013 (3 000 human French → English pairs, line-aligned) for the quality checker's
 * calibration and measurement, split in two: even lines (0, 2, …) calibrate, odd lines test.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One human translation pair and its 0-based line number. */
export interface Pair {
  line: number;
  fr: string;
  en: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where newstest2013.{fr,en} are: `FR2EN_NEWSTEST_DIR`, else the shared data folder beside the project. */
export const NEWSTEST_DIR = process.env.FR2EN_NEWSTEST_DIR ?? path.resolve(ROOT, '../shared/data');

/** Whether the data is there. */
export function hasNewstest(dir = NEWSTEST_DIR): boolean {
  return existsSync(path.join(dir, 'newstest2013.fr')) && existsSync(path.join(dir, 'newstest2013.en'));
}

/** The pairs of one half: `calibration` (even lines) or `test` (odd lines). */
export function loadNewstest(half: 'calibration' | 'test', dir = NEWSTEST_DIR): Pair[] {
  const fr = readFileSync(path.join(dir, 'newstest2013.fr'), 'utf8').split('\n');
  const en = readFileSync(path.join(dir, 'newstest2013.en'), 'utf8').split('\n');
  const pairs: Pair[] = [];
  for (let line = half === 'calibration' ? 0 : 1; line < Math.min(fr.length, en.length); line += 2) {
    if (fr[line]!.trim() === '' || en[line]!.trim() === '') continue;
    pairs.push({ line, fr: fr[line]!, en: en[line]! });
  }
  return pairs;
}
