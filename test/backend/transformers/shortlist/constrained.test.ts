/**
 * Constrained search, the repetition penalty and alternatives over a vocabulary shortlist. The
 * reference is the same search over the full vocabulary: a shortlist holding every piece must
 * change nothing (text, tokens, score, unmet constraints, alternatives); a small shortlist must
 * still let the search place a constraint whose pieces the table itself does not list, since
 * every sentence's list carries its constraints' target pieces.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformersBackend, type BackendGenerateOptions, type BackendV1 } from '../../../../src/index.js';
import { containsRun } from '../../../../src/backend/transformers/constraints.js';
import { encodeBatch } from '../../../../src/backend/transformers/inputs.js';
import { decodeLean, shortlistLists } from '../../../../src/backend/transformers/lean.js';
import { loadModel, type LoadedModel } from '../../../../src/backend/transformers/model.js';
import { encodeShortlist, makeShortlist } from '../../../../src/backend/transformers/shortlist/table.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../../../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-shortlist-constrained-'));
const VOCAB = 1001;
const EVERY = path.join(dir, 'every.bin');
writeFileSync(EVERY, encodeShortlist(makeShortlist(VOCAB, [], Array.from({ length: VOCAB }, (_, i) => i))));

const LUKA = MEMO_PAIRS.find((p) => p.fr.includes('Loukachenko'))!;
const CHAT = MEMO_PAIRS.find((p) => p.fr === 'Le chat dort.')!;
/** The free sentence first, so that the constrained one is not the call's first row. */
const INPUTS = [CHAT.fr, LUKA.fr];
const CONSTRAINTS = [[], ['Lukashenka']];

const backends: BackendV1[] = [];
function backend(shortlist: string | false): BackendV1 {
  const b = createTransformersBackend({ model: MARIAN_MEMO, shortlist });
  backends.push(b);
  return b;
}
afterAll(async () => {
  await Promise.all(backends.map((b) => b.doDispose?.()));
  rmSync(dir, { recursive: true, force: true });
});

describe('constrained search over a shortlist holding every piece', () => {
  it.each([
    ['greedy (the constrained row as 4 beams)', { beams: 1 }],
    ['4 beams', { beams: 4 }],
    ['4 beams, repetition penalty 1.5, 2 alternatives', { beams: 4, repetitionPenalty: 1.5, alternatives: 2 }],
    ['greedy, repetition penalty 0.7', { beams: 1, repetitionPenalty: 0.7 }],
  ])('%s: same output, score, unmet constraints and alternatives as the full vocabulary', async (_, extra) => {
    const call: BackendGenerateOptions = { inputs: INPUTS, maxNewTokens: INPUTS.map(() => 30), constraints: CONSTRAINTS, ...extra };
    const [full, listed] = [await backend(false).doGenerate(call), await backend(EVERY).doGenerate(call)];
    // the constraint really steers the output away from the memorised translation
    expect(full.outputs[1]!.text).toContain('Lukashenka');
    expect(full.outputs[1]!.text).not.toBe(LUKA.en);
    listed.outputs.forEach((o, i) => {
      const reference = full.outputs[i]!;
      expect(o.text).toBe(reference.text);
      expect(o.tokens).toBe(reference.tokens);
      expect(o.finished).toBe(reference.finished);
      expect(o.score).toBeCloseTo(reference.score!, 5);
      expect(o.unmetConstraints).toEqual(reference.unmetConstraints);
      expect(o.alternatives?.map((a) => a.text)).toEqual(reference.alternatives?.map((a) => a.text));
      o.alternatives?.forEach((a, k) => expect(a.score).toBeCloseTo(reference.alternatives![k]!.score, 5));
    });
  }, 120_000);
});

describe('constrained search over a small shortlist', () => {
  const SMALL = path.join(dir, 'small.bin');
  let loaded: LoadedModel;
  let table: ReturnType<typeof makeShortlist>;
  let pieces: number[];
  beforeAll(async () => {
    const probe = await loadModel({ model: MARIAN_MEMO, shortlist: false });
    try {
      // the memorised English side only: no piece of "Lukashenka" that the English side lacks
      const frequent = [...new Set(MEMO_PAIRS.flatMap((p) => probe.tokenizer.encodeTarget(p.en)))];
      table = makeShortlist(VOCAB, [], frequent);
      pieces = probe.tokenizer.encodeTarget('Lukashenka');
    } finally {
      await probe.model.dispose();
    }
    writeFileSync(SMALL, encodeShortlist(table));
    loaded = await loadModel({ model: MARIAN_MEMO, shortlist: SMALL });
  }, 60_000);
  afterAll(async () => {
    await loaded?.model.dispose();
  });

  it.each([1, 4])('places the constraint with %i beam(s) though the table lists none of its own pieces, and writes only listed pieces', async (beams) => {
    expect(loaded.shortlist).toBeDefined();
    expect(table.frequent.length).toBeLessThan(VOCAB / 3);
    // the constraint has a piece the table does not list: only the sentence list's additions make it reachable
    expect(pieces.some((id) => !table.frequent.includes(id))).toBe(true);
    const options: BackendGenerateOptions = { inputs: INPUTS, maxNewTokens: INPUTS.map(() => 30), constraints: CONSTRAINTS, beams };
    const batch = encodeBatch(loaded, INPUTS);
    const lists = shortlistLists(loaded, batch, options);
    for (const id of pieces) expect([...lists[1]!]).toContain(id);
    const result = await decodeLean({ ...loaded, lean: loaded.lean! }, batch, { maxNew: [30, 30], minNew: [0, 0] }, options);
    expect(containsRun(result.tokens[1]!, pieces)).toBe(true);
    expect(result.unmet?.[1]).toEqual([]);
    result.tokens.forEach((tokens, i) => tokens.forEach((id) => expect(lists[i]!.includes(id)).toBe(true)));

    const out = await backend(SMALL).doGenerate(options);
    expect(out.outputs[1]!.text).toContain('Lukashenka');
    expect(out.outputs[1]!.unmetConstraints).toEqual([]);
    expect(out.outputs[0]!.unmetConstraints).toBeUndefined();
  }, 120_000);
});
