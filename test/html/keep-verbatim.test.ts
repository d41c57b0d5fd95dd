/**
 * Inline code and markup with `translate="no"` / `class="notranslate"`: their text becomes a
 * constraint of the sentence's translation, and the element comes back byte-identical in place.
 * On the recording fake (what reaches the backend; an output that cannot place it) and on
 * marian-memo (constrained search writes the text where the model alone would translate it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/index.js';
import { extractHtml } from '../../src/html/extract.js';
import { createFakeBackend } from '../../src/testing/index.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../helpers.js';

const html = { inputFormat: 'html' } as const;

describe('extracting kept text', () => {
  it('lists the text of code, kbd, samp, var, translate="no" and notranslate markup per sentence', () => {
    const page =
      '<p>Tapez <kbd>ls -la</kbd> puis <code class="x">npm&nbsp;test</code>. Le <span translate="no">Monde</span> et <var>n</var> et <samp>OK</samp>. ' +
      'Voir <b class="notranslate">Le Figaro</b> ici.</p>';
    const { units } = extractHtml(page);
    expect(units.map((u) => u.keep)).toEqual([['ls -la', 'npm test'], ['Monde', 'n', 'OK'], ['Le Figaro']]);
  });

  it('reads translate="no" in any case and lets translate="yes" and the empty value translate', () => {
    const { units } = extractHtml('<p>Un <span translate="NO">chat</span> et <span translate="yes">un chien</span> et <span translate="">un rat</span>.</p>');
    expect(units).toHaveLength(1);
    expect(units[0]!.keep).toEqual(['chat']);
  });

  it('skips a block marked translate="no" and its attributes, but translates a part inside it with translate="yes"', () => {
    const page = '<div translate="no"><p title="Bonjour.">Le chat dort.</p><p>Il pleut <em translate="yes">Merci beaucoup.</em></p></div><p>Bonjour.</p>';
    const { units } = extractHtml(page);
    expect(units.map((u) => u.source)).toEqual(['Merci beaucoup.', 'Bonjour.']);
    expect(units.every((u) => u.keep === undefined)).toBe(true);
  });

  it('skips a block with class="notranslate" among other classes', () => {
    const { units } = extractHtml('<p class="lead notranslate">Le chat dort.</p><p>Bonjour.</p>');
    expect(units.map((u) => u.source)).toEqual(['Bonjour.']);
  });

  it('translates an inline translate="no" element that holds a translate="yes" part as ordinary markup', () => {
    const { units } = extractHtml('<p>Le <span translate="no">chat <i translate="yes">dort</i></span>.</p>');
    expect(units.map((u) => [u.source, u.keep])).toEqual([['Le chat dort.', undefined]]);
  });
});

describe('on the recording fake backend', () => {
  it('sends the kept text as constraints of the piece that holds it and places the elements byte-identical', async () => {
    const backend = createFakeBackend();
    const translator = createTranslator({ backend });
    const page = '<p>Lancez <code class="cmd" data-x=\'1\'>npm&nbsp;test</code> avec <span translate="no">Le <b>Monde</b></span>. Bonjour <kbd>Ctrl</kbd>.</p>';
    // the fake writes its input back unchanged: every kept text is there, verbatim (no repair: it stays French)
    const same = createTranslator({ backend: createFakeBackend({ transform: (s) => s }), repair: false });
    const result = await same.translate(page, html);
    expect(result.text).toBe(page);
    expect(result.warnings.filter((w) => w.code.startsWith('markup') || w.code === 'constraint-unmet')).toEqual([]);
    expect(result.sentences.flatMap((s) => s.flags ?? []).filter((f) => f.code === 'glossary-missed')).toEqual([]);
    await translator.translate(page, html);
    const constraints = backend.calls.flatMap((c) => c.constraints ?? []);
    expect(constraints).toEqual([['npm test', 'Le Monde'], ['Ctrl']]);
    await Promise.all([translator.dispose(), same.dispose()]);
  });

  it('keeps an element the output does not repeat, whole after the sentence, with markup-moved, constraint-unmet and glossary-missed', async () => {
    const translator = createTranslator({ backend: createFakeBackend() }); // upper-cases: "npm test" is lost
    const page = '<p>Lancez <code>npm test</code> maintenant.</p>';
    const result = await translator.translate(page, html);
    expect(result.text).toBe('<p>LANCEZ NPM TEST MAINTENANT. <code>npm test</code></p>');
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['constraint-unmet', 'markup-moved']);
    const flags = result.sentences[0]!.flags ?? [];
    expect(flags.map((f) => f.code)).toContain('glossary-missed');
    expect(JSON.stringify(flags)).toContain('npm test');
    await translator.dispose();
  });

  it('gives a split sentence\'s kept text to the piece that holds it', async () => {
    const backend = createFakeBackend({ maxInputTokens: 12, transform: (s) => s });
    const translator = createTranslator({ backend, repair: false });
    const words = (n: number, w: string) => Array.from({ length: n }, () => w).join(' ');
    const page = `<p>Le ${words(14, 'chat')} <code>npm test</code> et ${words(14, 'chien')} <kbd>Ctrl</kbd> fin.</p>`;
    const result = await translator.translate(page, html);
    const rows = backend.calls.flatMap((c) => c.inputs.map((input, k) => [input, c.constraints?.[k] ?? []] as const));
    expect(rows.length).toBeGreaterThan(2); // split
    for (const [input, constraints] of rows) {
      expect(constraints).toEqual(['npm test', 'Ctrl'].filter((t) => input.includes(t)));
    }
    expect(rows.filter(([, c]) => c.length > 0).map(([, c]) => c)).toEqual([['npm test'], ['Ctrl']]);
    expect(result.text).toContain('<code>npm test</code>');
    expect(result.text).toContain('<kbd>Ctrl</kbd>');
    await translator.dispose();
  });

  it('translates the text of a translate="yes" element inside a translate="no" block', async () => {
    const backend = createFakeBackend();
    const translator = createTranslator({ backend });
    const result = await translator.translate('<div translate="no"><p>Le chat dort.</p><p><span translate="yes">Il pleut.</span></p></div>', html);
    expect(result.text).toBe('<div translate="no"><p>Le chat dort.</p><p><span translate="yes">IL PLEUT.</span></p></div>');
    expect(backend.calls.flatMap((c) => c.inputs)).toEqual(['Il pleut.']);
    await translator.dispose();
  });
});

describe('on marian-memo', () => {
  const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
  afterAll(() => translator.dispose());
  const pair = MEMO_PAIRS.find((p) => p.fr === 'Pas même Loukachenko en Biélorussie.')!;

  for (const [name, open, close] of [
    ['code', '<code class="n">', '</code>'],
    ['translate="no"', '<span translate="no" id="k">', '</span>'],
    ['class="notranslate"', '<span class="notranslate">', '</span>'],
    ['kbd', '<kbd>', '</kbd>'],
  ] as const) {
    it(`writes the text of ${name} verbatim, where the model alone translates it, and places the element byte-identical`, async () => {
      expect(pair.en).toBe('Not even Lukashenko in Belarus.');
      const page = `<p>Bonjour. Pas même ${open}Loukachenko${close} en Biélorussie.</p>`;
      const result = await translator.translate(page, html);
      expect(result.text).toBe(`<p>Hello. Not even ${open}Loukachenko${close} in Belarus.</p>`);
      expect(result.warnings).toEqual([]);
      expect(result.sentences.flatMap((s) => s.flags ?? [])).toEqual([]);
    }, 60_000);
  }
});
