/** Reading and rebuilding HTML without a model: offsets, white space, odd markup. */
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/html/index.js';
import { decodeSource } from '../../src/html/decode.js';
import { elementTree } from './pages.js';

describe('decodeSource', () => {
  it.each([
    ['a&amp;b', 'a&b'],
    ['L&eacute;a&nbsp;!', 'Léa\u00a0!'],
    ['x &amp y &notit; z', 'x & y ¬it; z'],
    ['&#x1F600;&#233;', '😀é'],
    ['a\r\nb\rc', 'a\nb\nc'],
    ['&bogus; & &', '&bogus; & &'],
  ])('%j decodes as the parser does, each unit mapped to its source', (raw, text) => {
    const d = decodeSource(raw, 0, raw.length);
    expect(d.text).toBe(text);
    expect(d.rawStart).toHaveLength(text.length);
    expect(d.rawEnd[d.rawEnd.length - 1]).toBe(raw.length);
    for (let k = 1; k < text.length; k++) expect(d.rawStart[k]).toBeGreaterThanOrEqual(d.rawStart[k - 1]!);
  });
});

describe('parseHtml', () => {
  it('segments each block apart and collapses white space for the model', () => {
    const doc = parseHtml('<p>Le chat\n   dort.   Il pleut.</p><div>Bonjour.</div>');
    expect(doc.units.map((u) => [u.source, u.paragraph])).toEqual([
      ['Le chat dort.', 0],
      ['Il pleut.', 0],
      ['Bonjour.', 1],
    ]);
  });

  it('leaves numbers, punctuation and empty blocks alone', () => {
    const doc = parseHtml('<nav><a>2022</a> | <a>·</a></nav><p> </p>');
    expect(doc.units).toEqual([]);
    expect(doc.render([])).toBe('<nav><a>2022</a> | <a>·</a></nav><p> </p>');
  });

  it.each([
    '<p>Le chat dort.<p>Il pleut. <b>Bonjour',
    '<ul><li>Un.<li>Deux <i>trois</i> quatre.</ul>',
    '<p>Le <b>chat <i>noir</b> dort</i>.</p>',
    '<div>Avant. <div>Dedans.</div> Après.</div>',
    '<span>Une <div>phrase</div> coupée.</span>',
    '<p>Un <a name="x"></a>lien. <!-- c --> Deux.</p>',
    '<table><tr><td>Case un.<td>Case deux.</table>',
  ])('rebuilds %j with the same element tree when each sentence is given back', (page) => {
    const doc = parseHtml(page);
    expect(doc.units.length).toBeGreaterThan(0);
    const out = doc.render(doc.units.map((u) => u.source));
    const strip = (lines: string[]) => lines.filter((l) => !/ (a|b|i)$/.test(l));
    expect(strip(elementTree(out))).toEqual(strip(elementTree(page)));
  });

  it('gives back the input byte for byte when nothing is translated and no lang changes', () => {
    const page = '<!doctype html><html><head><title>T</title></head><body><p class=a>42 &amp; 43</p><pre> x </pre></body></html>';
    const doc = parseHtml(page);
    expect(doc.render(doc.units.map(() => 'T'))).toBe(page);
  });
});
