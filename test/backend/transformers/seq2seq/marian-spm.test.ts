/**
 * Marian's own tokenizer against Google's sentencepiece: test/fixtures/spm-reference.json was
 * written by scripts/fixtures/spm_reference.py with Debian's python3-sentencepiece on the marian-spm
 * fixture (MarianTokenizer's ids: preprocess-spm.sh, source.spm pieces, vocab.json, </s>).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { inputNormalizer } from '../../../../src/backend/normalize/index.js';
import { loadMarianSpm } from '../../../../src/backend/transformers/seq2seq/marian-spm.js';
import { loadModelTokenizer } from '../../../../src/backend/transformers/seq2seq/tokenizer.js';
import { createTransformersBackend, createTranslator } from '../../../../src/index.js';
import { FIXTURES, MARIAN_MEMO, ROOT } from '../../../helpers.js';
import { requireSharedData } from '../../../helpers/services.js';

const MARIAN_SPM = path.join(FIXTURES, 'marian-spm');
/** The dev set beside the repository; without it the dev-set comparisons are skipped with one line. */
const DEV = requireSharedData('data/segmentation-dev.jsonl');

interface Reference {
  dev: number[][];
  texts: { set: 'seed' | 'chars'; text: string; ids: number[] }[];
  decodes: { ids: number[]; text: string }[];
}
const reference: Reference = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'spm-reference.json'), 'utf8'));
const devSentences: string[] = (DEV.available ? readFileSync(DEV.path, 'utf8') : '')
  .split('\n')
  .filter((l) => l.trim())
  .flatMap((l) => (JSON.parse(l) as { sentences: string[] }).sentences);
const normalize = inputNormalizer('marian');
const all = [
  ...devSentences.map((text, i) => ({ set: 'dev', text, ids: reference.dev[i]! })),
  ...reference.texts,
];

const tokenizer = await loadMarianSpm(MARIAN_SPM);

describe('Marian tokenizer (source.spm + vocab.json) against Google sentencepiece', () => {
  it.skipIf(!DEV.available)('the reference covers every dev-set sentence, the seed and the character classes', () => {
    expect(reference.dev.length).toBe(devSentences.length);
    expect(devSentences.length).toBeGreaterThan(2900);
    expect(reference.texts.filter((t) => t.set === 'seed').length).toBeGreaterThan(40);
    expect(reference.texts.filter((t) => t.set === 'chars').length).toBe(10);
  });

  it('encodes every reference text to the same ids (100 %)', () => {
    const differing = all.filter((t) => JSON.stringify(tokenizer.encode(normalize(t.text))) !== JSON.stringify(t.ids));
    console.log(`marian-spm parity: ${all.length - differing.length} / ${all.length} texts identical`);
    expect(differing.map((t) => t.text)).toEqual([]);
  });

  it('maps a piece vocab.json lacks to <unk> (1), never to the comma', () => {
    const ids = tokenizer.encode(normalize('Caractères inconnus : 漢字 et ŠŽČ.'));
    expect(ids).toContain(1);
    expect(ids.at(-1)).toBe(0);
    expect(ids).not.toContain(2);
  });

  it('a sentence with ’ “” … full-width punctuation, a zero-width space and a control character encodes as its normalised form', () => {
    const raw = 'L’État a dit “non”… ５０ ％ （ environ ） ！\u200b\u0007 fin';
    const normalised = "L'État a dit \"non\"... 50 % ( environ ) ! fin";
    expect(normalize(raw)).toBe(normalised);
    expect(tokenizer.encode(normalize(raw))).toEqual(tokenizer.encode(normalised));
    expect(tokenizer.encode(raw)).not.toEqual(tokenizer.encode(normalised)); // unnormalised text is cut differently
  });

  it('decodes on the target side as MarianTokenizer does, spaces cleaned up (every reference case)', () => {
    const differing = reference.decodes.filter((d) => tokenizer.decode(d.ids) !== d.text);
    expect(differing).toEqual([]);
    expect(reference.decodes.length).toBeGreaterThan(200);
  });

  it('encodes constraints with target.spm in their mid-sentence form (word-start marker first), decoding back to the text', () => {
    for (const text of ['Lukashenka', 'the president', 'Kazakhstan', '2022']) {
      const ids = tokenizer.encodeTarget(text);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.at(-1)).not.toBe(0); // no end token
      expect(tokenizer.decode(ids)).toBe(text);
    }
    // pieces that glue onto the previous word: no marker, a letter or digit first
    const glued = tokenizer.wordContinuations();
    const first = tokenizer.encodeTarget('Lukashenka')[0]!;
    expect(glued.has(first)).toBe(false);
    expect(glued.size).toBeGreaterThan(0);
  });

  it('cleans up tokenization spaces in English output: "why ?" becomes "why?"', () => {
    const ids = tokenizer.encode('why ?').slice(0, -1);
    expect(tokenizer.decode(ids)).toBe('why?');
  });
});

describe('the tokenizer.json path (transformers.js) on the same fixture', () => {
  it('encodes some sentences differently from source.spm (figures in the README)', async () => {
    const tok = await AutoTokenizer.from_pretrained(MARIAN_SPM, { local_files_only: true });
    const differs = (t: { text: string; ids: number[] }) =>
      JSON.stringify(Array.from(tok.encode(normalize(t.text)) as number[])) !== JSON.stringify(t.ids);
    const seed = reference.texts.filter((t) => t.set === 'seed');
    const dev = all.filter((t) => t.set === 'dev');
    const seedDiff = seed.filter(differs).length;
    const devDiff = dev.filter(differs).length;
    console.log(`tokenizer.json path: seed ${seedDiff} / ${seed.length} sentences differ, dev set ${devDiff} / ${dev.length}`);
    expect(seedDiff).toBeGreaterThan(0);
    if (DEV.available) expect(devDiff).toBeGreaterThan(0);
    // a character the vocabulary lacks becomes id 2, the comma
    expect(Array.from(tok.encode('ŠŽČ') as number[])).toContain(2);
  });
});

describe('the transformers backend picks the tokenizer', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const withoutSpm = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-marian-'));
    dirs.push(dir);
    cpSync(MARIAN_SPM, dir, { recursive: true, filter: (src) => !/\.spm$|vocab\.json$/.test(src) });
    return dir;
  };

  it('uses source.spm when the folder has it, and counts tokens with it (normalised input)', async () => {
    const backend = createTransformersBackend({ model: MARIAN_SPM, allowRemote: false });
    const info = await backend.doLoad({});
    expect(info.warnings).toBeUndefined();
    const texts = reference.texts.map((t) => t.text);
    expect(await backend.doCountTokens(texts)).toEqual(reference.texts.map((t) => t.ids.length));
    await backend.doDispose();
  });

  it('does not read tokenizer.json when the folder has source.spm: same limits, same translation', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-marian-'));
    dirs.push(dir);
    cpSync(MARIAN_SPM, dir, { recursive: true });
    writeFileSync(path.join(dir, 'tokenizer.json'), 'not read');
    const text = 'L’État a dit “non”. Il a payé ５０ ％.';
    const run = async (model: string) => {
      const translator = createTranslator({ model, allowRemote: false });
      const info = await translator.load();
      const result = await translator.translate(text);
      await translator.dispose();
      return { maxInputTokens: info.maxInputTokens, english: result.sentences.map((s) => s.translation), warnings: result.warnings };
    };
    const withJson = await run(MARIAN_SPM);
    expect(await run(dir)).toEqual(withJson);
    expect(withJson.maxInputTokens).toBe(JSON.parse(readFileSync(path.join(MARIAN_SPM, 'tokenizer_config.json'), 'utf8')).model_max_length);
  });

  it('falls back to tokenizer.json with a tokenizer-unk-mismatch warning when unk_id is not <unk>', async () => {
    const fallback = await loadModelTokenizer({
      tokenizer: await AutoTokenizer.from_pretrained(withoutSpm(), { local_files_only: true }),
      modelType: 'marian',
      dir: undefined,
    });
    expect(fallback.tokenizer.kind).toBe('tokenizer.json');
    expect(fallback.warnings.map((w) => w.code)).toEqual(['tokenizer-unk-mismatch']);
  });

  it('reports the warning once per result, and the sentences keep the exact user text and offsets', async () => {
    const translator = createTranslator({ model: withoutSpm(), allowRemote: false });
    const text = 'L’État a dit “non”…\u200b Il a payé ５０ ％.';
    const result = await translator.translate(text);
    expect(result.warnings.filter((w) => w.code === 'tokenizer-unk-mismatch')).toHaveLength(1);
    for (const s of result.sentences) expect(text.slice(s.start, s.end)).toBe(s.source);
    expect(result.sentences.map((s) => s.source).join(' ')).toContain('L’État a dit “non”…');
    const again = await translator.translate('Bonjour.');
    expect(again.warnings.filter((w) => w.code === 'tokenizer-unk-mismatch')).toHaveLength(1);
    await translator.dispose();
  });

  it('gives no warning for a tokenizer.json whose unk_id is <unk> (marian-memo) nor with source.spm', async () => {
    for (const model of [MARIAN_MEMO, MARIAN_SPM]) {
      const translator = createTranslator({ model, allowRemote: false });
      const result = await translator.translate('Le chat dort.');
      expect(result.warnings.map((w) => w.code)).not.toContain('tokenizer-unk-mismatch');
      await translator.dispose();
    }
  });
});
