/**
 * Markdown inline code spans: their text reaches the backend as a constraint of the sentence
 * (recording fake), and a span the output does not repeat is kept whole after the sentence,
 * the sentence flagged.
 */
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/formats/markdown/index.js';
import { createTranslator } from '../../src/index.js';
import { createFakeBackend } from '../../src/testing/index.js';

const markdown = { inputFormat: 'markdown' } as const;

describe('Markdown inline code is kept verbatim', () => {
  it('lists each sentence\'s code spans as its kept text', () => {
    const doc = parseMarkdown('Lancez `npm test` puis `npm run lint`. Il pleut *fort*.\n\n- Tapez ``a `b` c`` ici.\n');
    expect(doc.units.map((u) => u.keep)).toEqual([['npm test', 'npm run lint'], undefined, ['a `b` c']]);
  });

  it('sends the spans as constraints and places them byte-identical where the output repeats them', async () => {
    const backend = createFakeBackend({ transform: (s) => s.replace('Lancez', 'Run').replace('puis', 'then') });
    const translator = createTranslator({ backend, repair: false });
    const result = await translator.translate('Lancez `npm test` puis ``npm  run`lint``.\n', markdown);
    expect(backend.calls.flatMap((c) => c.constraints ?? [])).toEqual([['npm test', 'npm run`lint']]);
    expect(result.text).toBe('Run `npm test` then ``npm  run`lint``.\n');
    expect(result.warnings).toEqual([]);
    await translator.dispose();
  });

  it('keeps a span the output does not repeat whole after the sentence, with markup-moved and glossary-missed', async () => {
    const translator = createTranslator({ backend: createFakeBackend() }); // upper-cases the code
    const result = await translator.translate('Lancez `npm test` maintenant.\n', markdown);
    expect(result.text).toBe('LANCEZ NPM TEST MAINTENANT. `npm test`\n');
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['constraint-unmet', 'markup-moved']);
    expect((result.sentences[0]!.flags ?? []).map((f) => f.code)).toContain('glossary-missed');
    await translator.dispose();
  });
});
