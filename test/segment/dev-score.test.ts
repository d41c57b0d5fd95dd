import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index';
import { DEV_SET_PATH, intlSplitter, loadDevSet, losslessViolation, scoreSplitter } from '../../scripts/lib/segmentation-score';

const hasDevSet = existsSync(DEV_SET_PATH);

describe.skipIf(!hasDevSet)('segmentation dev set', () => {
  const docs = hasDevSet ? loadDevSet() : [];

  it('is lossless on every document', () => {
    for (const doc of docs) {
      expect(losslessViolation(doc.text, segment(doc.text)), doc.id).toBeNull();
    }
  });

  it('reaches boundary F1 >= 0.99 and beats Intl.Segmenter', () => {
    const ours = scoreSplitter(docs, (text) => segment(text).map((s) => s.end));
    const intl = scoreSplitter(docs, intlSplitter('fr'));
    expect(ours.f1).toBeGreaterThanOrEqual(0.99);
    expect(ours.f1).toBeGreaterThan(intl.f1);
  });

  it('is lossless on the whole dev set concatenated with mixed line endings', () => {
    const text = docs.map((d) => d.text.replace(/\n/g, '\r\n')).join('\u00A0\n\uFEFF\n');
    expect(losslessViolation(text, segment(text))).toBeNull();
  });
});

describe.skipIf(!hasDevSet)('segmentation speed', () => {
  it('segments 10 MB of news text in a few seconds', () => {
    const base = loadDevSet()
      .map((d) => d.text)
      .join('\n\n');
    const text = Array.from({ length: Math.ceil(10_000_000 / base.length) }, () => base).join('\n\n');
    const t0 = performance.now();
    const sentences = segment(text);
    const ms = performance.now() - t0;
    expect(sentences.length).toBeGreaterThan(50_000);
    expect(ms).toBeLessThan(5_000);
  });
});
