/**
 * Reading SRT and WebVTT files into cues. Only cue text is translated; everything else (cue
 * numbers and identifiers, timings, cue settings, the WEBVTT header, NOTE, STYLE and REGION
 * blocks, blank lines and line endings) is kept byte for byte.
 */
import { InputError } from '../../errors.js';

/** Subtitle formats. */
export const SUBTITLE_FORMATS = ['srt', 'vtt'] as const;
/** One of {@link SUBTITLE_FORMATS}. */
export type SubtitleFormat = (typeof SUBTITLE_FORMATS)[number];

/** One cue: where its text is in the file. */
export interface Cue {
  /** Timing in milliseconds. */
  startMs: number;
  endMs: number;
  /** Source range of the cue's text lines (without the line break that ends the last one). */
  textStart: number;
  textEnd: number;
  /** Number of text lines in the source. */
  lines: number;
}

const SRT_TIME = String.raw`(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{3})`;
const VTT_TIME = String.raw`(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})`;
const SRT_TIMING = new RegExp(String.raw`^\s*${SRT_TIME}\s*-->\s*${SRT_TIME}(?:\s.*)?$`);
const VTT_TIMING = new RegExp(String.raw`^${VTT_TIME}[ \t]+-->[ \t]+${VTT_TIME}(?:[ \t].*)?$`);

const ms = (h: string | undefined, m: string, s: string, f: string) => ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(f);

interface Line {
  text: string;
  start: number;
  end: number;
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let from = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    lines.push({ text: source.slice(from, m.index), start: from, end: m.index });
    from = m.index + m[0].length;
  }
  if (from < source.length) lines.push({ text: source.slice(from), start: from, end: source.length });
  return lines;
}

/** Groups lines into blocks separated by blank lines. */
function blocks(lines: readonly Line[]): Line[][] {
  const out: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (line.text.trim() === '') {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) out.push(current);
  return out;
}

const lineNumber = (source: string, offset: number) => source.slice(0, offset).split(/\r\n|\n|\r/).length;

/**
 * Reads the cues of an SRT or WebVTT file.
 * @throws InputError on a missing `WEBVTT` header, a block without a valid timing line, or a cue that ends before it starts
 */
export function parseCues(source: string, format: SubtitleFormat): Cue[] {
  const lines = splitLines(source);
  const cues: Cue[] = [];
  const bad = (line: Line, what: string) =>
    new InputError(`${format === 'srt' ? 'SRT' : 'WebVTT'} input, line ${lineNumber(source, line.start)}: ${what}: "${line.text.slice(0, 80)}".`, {
      option: 'input',
    });
  const all = blocks(lines);
  if (format === 'vtt') {
    const first = all[0]?.[0];
    if (!first || !/^\uFEFF?WEBVTT(?:[ \t].*)?$/.test(first.text)) {
      throw new InputError('WebVTT input must start with a `WEBVTT` line.', { option: 'input' });
    }
  }
  for (const [b, block] of all.entries()) {
    if (format === 'vtt' && (b === 0 || /^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0]!.text))) continue;
    // a cue: [identifier or number], timing line, text lines
    const timingAt = block.findIndex((l) => l.text.includes('-->'));
    const timingLike = block.findIndex((l) => /\d:\d\d/.test(l.text) && /-+>|--/.test(l.text));
    if (timingAt < 0 && timingLike >= 0 && timingLike <= 1) throw bad(block[timingLike]!, 'malformed cue timing');
    if (timingAt < 0 || timingAt > 1) {
      throw bad(block[0]!, format === 'srt' ? 'expected a cue number then a timing line (00:00:01,000 --> 00:00:02,500)' : 'expected a cue timing line (00:01.000 --> 00:02.500)');
    }
    if (format === 'srt' && timingAt === 1 && !/^\s*\d+\s*$/.test(block[0]!.text)) throw bad(block[0]!, 'expected a cue number');
    const timing = block[timingAt]!;
    const m = (format === 'srt' ? SRT_TIMING : VTT_TIMING).exec(timing.text);
    if (!m) throw bad(timing, 'malformed cue timing');
    const startMs = format === 'srt' ? ms(m[1], m[2]!, m[3]!, m[4]!) : ms(m[1], m[2]!, m[3]!, m[4]!);
    const endMs = ms(m[5], m[6]!, m[7]!, m[8]!);
    if (endMs < startMs) throw bad(timing, 'the cue ends before it starts');
    const text = block.slice(timingAt + 1);
    if (text.length === 0) continue; // an empty cue: nothing to translate
    cues.push({ startMs, endMs, textStart: text[0]!.start, textEnd: text[text.length - 1]!.end, lines: text.length });
  }
  return cues;
}
