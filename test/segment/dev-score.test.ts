import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index';
import { DEV_SET_PATH, DEV_SETS, intlSplitter, loadDevSet, losslessViolation, paragraphMismatches, scoreSplitter } from '../../scripts/lib/segmentation-score';
import { requireSharedData } from '../helpers/services.js';

const hasDevSet = requireSharedData('data/segmentation-dev.jsonl').available && existsSync(DEV_SET_PATH);
const ends = (text: string): number[] => segment(text).map((s) => s.end);
const paragraphs = (text: string): number => new Set(segment(text).map((s) => s.paragraph)).size;

/** Boundary F1 each set must reach: the clean set's figure before the damaged-text rules, 0.99 on the damaged ones. */
const TARGET_F1 = { clean: 0.9956, lines: 0.99, wrapped: 0.99, lowercase: 0.99, nospace: 0.99 } as const;

describe.skipIf(!hasDevSet)('segmentation dev set', () => {
  const docs = hasDevSet ? loadDevSet() : [];

  it('is lossless on every document', () => {
    for (const doc of docs) {
      expect(losslessViolation(doc.text, segment(doc.text)), doc.id).toBeNull();
    }
  });

  it('is lossless on the whole dev set concatenated with mixed line endings', () => {
    const text = docs.map((d) => d.text.replace(/\n/g, '\r\n')).join('\u00A0\n\uFEFF\n');
    expect(losslessViolation(text, segment(text))).toBeNull();
  });
});

describe.each(DEV_SETS.filter((set) => existsSync(set.path)))('dev set $name', ({ name, path }) => {
  const docs = loadDevSet(path);

  it(`reaches boundary F1 >= ${TARGET_F1[name]} and beats Intl.Segmenter`, () => {
    const ours = scoreSplitter(docs, ends);
    const intl = scoreSplitter(docs, intlSplitter('fr'));
    expect(ours.f1).toBeGreaterThanOrEqual(TARGET_F1[name]);
    expect(ours.f1).toBeGreaterThan(intl.f1);
  });

  it('finds the right number of paragraphs in every document', () => {
    expect(paragraphMismatches(docs, name, paragraphs)).toEqual([]);
  });

  it('is lossless on every document', () => {
    for (const doc of docs) expect(losslessViolation(doc.text, segment(doc.text)), doc.id).toBeNull();
  });
});

const SEED_PATH = requireSharedData('seeds/kazakhstan-2022-fr.txt').path;

describe.skipIf(!existsSync(SEED_PATH))('the seed article (one paragraph per line, damaged)', () => {
  const seed = existsSync(SEED_PATH) ? readFileSync(SEED_PATH, 'utf8') : '';
  const sentences = segment(seed);
  const texts = sentences.map((s) => s.text);

  it('has one paragraph per line: five paragraphs', () => {
    const lines = seed.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(5);
    expect(new Set(sentences.map((s) => s.paragraph)).size).toBe(5);
    // Each paragraph is exactly one input line.
    for (const [p, line] of lines.entries()) {
      const inP = sentences.filter((s) => s.paragraph === p);
      expect(seed.slice(inP[0]!.start, inP.at(-1)!.end)).toBe(line.trim());
    }
  });

  it('splits at a full stop before stray punctuation and a lower-case word', () => {
    expect(texts.some((t) => t.endsWith('l’intégrité de notre pays ».'))).toBe(true);
    expect(texts.find((t) => t.startsWith(', la kremlin annonce'))).toMatch(/dans le pays\.$/);
  });

  it('splits at a full stop before a lower-case word', () => {
    expect(texts.find((t) => t.startsWith('le Comité de sécurité nationale'))).toMatch(/pour haute trahison\.$/);
  });

  it('splits at a line break after a full stop before a lower-case word', () => {
    expect(texts.some((t) => t.endsWith('2,2 millions d’euros.'))).toBe(true);
    const dept = sentences.find((s) => s.text.startsWith('le Département d’État américain'));
    expect(dept?.paragraph).toBe(4);
  });

  it('is lossless', () => {
    expect(losslessViolation(seed, sentences)).toBeNull();
  });
});

describe.skipIf(!hasDevSet)('segmentation speed', () => {
  // No timing assertion here (noisy shared machines); `npm run score:segment` and the benchmark time it.
  it('segments 10 MB of news text (every sentence found, within the test timeout)', () => {
    const base = loadDevSet()
      .map((d) => d.text)
      .join('\n\n');
    const text = Array.from({ length: Math.ceil(10_000_000 / base.length) }, () => base).join('\n\n');
    const sentences = segment(text);
    expect(sentences.length).toBeGreaterThan(50_000);
  }, 60_000);
});
