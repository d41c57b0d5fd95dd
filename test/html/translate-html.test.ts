/**
 * HTML in, HTML out, end to end on marian-memo (exact translations of its memorised pairs):
 * the markup, attributes, comments and code survive, the text is translated in place.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator, digest, InputError, type StreamedSentence } from '../../src/index.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../helpers.js';
import { elementTree, NEWS_PAGE, outerHtmlOf, translatableText } from './pages.js';

const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
afterAll(() => translator.dispose());

const en = (fr: string) => {
  const pair = MEMO_PAIRS.find((p) => p.fr === fr);
  if (!pair) throw new Error(`not a memorised sentence: ${fr}`);
  return pair.en;
};
const html = { inputFormat: 'html' } as const;

describe('HTML pages translate in place', () => {
  it('translates the text of each block inside unchanged markup', async () => {
    const page = `<div class="a"><p id="p1">Le chat dort. Merci beaucoup.</p><p>Bonjour.</p></div>`;
    const result = await translator.translate(page, html);
    expect(result.text).toBe(`<div class="a"><p id="p1">${en('Le chat dort.')} ${en('Merci beaucoup.')}</p><p>${en('Bonjour.')}</p></div>`);
    expect(result.warnings).toEqual([]);
  });

  it('gives sentence offsets into the input HTML, entities and inline tags included', async () => {
    const page = `<p>Quel autre tyran au monde tire sur la foule comme ça&nbsp;?</p><p>Il pleut aujourd&#39;hui. <em>Bonjour.</em></p>`;
    const result = await translator.translate(page, html);
    expect(result.sentences.map((s) => page.slice(s.start, s.end))).toEqual([
      'Quel autre tyran au monde tire sur la foule comme ça&nbsp;?',
      'Il pleut aujourd&#39;hui.',
      'Bonjour.',
    ]);
    expect(result.sentences.map((s) => s.source)).toEqual(['Quel autre tyran au monde tire sur la foule comme ça ?', "Il pleut aujourd'hui.", 'Bonjour.']);
    expect(result.sentences.map((s) => s.translation)).toEqual([en('Quel autre tyran au monde tire sur la foule comme ça ?'), en("Il pleut aujourd'hui."), en('Bonjour.')]);
  });

  it('keeps inline elements around whole sentences and around names and numbers the translation repeats', async () => {
    const fr = 'En 2007, un affilié du dictateur, Tour Utemuratov, il a vendu sa banque Atf à Unicredit pour 2,1 milliards de dollars.';
    const page = `<p><em>Le chat dort.</em> En <b>2007</b>, un affilié du dictateur, <span class="n">Tour Utemuratov</span>, il a vendu sa banque Atf à <a href="/u" title="Bonjour.">Unicredit</a> pour 2,1 milliards de dollars.</p>`;
    const result = await translator.translate(page, html);
    expect(en(fr)).toBe('In 2007, an associate of the dictator, Tour Utemuratov, sold his bank Atf to Unicredit for $2.1 billion.');
    expect(result.text).toBe(
      `<p><em>${en('Le chat dort.')}</em> In <b>2007</b>, an associate of the dictator, <span class="n">Tour Utemuratov</span>, sold his bank Atf to <a href="/u" title="${en('Bonjour.')}">Unicredit</a> for $2.1 billion.</p>`,
    );
    expect(result.warnings).toEqual([]);
  });

  it('drops a tag the translation cannot place, keeps its text translated, and says which sentence lost markup', async () => {
    const page = `<p>Bonjour. Pas même <i class="name">Loukachenko</i> en Biélorussie.</p>`;
    const result = await translator.translate(page, html);
    expect(result.text).toBe(`<p>${en('Bonjour.')} ${en('Pas même Loukachenko en Biélorussie.')}</p>`);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ code: 'markup-dropped', sentence: 1 });
    expect(result.warnings[0]!.message).toContain('Loukachenko');
  });

  it('drops an element that crosses a sentence boundary, with the warning on the sentence where it starts', async () => {
    const page = `<p><b>Le chat dort. Merci</b> beaucoup.</p>`;
    const result = await translator.translate(page, html);
    expect(result.text).toBe(`<p>${en('Le chat dort.')} ${en('Merci beaucoup.')}</p>`);
    expect(result.warnings.map((w) => [w.code, w.sentence])).toEqual([['markup-dropped', 0]]);
  });

  it('moves an image from the middle of a sentence to its end, whole, with its alt translated', async () => {
    const page = `<p>Le chat <img src="c.png" alt="Bonjour."> dort.</p>`;
    const result = await translator.translate(page, html);
    expect(result.text).toBe(`<p>${en('Le chat dort.')}<img src="c.png" alt="${en('Bonjour.')}"></p>`);
    expect(result.warnings.map((w) => w.code)).toEqual(['markup-moved']);
  });

  it('translates the title and alt/title attributes and switches lang="fr" to lang="en"', async () => {
    const page = `<html lang="fr"><head><title>Bonjour.</title></head><body><p lang="fr-FR" title='Merci beaucoup.'>Le chat dort.</p><img alt="Il pleut aujourd'hui." src=x.png><p lang="de">2022</p></body></html>`;
    const result = await translator.translate(page, html);
    expect(result.text).toBe(
      `<html lang="en"><head><title>${en('Bonjour.')}</title></head><body><p lang="en" title="${en('Merci beaucoup.')}">${en('Le chat dort.')}</p><img alt="${en("Il pleut aujourd'hui.")}" src=x.png><p lang="de">2022</p></body></html>`,
    );
  });

  it('keeps script, style, code, pre, noscript, template and comments byte-identical', async () => {
    const untouched = [
      '<script>var s = "Le chat dort.";</script>',
      '<style>/* Bonjour. */ p { margin: 0 }</style>',
      '<pre>Le chat   dort.\n  Merci beaucoup.</pre>',
      '<noscript><p>Bonjour.</p></noscript>',
      '<template><p>Le chat dort.</p></template>',
      '<!-- Merci beaucoup. -->',
      '<p><code>Le chat dort.</code></p>',
    ];
    const page = `<body>${untouched.join('\n')}<p>Bonjour.</p></body>`;
    const result = await translator.translate(page, html);
    expect(result.text).toBe(`<body>${untouched.join('\n')}<p>${en('Bonjour.')}</p></body>`);
    expect(result.sentences).toHaveLength(1);
  });

  it('handles <br>, lists, nested lists and tables', async () => {
    const page = `<ul><li>Bonjour.<br>Le chat dort.</li><li>Merci beaucoup.<ol><li>Il pleut aujourd'hui.</li></ol></li></ul><table><tr><td>Bonjour.</td><td>42</td></tr></table>`;
    const result = await translator.translate(page, html);
    expect(result.text).toBe(
      `<ul><li>${en('Bonjour.')}<br>${en('Le chat dort.')}</li><li>${en('Merci beaucoup.')}<ol><li>${en("Il pleut aujourd'hui.")}</li></ol></li></ul><table><tr><td>${en('Bonjour.')}</td><td>42</td></tr></table>`,
    );
  });

  it('escapes what the translation adds as markup characters', async () => {
    const result = await translator.translate('<p>Le chat dort.</p>', { ...html, onNonFrench: 'translate' });
    expect(result.text).toBe(`<p>${en('Le chat dort.')}</p>`);
    // the skip path passes the text through: entities are written back escaped, not as raw markup
    const skipped = await translator.translate('<p>The cat &lt;b&gt; sleeps &amp; dreams.</p>', { ...html, onNonFrench: 'skip' });
    expect(skipped.text).toBe('<p>The cat &lt;b&gt; sleeps &amp; dreams.</p>');
  });

  it('rejects an array with inputFormat html, and an unknown inputFormat', async () => {
    await expect(translator.translate(['<p>Bonjour.</p>'], html)).rejects.toThrow(InputError);
    await expect(translator.translate('Bonjour.', { inputFormat: 'pdf' as never })).rejects.toThrow(/inputFormat/);
  });
});

describe('a whole news page', () => {
  it('translates every text block and keeps every element, attribute and untouched region', async () => {
    const result = await translator.translate(NEWS_PAGE, html);
    expect(result.warnings).toEqual([]);
    // every sentence is a memorised one, translated exactly
    expect(result.sentences.length).toBe(17);
    for (const s of result.sentences) expect(s.translation).toBe(en(s.source));
    // the element trees match, except lang and the translated attributes
    expect(elementTree(result.text, ['lang', 'alt', 'title'])).toEqual(elementTree(NEWS_PAGE, ['lang', 'alt', 'title']));
    // untouched elements are byte-identical
    for (const name of ['style', 'script', 'pre', 'noscript', 'template', 'meta']) {
      expect(outerHtmlOf(NEWS_PAGE, name)).toHaveLength(1);
      expect(outerHtmlOf(result.text, name)).toEqual(outerHtmlOf(NEWS_PAGE, name));
    }
    expect(outerHtmlOf(result.text, 'th')).toEqual(['<th>2022</th>']);
    expect(result.text).toContain('<!-- navigation : Bonjour. -->');
    expect(result.text).toContain('<html lang="en">');
    expect(result.text).toContain(`<title>${en('Le chat dort.')}</title>`);
    expect(result.text).toContain(`<p class="lead">${en('Pour arrêter les manifestants, la police a commencé à tirer des balles en caoutchouc.')} <em>`);
    expect(result.text).toContain('&copy; 2022</p></footer>');
    // no French sentence outside the untouched regions is left
    const visible = translatableText(result.text);
    expect(translatableText(NEWS_PAGE)).toContain('Le chat dort.');
    for (const p of MEMO_PAIRS) expect(visible).not.toContain(p.fr);
  });

  it('streams the same sentences with the same offsets', async () => {
    const result = await translator.translate(NEWS_PAGE, html);
    const streamed: StreamedSentence[] = [];
    for await (const s of translator.translateStream(NEWS_PAGE, html)) streamed.push(s);
    expect(streamed.map(({ source, translation, start, end }) => ({ source, translation, start, end }))).toEqual(
      result.sentences.map(({ source, translation, start, end }) => ({ source, translation, start, end })),
    );
  });

  it('digest translates the page as HTML and summarises plain English', async () => {
    const result = await digest(NEWS_PAGE, { inputFormat: 'html', translator, method: 'extractive', type: 'tldr', length: 'short' });
    expect(elementTree(result.translation, ['lang', 'alt', 'title'])).toEqual(elementTree(NEWS_PAGE, ['lang', 'alt', 'title']));
    expect(result.summary).not.toMatch(/[<>]/);
    expect(result.summary.length).toBeGreaterThan(0);
    const translated = await translator.translate(NEWS_PAGE, html);
    expect(result.sentences.map(({ source, translation, start, end }) => ({ source, translation, start, end }))).toEqual(
      translated.sentences.map(({ source, translation, start, end }) => ({ source, translation, start, end })),
    );
  });
});
