/**
 * Decoding over a shortlist: a list holding every piece decodes exactly as the full vocabulary
 * (greedy and beams, scores included); a list built from a corpus reproduces that corpus; and,
 * whatever the list, greedy output is unchanged whenever the list holds every piece of the full
 * output (property over inputs and lists). Full-vocabulary decoding is the reference throughout.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShortlist, createTransformersBackend, createTranslator, InputError, type BackendV1 } from '../../../../src/index.js';
import { encodeBatch } from '../../../../src/backend/transformers/inputs.js';
import { decodeLean, shortlistLists } from '../../../../src/backend/transformers/lean.js';
import { loadModel, type LoadedModel } from '../../../../src/backend/transformers/model.js';
import { decodeShortlist, encodeShortlist, makeShortlist, sentenceList, SHORTLIST_FILE } from '../../../../src/backend/transformers/shortlist/table.js';
import { MARIAN_BEAM, MARIAN_MEMO, MARIAN_TINY, MEMO_PAIRS, SEED } from '../../../helpers.js';
import { segment } from '../../../../src/index.js';
import { readFileSync } from 'node:fs';

const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-shortlist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A shortlist listing every id of a vocabulary (as frequent pieces). */
function everyPiece(vocab: number): string {
  const file = path.join(dir, `all-${vocab}.bin`);
  writeFileSync(file, encodeShortlist(makeShortlist(vocab, [], Array.from({ length: vocab }, (_, i) => i))));
  return file;
}

const backends: BackendV1[] = [];
function backend(model: string, shortlist?: string | false): BackendV1 {
  const b = createTransformersBackend({ model, ...(shortlist !== undefined ? { shortlist } : {}) });
  backends.push(b);
  return b;
}
afterAll(async () => {
  await Promise.all(backends.map((b) => b.doDispose?.()));
});

const memoInputs = MEMO_PAIRS.map((p) => p.fr);
const seedInputs = segment(SEED).map((s) => s.text).filter((s) => s.length < 120).slice(0, 6);

describe('a shortlist holding every piece', () => {
  it.each([
    ['marian-memo', MARIAN_MEMO, 1001, memoInputs, {}],
    ['marian-memo, noRepeatNgramSize 2', MARIAN_MEMO, 1001, memoInputs, { noRepeatNgramSize: 2 }],
    ['marian-tiny', MARIAN_TINY, 1001, seedInputs, {}],
    ['marian-beam', MARIAN_BEAM, 8, ['a b', 'b a c', 'c'], {}],
  ])('%s: same tokens and scores as the full vocabulary, greedy and 4 beams', async (_, model, vocab, inputs, extra) => {
    const full = backend(model);
    const listed = backend(model, everyPiece(vocab));
    expect((await listed.doLoad({})).shortlist).toBe(everyPiece(vocab));
    for (const beams of [1, 4]) {
      const call = { inputs, maxNewTokens: inputs.map(() => 40), minNewTokens: inputs.map((_, i) => i % 3), beams, ...extra };
      const [a, b] = [await full.doGenerate(call), await listed.doGenerate(call)];
      b.outputs.forEach((o, i) => {
        expect(o.text).toBe(a.outputs[i]!.text);
        expect(o.tokens).toBe(a.outputs[i]!.tokens);
        expect(o.finished).toBe(a.outputs[i]!.finished);
        expect(o.score).toBeCloseTo(a.outputs[i]!.score!, 5);
      });
    }
  }, 120_000);
});

describe('a shortlist built from a corpus', () => {
  it('reproduces the best translation of ≥ 99 % of that corpus (marian-memo, greedy and beams), with lists far smaller than the vocabulary', async () => {
    const corpus = path.join(dir, 'memo.fr');
    writeFileSync(corpus, memoInputs.join('\n'));
    const out = path.join(dir, 'memo.bin');
    const events: string[] = [];
    const built = await buildShortlist({ model: MARIAN_MEMO, corpus, out, k: 3, frequent: 10, onProgress: (p) => events.push(p.phase) });
    expect(built.sentences).toBe(memoInputs.length);
    expect(events).toContain('align');
    const table = decodeShortlist(readFileSync(out));
    // the lists are a real restriction: the longest sentence's list is a small part of the vocabulary
    const loaded = await loadModel({ model: MARIAN_MEMO, shortlist: out });
    try {
      const lists = shortlistLists(loaded, encodeBatch(loaded, memoInputs), { inputs: memoInputs, maxNewTokens: memoInputs.map(() => 1) });
      expect(Math.max(...lists.map((l) => l.length))).toBeLessThan(table.vocabSize / 3);
    } finally {
      await loaded.model.dispose();
    }
    const full = backend(MARIAN_MEMO);
    const listed = backend(MARIAN_MEMO, out);
    for (const beams of [1, 4]) {
      const call = { inputs: memoInputs, maxNewTokens: memoInputs.map(() => 100), beams };
      const [a, b] = [await full.doGenerate(call), await listed.doGenerate(call)];
      const same = b.outputs.filter((o, i) => o.text === a.outputs[i]!.text).length;
      expect(same / memoInputs.length).toBeGreaterThanOrEqual(0.99);
    }
  }, 120_000);
});

describe('the shortlist invariant', () => {
  let loaded: LoadedModel;
  let full: BackendV1;
  beforeAll(async () => {
    loaded = await loadModel({ model: MARIAN_MEMO, shortlist: false });
    full = backend(MARIAN_MEMO);
  }, 60_000);
  afterAll(async () => {
    await loaded?.model.dispose();
  });

  it('greedy output is unchanged whenever the sentence list holds every piece of the full output', async () => {
    const words = memoInputs.join(' ').split(/\s+/);
    let covered = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: words.length - 1 }), { minLength: 1, maxLength: 8 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 120 }),
        fc.boolean(),
        async (picks, noise, includeOutput) => {
          const input = picks.map((i) => words[i]).join(' ');
          const reference = await full.doGenerate({ inputs: [input], maxNewTokens: [30], beams: 1 });
          const batch = encodeBatch(loaded, [input]);
          const fullIds = (await decodeLean({ ...loaded, lean: loaded.lean! }, batch, { maxNew: [30], minNew: [0] }, { inputs: [input], maxNewTokens: [30], beams: 1 })).tokens[0]!;
          const frequent = includeOutput ? [...new Set([...noise, ...fullIds])] : noise;
          const file = path.join(dir, `property-${run++}.bin`);
          const table = makeShortlist(1001, [], frequent);
          writeFileSync(file, encodeShortlist(table));
          const listed = createTransformersBackend({ model: MARIAN_MEMO, shortlist: file });
          try {
            const result = await listed.doGenerate({ inputs: [input], maxNewTokens: [30], beams: 1 });
            const list = new Set(shortlistLists({ ...loaded, shortlist: { table, file, head: undefined } }, batch, { inputs: [input], maxNewTokens: [30] })[0]);
            const needed = [...fullIds, ...(reference.outputs[0]!.finished ? loaded.settings.eos : [])];
            if (needed.every((id) => list.has(id))) {
              covered++;
              expect(result.outputs[0]!.text).toBe(reference.outputs[0]!.text);
              expect(result.outputs[0]!.tokens).toBe(reference.outputs[0]!.tokens);
            }
          } finally {
            await listed.doDispose?.();
          }
        },
      ),
      { numRuns: 16, seed: 7 },
    );
    // the property was exercised, not vacuously true
    expect(covered).toBeGreaterThanOrEqual(4);
  }, 240_000);

  it('adds constraint pieces (target-tokenised, as the constrained search places them) and special tokens to a sentence list', () => {
    const table = makeShortlist(1001, [], [5]);
    const batch = encodeBatch(loaded, ['Bonjour.']);
    const [list] = shortlistLists({ ...loaded, shortlist: { table, file: 'x', head: undefined } }, batch, { inputs: ['Bonjour.'], maxNewTokens: [5], constraints: [['Kazakhstan']] });
    const constraintIds = loaded.tokenizer.encodeTarget('Kazakhstan');
    for (const id of [...constraintIds, ...loaded.settings.eos, 5]) expect([...list!]).toContain(id);
    expect([...list!]).toEqual([...sentenceList(table, Array.from(batch.inputIds, Number), [...loaded.settings.eos, loaded.lean!.decoderStart, ...constraintIds])]);
  });
});

describe('choosing the shortlist', () => {
  it("uses a model folder's shortlist.bin by default, reports it, and `shortlist: false` turns it off", async () => {
    const model = path.join(dir, 'memo-with-list');
    cpSync(MARIAN_MEMO, model, { recursive: true });
    cpSync(everyPiece(1001), path.join(model, SHORTLIST_FILE));
    expect((await backend(model).doLoad({})).shortlist).toBe(path.join(model, SHORTLIST_FILE));
    expect((await backend(model, false).doLoad({})).shortlist).toBeUndefined();
    const translator = createTranslator({ model, shortlist: everyPiece(1001) });
    try {
      expect((await translator.load()).shortlist).toBe(everyPiece(1001));
      expect((await translator.translate(MEMO_PAIRS[1]!.fr)).text).toBe(MEMO_PAIRS[1]!.en);
    } finally {
      await translator.dispose();
    }
  }, 120_000);

  it.each([
    ['a missing file', () => path.join(dir, 'missing.bin'), /does not exist/],
    ['a file that is not a shortlist', () => (writeFileSync(path.join(dir, 'junk.bin'), 'junk'), path.join(dir, 'junk.bin')), /not usable/],
    ['a list for another vocabulary', () => everyPiece(8), /vocabulary of 8/],
  ])('rejects %s with an InputError naming `shortlist`', async (_, file, message) => {
    const error = await backend(MARIAN_MEMO, file()).doLoad({}).catch((e: unknown) => e);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).option).toBe('shortlist');
    expect(String((error as Error).message)).toMatch(message);
  }, 60_000);

  it('rejects a `shortlist` option that is neither a path nor false', () => {
    expect(() => createTranslator({ model: MARIAN_MEMO, shortlist: true as unknown as string })).toThrow(InputError);
  });
});
