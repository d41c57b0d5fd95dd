/**
 * SRT and WebVTT in, the same format out, read back by parsers from npm that no one here wrote
 * (srt-parser-2, webvtt-parser): the same cues, ids and timings, the English spread over the
 * cues a sentence ran across.
 */
import fc from 'fast-check';
import SrtParser from 'srt-parser-2';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error webvtt-parser ships no types
import { WebVTTParser } from 'webvtt-parser';
import { distribute, parseSubtitles, wrapCue, MAX_LINE_LENGTH } from '../../src/formats/subtitles/index.js';
import { createTranslator, InputError } from '../../src/index.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../helpers.js';
import { en, fr } from './helpers.js';

interface VttCue {
  id: string;
  startTime: number;
  endTime: number;
  text: string;
}
const readVtt = (text: string): { cues: VttCue[]; errors: unknown[] } => new WebVTTParser().parse(text, 'metadata');
const readSrt = (text: string) => new SrtParser().fromSrt(text);
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const MEMO_PAIRS_FR = MEMO_PAIRS.map((p) => p.fr);

// sentence 8 runs across three cues, sentence 1 across two; cue 4 holds the end of one and a whole other
const SRT = `1
00:00:01,000 --> 00:00:03,200
Pour arrêter les manifestants,

2
00:00:03,300 --> 00:00:05,000
la police a commencé à tirer

3
00:00:05,100 --> 00:00:07,900
des balles en caoutchouc.

4
00:00:08,000 --> 00:00:09,000
<i>Le chat</i>

5
00:00:09,100 --> 00:00:11,000
dort. Bonjour.

6
00:00:11,500 --> 00:00:12,000
♪ ♪
`;

const VTT = `WEBVTT - fixture

NOTE Une note qui reste telle quelle.

STYLE
::cue(.loud) { color: red; }

intro
00:00:01.000 --> 00:00:03.200 align:start line:10%
<v Marie>Pour arrêter les manifestants,

00:03.300 --> 00:05.000
la police a commencé à tirer
des balles en caoutchouc.

00:05.100 --> 00:06.000
Merci beaucoup.
`;

describe('sentences across cues', () => {
  const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
  afterAll(() => translator.dispose());

  it('SRT: translates each sentence whole and spreads the English over the same cues, timings and numbers unchanged', async () => {
    const result = await translator.translate(SRT, { inputFormat: 'srt' });
    expect(result.sentences.map((s) => s.source)).toEqual([fr(8), 'Le chat dort.', 'Bonjour.']);
    const before = readSrt(SRT);
    const after = readSrt(result.text);
    expect(after.map(({ id, startTime, endTime }) => ({ id, startTime, endTime }))).toEqual(before.map(({ id, startTime, endTime }) => ({ id, startTime, endTime })));
    for (const cue of after) expect(cue.text.trim()).not.toBe('');
    // the English of sentence 8, cut on word boundaries over cues 1–3, in order
    expect(after.slice(0, 3).map((c) => oneLine(c.text)).join(' ')).toBe(en(fr(8)));
    // cue 4 keeps its tags around its share; cue 5 holds the rest of that sentence and the next one
    expect(oneLine(after[3]!.text).startsWith('<i>') && oneLine(after[3]!.text).endsWith('</i>')).toBe(true);
    expect(`${oneLine(after[3]!.text).replace(/<\/?i>/g, '')} ${oneLine(after[4]!.text)}`).toBe(`${en('Le chat dort.')} ${en('Bonjour.')}`);
    expect(after[5]!.text).toBe('♪ ♪'); // nothing to translate
    // everything outside cue text is byte for byte the input's
    const skeleton = (t: string) => t.split('\n').filter((l) => /-->|^\d+$|^$/.test(l)).join('\n');
    expect(skeleton(result.text)).toBe(skeleton(SRT));
    expect(result.warnings).toEqual([]);
  });

  it('WebVTT: header, NOTE, STYLE, identifiers, settings and voice kept; the parser reads the same cues', async () => {
    const result = await translator.translate(VTT, { inputFormat: 'vtt' });
    const before = readVtt(VTT);
    const after = readVtt(result.text);
    expect(after.errors).toEqual([]);
    expect(after.cues.map(({ id, startTime, endTime }) => ({ id, startTime, endTime }))).toEqual(before.cues.map(({ id, startTime, endTime }) => ({ id, startTime, endTime })));
    expect(result.text.startsWith('WEBVTT - fixture\n\nNOTE Une note qui reste telle quelle.\n\nSTYLE\n::cue(.loud) { color: red; }\n\nintro\n00:00:01.000 --> 00:00:03.200 align:start line:10%\n<v Marie>')).toBe(true);
    expect(oneLine(after.cues.slice(0, 2).map((c) => c.text.replace(/<v Marie>/, '')).join(' '))).toBe(en(fr(8)));
    expect(oneLine(after.cues[2]!.text)).toBe(en('Merci beaucoup.'));
  });

  it('SRT: keeps position coordinates after the timing', async () => {
    const srt = '7\r\n00:00:01,000 --> 00:00:02,000 X1:100 X2:600 Y1:50 Y2:100\r\nBonjour.\r\n';
    const result = await translator.translate(srt, { inputFormat: 'srt' });
    expect(result.text).toBe(`7\r\n00:00:01,000 --> 00:00:02,000 X1:100 X2:600 Y1:50 Y2:100\r\n${en('Bonjour.')}\r\n`);
  });

  it('warns when a cue needs more than two lines of 42 characters', async () => {
    const srt = `1\n00:00:01,000 --> 00:00:02,000\n${fr(15)}\n`;
    const result = await translator.translate(srt, { inputFormat: 'srt' });
    expect(result.warnings.map((w) => w.code)).toContain('cue-overflow');
    expect(oneLine(readSrt(result.text)[0]!.text)).toBe(en(fr(15)));
  });

  it('auto detects SRT and WebVTT', async () => {
    expect((await translator.translate(SRT, { inputFormat: 'auto' })).text).toBe((await translator.translate(SRT, { inputFormat: 'srt' })).text);
    expect((await translator.translate(VTT, { inputFormat: 'auto' })).text).toBe((await translator.translate(VTT, { inputFormat: 'vtt' })).text);
  });
});

describe('spreading a translation over cues', () => {
  it('gives every cue a share in proportion to its French, on word boundaries', () => {
    expect(distribute('one two three four five six', [10, 10])).toEqual(['one two three', 'four five six']);
    expect(distribute('one two three four five six', [1, 3])).toEqual(['one two', 'three four five six']);
    expect(distribute('Hello.', [5])).toEqual(['Hello.']);
  });

  it('keeps every word, in order, and leaves no cue empty while there are words enough', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,9}$/), { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 8 }), (words, weights) => {
        const parts = distribute(words.join(' '), weights);
        expect(parts.length).toBe(weights.length);
        expect(parts.filter((p) => p.length > 0).join(' ')).toBe(words.join(' '));
        if (words.length >= weights.length) for (const p of parts) expect(p.length).toBeGreaterThan(0);
      }),
    );
  });

  it('wraps a cue in lines of at most 42 characters, two when they do', () => {
    expect(wrapCue('short line')).toEqual(['short line']);
    const lines = wrapCue(en(fr(8)));
    expect(lines.length).toBe(2);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
    expect(lines.join(' ')).toBe(en(fr(8)));
  });
});

describe('bad subtitle files', () => {
  it('names the line of a malformed timing', () => {
    expect(() => parseSubtitles('1\n00:00:01,000 -> 00:00:02,000\nBonjour.\n', 'srt')).toThrow(/line 2: malformed cue timing/);
    expect(() => parseSubtitles('1\n00:00:01 --> 00:00:02,000\nBonjour.\n', 'srt')).toThrow(InputError);
    expect(() => parseSubtitles('1\n00:00:05,000 --> 00:00:02,000\nBonjour.\n', 'srt')).toThrow(/ends before it starts/);
    expect(() => parseSubtitles('Bonjour.\n', 'srt')).toThrow(/line 1: expected a cue number then a timing line/);
  });

  it('refuses WebVTT without its header, and keeps an SRT without anything to translate as it is', () => {
    expect(() => parseSubtitles('00:01.000 --> 00:02.000\nBonjour.\n', 'vtt')).toThrow(/WEBVTT/);
    const doc = parseSubtitles('1\n00:00:01,000 --> 00:00:02,000\n123\n', 'srt');
    expect(doc.units).toEqual([]);
    expect(doc.render([]).text).toBe('1\n00:00:01,000 --> 00:00:02,000\n123\n');
  });
});

describe('cue shares', () => {
  it('warns when a cue had to take more than its share of a sentence', () => {
    const doc = parseSubtitles('1\n00:00:01,000 --> 00:00:02,000\nLe\n\n2\n00:00:02,000 --> 00:00:03,000\nchat dort tranquillement.\n', 'srt');
    const { warnings, text } = doc.render(['Incomprehensibilities galore.']);
    expect(text).toBe('1\n00:00:01,000 --> 00:00:02,000\nIncomprehensibilities\n\n2\n00:00:02,000 --> 00:00:03,000\ngalore.\n');
    expect(warnings.map((w) => w.code)).toEqual(['cue-overflow']);
    expect(warnings[0]!.message).toMatch(/Cue 1 took 21 characters/);
  });
});

describe('nothing lost across cues', () => {
  it('any SRT of sentences cut anywhere between words comes back with every word, in the same cues and timings', () => {
    const words = fc.array(fc.constantFrom(...MEMO_PAIRS_FR), { minLength: 1, maxLength: 6 }).map((s) => s.join(' ').split(' '));
    fc.assert(
      fc.property(words, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }), (all, sizes) => {
        const cues: string[] = [];
        let w = 0;
        for (const n of sizes) {
          if (w >= all.length) break;
          cues.push(all.slice(w, w + n).join(' '));
          w += n;
        }
        if (w < all.length) cues.push(all.slice(w).join(' '));
        const srt = cues.map((text, i) => `${i + 1}\n00:00:${String(i).padStart(2, '0')},000 --> 00:00:${String(i).padStart(2, '0')},900\n${text}\n`).join('\n');
        const doc = parseSubtitles(srt, 'srt');
        const out = doc.render(doc.units.map((u) => u.source)).text;
        const read = readSrt(out);
        expect(read.map((c) => c.startTime)).toEqual(readSrt(srt).map((c) => c.startTime));
        expect(read.map((c) => oneLine(c.text)).join(' ')).toBe(all.join(' '));
        for (const c of read) expect(c.text.trim()).not.toBe('');
      }),
      { numRuns: 200 },
    );
  });
});
