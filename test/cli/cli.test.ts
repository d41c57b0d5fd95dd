/**
 * The CLI contract other tools rely on: JSON shapes, stdin, exit codes and one-line messages.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { segment } from '../../src/index.js';
import { BART_TINY, MARIAN_MEMO, MARIAN_TINY, MEMO_PAIRS, runCli, SEED } from '../helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const seedFile = path.join(scratch, 'seed.txt');
writeFileSync(seedFile, SEED);

describe('fr2en segment', () => {
  it('--json prints [{ text, start, end, paragraph }] for a file', async () => {
    const { code, stdout, stderr } = await runCli(['segment', seedFile, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const sentences = JSON.parse(stdout);
    expect(sentences).toEqual(segment(SEED).map(({ text, start, end, paragraph }) => ({ text, start, end, paragraph })));
    expect(Object.keys(sentences[0]).sort()).toEqual(['end', 'paragraph', 'start', 'text']);
  });

  it('reads stdin with -', async () => {
    const { code, stdout } = await runCli(['segment', '-', '--json'], 'Bonjour. Au revoir.');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((s: { text: string }) => s.text)).toEqual(['Bonjour.', 'Au revoir.']);
  });
});

describe('fr2en translate', () => {
  it('prints the English text', async () => {
    const { code, stdout } = await runCli(['translate', '-', '--model', MARIAN_MEMO], MEMO_PAIRS[0]!.fr);
    expect(code).toBe(0);
    expect(stdout).toBe(`${MEMO_PAIRS[0]!.en}\n`);
  });

  it('keeps the input layout: one English line per French paragraph line', async () => {
    const pairs = MEMO_PAIRS.slice(5, 9);
    const input = `${pairs[0]!.fr} ${pairs[1]!.fr}\n${pairs[2]!.fr}\n${pairs[3]!.fr}\n`;
    const { code, stdout } = await runCli(['translate', '-', '--model', MARIAN_MEMO], input);
    expect(code).toBe(0);
    expect(stdout).toBe(`${pairs[0]!.en} ${pairs[1]!.en}\n${pairs[2]!.en}\n${pairs[3]!.en}\n`);
  });

  it('--json prints { text, sentences: [{ source, translation, start, end, score, flags }], warnings, model, flagCounts }', async () => {
    const input = MEMO_PAIRS.slice(0, 3).map((p) => p.fr).join(' ');
    const { code, stdout, stderr } = await runCli(['translate', '-', '--model', MARIAN_MEMO, '--dtype', 'fp32', '--json'], input);
    expect(code).toBe(0);
    expect(stderr).toBe(''); // not a TTY: no progress
    const out = JSON.parse(stdout);
    expect(Object.keys(out).sort()).toEqual(['flagCounts', 'model', 'sentences', 'text', 'warnings']);
    expect(out.sentences.map((s: { translation: string }) => s.translation)).toEqual(MEMO_PAIRS.slice(0, 3).map((p) => p.en));
    expect(Object.keys(out.sentences[0]).sort()).toEqual(['end', 'flags', 'score', 'source', 'start', 'translation']);
    for (const s of out.sentences) expect(s.score).toBeLessThanOrEqual(0);
    expect(out.model).toBe(MARIAN_MEMO);
    expect(out.warnings).toEqual([]);
  });

  it('exits 1 with a one-line message when the model is not available', async () => {
    const { code, stdout, stderr } = await runCli(['translate', seedFile, '--offline', '--models-dir', scratch]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^fr2en: Model `Xenova\/opus-mt-fr-en` is not available offline/);
    // advice in flags, not API option names
    expect(stderr).toMatch(/--models-dir/);
    expect(stderr).toMatch(/leave out `--offline`/);
    expect(stderr).not.toMatch(/`modelsDir`|allowRemote/);
  });

  it('exits 2 on a missing file, a bad option value or a missing argument', async () => {
    for (const args of [
      ['translate', path.join(scratch, 'missing.txt'), '--model', MARIAN_TINY],
      ['translate', seedFile, '--dtype', 'fp16'],
      ['translate'],
      ['frobnicate'],
    ]) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n').length, stderr).toBeLessThanOrEqual(2);
    }
  });

  it('exits 2 on binary or invalid UTF-8 input', async () => {
    const binary = path.join(scratch, 'bin.dat');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    const invalid = path.join(scratch, 'latin1.txt');
    writeFileSync(invalid, Buffer.from('caf\xe9 cr\xe8me', 'latin1'));
    for (const file of [binary, invalid]) {
      const { code, stderr } = await runCli(['translate', file, '--model', MARIAN_TINY]);
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('fr2en --beams', () => {
  it('decodes greedily with --beams 1 and with the model’s 4 beams by default (bart-tiny: different summaries, beam’s scored higher)', async () => {
    const english = 'The president spoke on Tuesday. Protesters gathered in the square. The police fired rubber bullets.';
    const greedy = JSON.parse((await runCli(['summarize', '-', '--model', BART_TINY, '--json', '--beams', '1'], english)).stdout);
    const beam = JSON.parse((await runCli(['summarize', '-', '--model', BART_TINY, '--json'], english)).stdout);
    expect(beam.summary).not.toBe(greedy.summary);
    expect(beam.score).toBeGreaterThan(greedy.score);
    const bad = await runCli(['translate', '-', '--model', MARIAN_MEMO, '--beams', '0'], 'Bonjour.');
    expect(bad.code).not.toBe(0);
  });
});

describe('fr2en --workers', () => {
  it('translates the same with two lanes as with one, in document order, and refuses a bad count', async () => {
    const french = MEMO_PAIRS.slice(0, 12).map((p) => p.fr).join(' ');
    const one = JSON.parse((await runCli(['translate', '-', '--model', MARIAN_MEMO, '--json', '--workers', '1', '--batch-size', '2'], french)).stdout);
    const two = JSON.parse((await runCli(['translate', '-', '--model', MARIAN_MEMO, '--json', '--workers', '2', '--batch-size', '2'], french)).stdout);
    expect(two.text).toBe(one.text);
    expect(one.sentences.map((s: { translation: string }) => s.translation)).toEqual(MEMO_PAIRS.slice(0, 12).map((p) => p.en));
    const bad = await runCli(['translate', '-', '--model', MARIAN_MEMO, '--workers', 'zero'], 'Bonjour.');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--workers must be auto or an integer from 1 to 64');
  }, 120_000);
});

describe('fr2en summarize', () => {
  it('--json prints { summary, method, chunks, warnings, score, flags }', async () => {
    const english = 'The president spoke on Tuesday. Protesters gathered in the square. The police fired rubber bullets.';
    const { code, stdout } = await runCli(['summarize', '-', '--model', BART_TINY, '--json'], english);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out).sort()).toEqual(['chunks', 'flags', 'method', 'score', 'summary', 'warnings']);
    expect(out.score).toBeLessThan(0);
    expect(out.method).toBe('abstractive');
    expect(out.chunks).toBe(1);
  });

  it('--method extractive --keep-french needs no model and prints French sentences', async () => {
    const { code, stdout } = await runCli(['summarize', seedFile, '--method', 'extractive', '--type', 'tldr', '--length', 'short', '--keep-french']);
    expect(code).toBe(0);
    expect(SEED).toContain(stdout.trim().replace(/\s+/g, ' ').slice(0, 40));
  });

  it('French input gives an English summary: picked sentences translated (extractive)', async () => {
    const { code, stdout } = await runCli(['summarize', seedFile, '--method', 'extractive', '--type', 'tldr', '--translation-model', MARIAN_TINY, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.fromFrench).toEqual({ route: 'pick-then-translate', translationModel: MARIAN_TINY });
    expect(SEED).not.toContain(out.summary.trim().slice(0, 40));
  });
});

describe('fr2en digest', () => {
  it('--json prints { translation, summary, summaryFlags, sentences, warnings, timings, flagCounts }', async () => {
    const { code, stdout } = await runCli([
      'digest', seedFile, '--order', 'summarize-first', '--translation-model', MARIAN_TINY, '--json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out).sort()).toEqual(['flagCounts', 'sentences', 'summary', 'summaryFlags', 'timings', 'translation', 'warnings']);
    expect(out.sentences).toHaveLength(segment(SEED).length);
    expect(Object.keys(out.timings).sort()).toEqual(['segment', 'summarize', 'total', 'translate']);
  });

  it('translate-first with both models', async () => {
    const { code, stdout } = await runCli(['digest', seedFile, '--translation-model', MARIAN_TINY, '--summary-model', BART_TINY, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.sentences.every((s: { translation: string | null }) => typeof s.translation === 'string')).toBe(true);
  });
});
