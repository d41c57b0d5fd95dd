/**
 * The quality checker's precision/recall measurement, shared by scripts/diagnostics/measure-quality.ts
 * and test/quality/newstest.test.ts.
 */
import type { QualityFlag } from '../../src/quality/index.js';
import type { Pair } from './newstest.js';
import { corruptAll, CORRUPTION_KINDS, type Corruption, type CorruptionKind } from './quality-corruptions.js';

/** What {@link measureQuality} found. */
export interface QualityReport {
  human: { pairs: number; flagged: number; byCode: Record<string, number> };
  corrupted: {
    total: number;
    caught: number;
    byKind: Record<CorruptionKind, { total: number; caught: number; codes: Record<string, number> }>;
  };
  misses: Corruption[];
}

/** Runs `check` on the human pairs and on their seeded corruptions. */
export function measureQuality(pairs: readonly Pair[], check: (source: string, translation: string) => QualityFlag[], seed = 2013): QualityReport {
  const humanFlags = new Map<number, Set<string>>();
  const byCode: Record<string, number> = {};
  let flagged = 0;
  for (const p of pairs) {
    const flags = check(p.fr, p.en);
    humanFlags.set(p.line, new Set(flags.map((f) => f.message)));
    if (flags.length) flagged++;
    for (const code of new Set(flags.map((f) => f.code))) byCode[code] = (byCode[code] ?? 0) + 1;
  }
  const byKind = Object.fromEntries(CORRUPTION_KINDS.map((k) => [k, { total: 0, caught: 0, codes: {} as Record<string, number> }])) as QualityReport['corrupted']['byKind'];
  const misses: Corruption[] = [];
  let caught = 0;
  const corruptions = corruptAll(pairs, seed);
  for (const c of corruptions) {
    const before = humanFlags.get(c.line)!;
    const fresh = check(c.fr, c.en).filter((f) => !before.has(f.message));
    const k = byKind[c.kind];
    k.total++;
    if (fresh.length) {
      k.caught++;
      caught++;
      for (const code of new Set(fresh.map((f) => f.code))) k.codes[code] = (k.codes[code] ?? 0) + 1;
    } else misses.push(c);
  }
  return { human: { pairs: pairs.length, flagged, byCode }, corrupted: { total: corruptions.length, caught, byKind }, misses };
}
