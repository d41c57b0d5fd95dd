/**
 * Markdown in, Markdown out: checked against the parser (mdast: the same tree shape, code and
 * URLs unchanged) and against `marked`, an independent renderer (the same HTML element sequence).
 */
import { marked } from 'marked';
import type { Nodes } from 'mdast';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMarkdown, parseMarkdownTree } from '../../src/formats/markdown/index.js';
import { createTranslator } from '../../src/index.js';
import { MARIAN_MEMO } from '../helpers.js';
import { en } from './helpers.js';

/** Node types in document order, with code, URLs and HTML values (what must not change). */
function shape(markdown: string): string[] {
  const out: string[] = [];
  const walk = (node: Nodes) => {
    let label = node.type;
    if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html' || node.type === 'yaml') label += `:${node.value}`;
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') label += `:${node.url}`;
    if (node.type === 'heading') label += `:${node.depth}`;
    out.push(label);
    if ('children' in node) for (const c of node.children) walk(c as Nodes);
  };
  walk(parseMarkdownTree(markdown));
  return out;
}

/** The sequence of HTML element names `marked` renders. */
function elements(markdown: string): string[] {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return [...html.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]!);
}

const DOC = `---
title: Le chat dort.
date: 2022-01-05
---

# C’est désormais une véritable révolution.

**Le chat dort.** Merci beaucoup. [Bonjour.](https://example.org/a_b?x=1 "Il pleut aujourd'hui.")

> Pas même Loukachenko en Biélorussie.
> Nous continuerons de suivre la situation de près.

- Quel autre tyran au monde tire sur la foule comme ça ?
- En 2007, un affilié du dictateur, *Tour Utemuratov*, il a vendu sa banque Atf à Unicredit pour 2,1 milliards de dollars.

| Colonne | Autre |
| --- | :-: |
| Bonjour. | ~~Merci beaucoup.~~ |
| \`npm run x\` | <https://example.org/auto> |

\`\`\`js
const s = "Le chat dort.";
\`\`\`

    indented code: Bonjour.

<div class="x">Le chat dort.</div>

![Le chat dort.](img/chat.png) Qu'est-ce que c'est ?

[ref]: https://example.org/ref "Bonjour."
`;

describe('Markdown documents are read into sentences', () => {
  it('finds the text of headings, paragraphs, quotes, list items, table cells, link titles and image alt text, not code, HTML or definitions', () => {
    const doc = parseMarkdown(DOC);
    const sources = doc.units.map((u) => u.source);
    expect(sources).toContain('C’est désormais une véritable révolution.');
    expect(sources).toContain("Il pleut aujourd'hui."); // link title
    expect(sources).toContain('Le chat dort.'); // alt text and bold sentence
    expect(sources).toContain('Colonne');
    expect(sources.filter((s) => s === 'Bonjour.').length).toBe(2); // link text and table cell; not the code or the definition title
    expect(sources).not.toContain('Le chat dort. Bonjour.');
    expect(sources.join('\n')).not.toMatch(/indented code|const s|class=/);
    // offsets point at the sentence in the source
    for (const u of doc.units) expect(DOC.slice(u.start, u.end).replace(/\*\*|\n> /g, ' ').trim()).toContain(u.source.split(' ')[0]!);
  });

  it('translates listed front matter keys and keeps the others byte for byte', () => {
    const doc = parseMarkdown(DOC, { frontMatterKeys: ['title', 'date'] });
    expect(doc.units[0]!.source).toBe('Le chat dort.'); // title; date has no words
    const out = doc.render(doc.units.map((u, i) => (i === 0 ? 'The "cat" sleeps.' : u.source))).text;
    expect(out.startsWith('---\ntitle: "The \\"cat\\" sleeps."\ndate: 2022-01-05\n---\n')).toBe(true);
    expect(out.slice(out.indexOf('\n---\n'))).toBe(DOC.slice(DOC.indexOf('\n---\n')));
  });

  it('keeps a link whose text the translation does not repeat, with its URL, just after the sentence', () => {
    const md = 'Voir [le site](https://gouv.fr/a_b "Le titre.") pour plus.\n';
    const doc = parseMarkdown(md);
    const translations = ['See the website for more.', 'The title.'];
    expect(doc.render(translations).text).toBe('See the website for more. [https://gouv.fr/a\\_b](https://gouv.fr/a_b "The title.")\n');
    expect(doc.warningsFor(0, translations[0]!).map((w) => w.code)).toEqual(['markup-moved']);
    const structure = (m: string) => shape(m).filter((t) => t !== 'text');
    expect(structure(doc.render(translations).text)).toEqual(structure(md));
    // a link around the end of one sentence and the start of the next: kept after the first
    const crossing = parseMarkdown('Le chat [dort. Bonjour](https://x.fr).\n');
    expect(crossing.units.map((u) => u.source)).toEqual(['Le chat dort.', 'Bonjour.']);
    expect(crossing.render(['The cat is sleeping.', 'Hello.']).text).toBe('The cat is sleeping. [https://x.fr](https://x.fr) Hello.\n');
  });

  it('escapes Markdown syntax the translation brings, so the tree keeps its shape', () => {
    const doc = parseMarkdown(DOC);
    // the source's own words kept (so inline markup can be placed), Markdown syntax added
    const hostile = doc.units.map((u, i) => `${u.source} *a* _b_ [c](d) \`e\` <f> | # g ~h~ &amp; C:\\temp ${i}`);
    const out = doc.render(hostile).text;
    expect(shape(out)).toEqual(shape(DOC));
    expect(elements(out)).toEqual(elements(DOC));
  });
});

describe('Markdown translates in place (marian-memo)', () => {
  const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
  afterAll(() => translator.dispose());

  it('gives the same tree shape, code, URLs and HTML, with the English in it', async () => {
    const result = await translator.translate(DOC, { inputFormat: 'markdown' });
    const out = result.text;
    expect(shape(out)).toEqual(shape(DOC));
    expect(elements(out)).toEqual(elements(DOC));
    expect(out).toContain(`# ${en('C’est désormais une véritable révolution.')}\n`);
    expect(out).toContain(`**${en('Le chat dort.')}** ${en('Merci beaucoup.')} [${en('Bonjour.')}](https://example.org/a_b?x=1 "${en("Il pleut aujourd'hui.")}")`);
    expect(out).toContain(`> ${en('Pas même Loukachenko en Biélorussie.')}\n> ${en('Nous continuerons de suivre la situation de près.')}`);
    // emphasis around a name the translation repeats stays on the name
    expect(out).toContain('*Tour Utemuratov*');
    expect(out).toContain(`| ${en('Bonjour.')} | ~~${en('Merci beaucoup.')}~~ |\n| \`npm run x\` | <https://example.org/auto> |`);
    expect(out).toContain(`![${en('Le chat dort.')}](img/chat.png) ${en("Qu'est-ce que c'est ?")}`);
    expect(out).toContain('---\ntitle: Le chat dort.\ndate: 2022-01-05\n---'); // no keys asked: front matter as it was
    expect(out).toContain('<div class="x">Le chat dort.</div>'); // HTML blocks kept
    expect(out).toContain('[ref]: https://example.org/ref "Bonjour."');
    // every source sentence is in the result
    expect(result.sentences.length).toBe(parseMarkdown(DOC).units.length);
  });

  it('writes inline code verbatim through constrained search, where the model alone translates it, and keeps the span in place', async () => {
    expect(en('Pas même Loukachenko en Biélorussie.')).toBe('Not even Lukashenko in Belarus.');
    const result = await translator.translate('Bonjour. Pas même `Loukachenko` en Biélorussie.\n', { inputFormat: 'markdown' });
    expect(result.text).toBe(`${en('Bonjour.')} Not even \`Loukachenko\` in Belarus.\n`);
    expect(result.warnings).toEqual([]);
  });

  it('auto detects Markdown by its syntax', async () => {
    const result = await translator.translate('# Bonjour.\n\nLe chat dort.\n', { inputFormat: 'auto' });
    expect(result.text).toBe(`# ${en('Bonjour.')}\n\n${en('Le chat dort.')}\n`);
  });
});
