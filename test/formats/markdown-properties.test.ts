/**
 * Random Markdown documents (blocks of memorised sentences with inline markup around whole
 * sentences, names and code) keep their tree shape (every node but text nodes, code and URLs
 * included) through read → rebuild, whatever the "translation" appends, as long as it repeats
 * the text that inline markup wraps; with the French itself as translation, the bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, parseMarkdownTree } from '../../src/formats/markdown/index.js';
import { MEMO_PAIRS } from '../helpers.js';

type Node = { type: string; children?: Node[]; value?: string; url?: string };
const shape = (markdown: string): string[] => {
  const out: string[] = [];
  const walk = (n: Node) => {
    out.push(n.type + (n.type === 'inlineCode' || n.type === 'code' ? `:${n.value}` : '') + (n.url ? `:${n.url}` : ''));
    n.children?.forEach(walk);
  };
  walk(parseMarkdownTree(markdown) as unknown as Node);
  return out;
};

const sentence = fc.constantFrom(...MEMO_PAIRS.map((p) => p.fr.replace(/[*_`[\]<>|#~\\]/g, '')));
const inline = fc.oneof(
  sentence,
  sentence.map((s) => `*${s}*`),
  sentence.map((s) => `**${s}**`),
  sentence.map((s) => `[${s}](https://example.org/${s.length})`),
  sentence.map((s) => `${s} \`npm run x\``),
);
const line = fc.array(inline, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(' '));
const block = fc.oneof(
  line,
  line.map((l) => `## ${l}`),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((items) => items.map((i) => `- ${i}`).join('\n')),
  line.map((l) => `> ${l}`),
  fc.tuple(sentence, sentence).map(([a, b]) => `| A | B |\n| - | - |\n| ${a} | ${b} |`),
  sentence.map((s) => `\`\`\`\n${s}\n\`\`\``),
);
const documentArb = fc.array(block, { minLength: 1, maxLength: 6 }).map((blocks) => `${blocks.join('\n\n')}\n`);

describe('Markdown read → rebuild keeps the tree', () => {
  it('for any document, with translations that append text (Markdown syntax included)', () => {
    fc.assert(
      fc.property(documentArb, fc.constantFrom('', ' Fin.', ' *x* [y](z) `w` #1 | a_b'), (markdown, tail) => {
        const doc = parseMarkdown(markdown);
        const out = doc.render(doc.units.map((u) => `${u.source}${tail}`)).text;
        // appended text may add a text node after inline markup: compare everything else
        const structure = (m: string) => shape(m).filter((t) => t !== 'text');
        expect(structure(out)).toEqual(structure(markdown));
        if (tail === '') expect(out).toBe(markdown);
      }),
      { numRuns: 150 },
    );
  });
});
