import { describe, expect, it } from 'vitest';
import { inputNormalizer, normalizeOpusMt, OPUS_MT_CHAR_MAP } from '../../../src/backend/normalize/index.js';

describe('OPUS-MT input normalisation (preprocess-spm.sh)', () => {
  it.each(OPUS_MT_CHAR_MAP.map(([from, to]) => [from, to]))('maps %s inside a sentence', (from, to) => {
    const expected = `a ${to} b`.replace(/ {2,}/g, ' ');
    expect(normalizeOpusMt(`a ${from} b`)).toBe(from === '。' || from === '．' ? `a ${to.trimEnd()} b` : expected);
  });

  it('lists every mapping of the script, in its order', () => {
    expect(OPUS_MT_CHAR_MAP.map(([from]) => from).join('')).toBe('，。、”“∶：？《》）！（；１」「０３２５６９７８４．～’…━〈〉【】％');
  });

  it('makes the spaces after 。 and ． a single one', () => {
    expect(normalizeOpusMt('fin。   Suite')).toBe('fin. Suite');
    expect(normalizeOpusMt('fin．Suite')).toBe('fin. Suite');
  });

  it.each([
    ['zero-width space', 'a\u200bb', 'a b'],
    ['word joiner', 'a\u2060b', 'a b'],
    ['byte-order mark', '\ufeffabc', 'abc'],
    ['soft hyphen', 'in\u00adtéressant', 'in téressant'],
    ['direction mark', 'a\u200eb', 'a b'],
    ['bell control character', 'a\u0007b', 'a b'],
    ['tab', 'a\tb', 'a b'],
    ['newline inside a sentence', 'a\nb', 'a b'],
    ['carriage return', 'a\r\nb', 'a b'],
    ['private-use character', 'a\ue000b', 'a b'],
  ])('turns a %s into a space (other-category characters)', (_name, input, expected) => {
    expect(normalizeOpusMt(input)).toBe(expected);
  });

  it('squeezes runs of spaces and trims', () => {
    expect(normalizeOpusMt('  Des   espaces    multiples  ')).toBe('Des espaces multiples');
  });

  it('keeps what the script keeps: « » – — ‘ and no-break spaces', () => {
    const kept = '«\u00a0oui\u00a0» – non — ‘peut-être’ 2\u202f000';
    expect(normalizeOpusMt(kept)).toBe("«\u00a0oui\u00a0» – non — ‘peut-être' 2\u202f000");
  });

  it('leaves plain French unchanged', () => {
    const s = "Le Président de la République a déclaré qu'il était « très inquiet ».";
    expect(normalizeOpusMt(s)).toBe(s);
  });

  it('applies to Marian models only', () => {
    expect(inputNormalizer('marian')('L’État…')).toBe("L'État...");
    expect(inputNormalizer('bart')('L’État…')).toBe('L’État…');
    expect(inputNormalizer(undefined)('L’État…')).toBe('L’État…');
  });
});
