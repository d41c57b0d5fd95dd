/**
 * Word (.docx) in, .docx out. The zip is read with fflate (within limits that refuse zip
 * bombs); the body, headers, footers, footnotes, endnotes and the text boxes inside them are
 * read paragraph by paragraph. A paragraph's text is the content of its `w:t` elements; its
 * sentences are translated and written back into the same `w:t` elements:
 * - formatting (bold, italic, a link, a style) around a whole sentence stays as it is;
 * - formatting on part of a sentence goes to the same words when the translation repeats them
 *   verbatim (a name, a number), else the words are translated in the sentence's main
 *   formatting and a `markup-dropped` warning says so;
 * - field results (page numbers, a table of contents), drawings, styles, numbering, images and
 *   every other zip entry are kept as they are; `w:lang` values in French become English.
 * Only the XML parts whose text changed are rewritten, and only inside their `w:t` elements.
 */
import { InputError } from '../../errors.js';
import { findVerbatim } from '../../html/render.js';
import { segment } from '../../segment/index.js';
import type { Warning } from '../../warnings.js';
import type { FormatUnit, ParsedDocument } from '../types.js';
import { readPart, writePart, type ReadPart, type Slot } from './part.js';
import { readZip, writeZip, type ZipEntry } from './zip.js';


/** Parts whose text is translated (besides the main document). */
const TEXT_PARTS = /^word\/(?:header\d*|footer\d*|footnotes|endnotes)\.xml$/;
/** Parts where only `w:lang` is set to English. */
const LANG_PARTS = /^word\/(?:styles|numbering)\.xml$/;

const LETTER = /\p{L}/u;
const WHITE_SPACE = /\s+/g;
const norm = (text: string) => text.replace(WHITE_SPACE, ' ').trim();

/** One sentence of a paragraph: its range in the paragraph's text. */
interface Sentence {
  a: number;
  b: number;
  unit: number;
}

interface Para {
  part: number;
  /** A text box's copy for older readers: rendered with the sentences (and translations) of its twin, no units of its own. */
  twin?: boolean;
  slots: Slot[];
  /** The paragraph's text: text slots concatenated, each break a space. */
  text: string;
  /** Per character: its slot. */
  slotOf: number[];
  sentences: Sentence[];
}

/** What a sentence's translation puts in each slot, and the warnings that placing caused. */
interface Placement {
  texts: Map<number, string>;
  warnings: Warning[];
}

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodePart(entry: ZipEntry): string {
  try {
    return utf8.decode(entry.data);
  } catch (error) {
    throw new InputError(`The .docx part ${entry.name} is not UTF-8 XML.`, { option: 'input', cause: error });
  }
}

/** The main document's part name, from the package relationships. */
function mainPart(entries: readonly ZipEntry[]): string {
  const rels = entries.find((e) => e.name === '_rels/.rels');
  if (rels) {
    const xml = decodePart(rels);
    for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
      if (!/Type="[^"]*\/officeDocument"/.test(m[0])) continue;
      const target = /Target="\/?([^"]+)"/.exec(m[0])?.[1];
      if (target) return target;
    }
  }
  return 'word/document.xml';
}

/** A part of the package with text or `w:lang` to rewrite. */
interface Part {
  entry: ZipEntry;
  read: ReadPart;
}

/** A character range of a paragraph's text with one formatting. */
interface Group {
  style: string;
  from: number;
  to: number;
}

/**
 * Reads a .docx for translation.
 * @throws InputError for a corrupt, encrypted or over-limit file, or a zip without a Word document
 */
export function parseDocx(input: Uint8Array | ArrayBuffer): ParsedDocument {
  const entries = readZip(toBytes(input));
  const parts = readParts(entries);
  const { units, paras } = readParagraphs(parts);
  const unitAt = new Map<number, { para: Para; k: number }>();
  for (const para of paras) if (!para.twin) para.sentences.forEach((s, k) => unitAt.set(s.unit, { para, k }));
  return {
    units,
    warningsFor(index, translation) {
      const found = unitAt.get(index);
      return found ? place(found.para, found.k, translation).warnings : [];
    },
    render(translations) {
      const document = writeDocx(entries, parts, paras, translations);
      // the English plain text: sentences of a paragraph joined by a space, paragraphs by a blank line
      const text = paras.filter((para) => !para.twin).map((para) => para.sentences.map((s) => translations[s.unit] ?? '').filter((t) => t.length > 0).join(' ')).join('\n\n');
      return { text, document, warnings: [] };
    },
  };
}

/** The parts to rewrite: the main document first, then headers, footers, footnotes, endnotes in archive order, then the styles and numbering with `w:lang` to set. */
function readParts(entries: readonly ZipEntry[]): Part[] {
  const main = mainPart(entries);
  if (!entries.some((e) => e.name === main)) throw new InputError(`The .docx input has no ${main}: it is a zip archive but not a Word document.`, { option: 'input' });
  const textEntries = [entries.find((e) => e.name === main)!, ...entries.filter((e) => e.name !== main && TEXT_PARTS.test(e.name))];
  const parts: Part[] = textEntries.map((entry) => ({ entry, read: readPart(decodePart(entry)) }));
  for (const entry of entries) {
    if (LANG_PARTS.test(entry.name)) {
      const read = readPart(decodePart(entry));
      if (read.langEdits.length > 0) parts.push({ entry, read: { ...read, paragraphs: [] } });
    }
  }
  return parts;
}

/** The paragraphs with sentences, in reading order, and their sentences as units (offsets in the document's plain text). */
function readParagraphs(parts: readonly Part[]): { units: FormatUnit[]; paras: Para[] } {
  const units: FormatUnit[] = [];
  const paras: Para[] = [];
  let plainOffset = 0;
  for (const [p, { read }] of parts.entries()) {
    // the paragraphs of each mc:Choice, to give their mc:Fallback copies the same sentences
    const choices = new Map<string, Para>();
    for (const paragraph of [...read.paragraphs].sort((x, y) => x.at - y.at)) {
      const { para, breaks } = paragraphText(p, paragraph.slots);
      const key = paragraph.alt ? `${paragraph.alt.id}/${paragraph.alt.index}` : undefined;
      const twin = key && paragraph.alt!.branch === 'fallback' ? choices.get(key) : undefined;
      if (twin && twin.text === para.text) {
        paras.push({ ...para, twin: true, sentences: twin.sentences });
        continue;
      }
      if (key && paragraph.alt!.branch === 'choice') choices.set(key, para);
      for (const { a, b } of sentencesOf(para.text, breaks)) {
        para.sentences.push({ a, b, unit: units.length });
        units.push({ source: norm(para.text.slice(a, b)), start: plainOffset + a, end: plainOffset + b, paragraph: paras.length });
      }
      plainOffset += para.text.length + 1;
      if (para.sentences.length > 0) paras.push(para);
    }
  }
  return { units, paras };
}

/** A paragraph's text (its text slots concatenated, each break a space), each character's slot, and where the breaks are. */
function paragraphText(part: number, slots: Slot[]): { para: Para; breaks: number[] } {
  let text = '';
  const slotOf: number[] = [];
  const breaks: number[] = [];
  for (const [k, slot] of slots.entries()) {
    if (slot.kind === 'break') {
      breaks.push(text.length);
      text += ' ';
      slotOf.push(k);
      continue;
    }
    text += slot.text;
    for (let c = 0; c < slot.text.length; c++) slotOf.push(k);
  }
  return { para: { part, slots, text, slotOf, sentences: [] }, breaks };
}

/** The sentences of a paragraph's text, never across a break; numbers and punctuation alone are kept, not sentences. */
function sentencesOf(text: string, breaks: readonly number[]): { a: number; b: number }[] {
  const found: { a: number; b: number }[] = [];
  const cuts = [0, ...breaks, text.length];
  for (let c = 0; c + 1 < cuts.length; c++) {
    const from = cuts[c]!;
    for (const s of segment(text.slice(from, cuts[c + 1]!).replace(/[\t\n\r\f]/g, ' '))) {
      const a = from + s.start;
      const b = from + s.end;
      if (LETTER.test(text.slice(a, b))) found.push({ a, b });
    }
  }
  return found;
}

/** Places a sentence's translation in its paragraph's slots (see the module comment). */
function place(para: Para, k: number, translation: string): Placement {
  const { a, b, unit } = para.sentences[k]!;
  const warnings: Warning[] = [];
  const { base, groups } = formatGroups(para, a, b);
  const spans = placeFormatted(para, groups, base, translation);
  for (const needle of spans.missing) {
    warnings.push({ code: 'markup-dropped', message: `The translation does not repeat "${needle}", so its formatting was dropped; the text is translated in the sentence's main formatting.`, sentence: unit });
  }
  const texts = new Map<number, string>();
  const put = (slot: number | undefined, text: string) => {
    if (slot === undefined || text.length === 0) return;
    texts.set(slot, (texts.get(slot) ?? '') + text);
  };
  const plan = slotPlan(para, a, b, groups, spans.placed, translation);
  if (plan) for (const step of plan) put(step.slot, step.text);
  else {
    // the translation's order leaves no place for its formatted words: all in the main formatting
    if (spans.placed.length > 0) {
      warnings.push({ code: 'markup-dropped', message: 'The translation puts its formatted words where the sentence has no plain text around them; the formatting was dropped.', sentence: unit });
    }
    const g = groups.findIndex((x) => x.style === base);
    put(firstSlot(para, groups[g]?.from ?? a, groups[g]?.to ?? b) ?? firstSlot(para, a, b), translation);
  }
  return { texts, warnings };
}

/** The sentence `[a, b)`'s main formatting (the one most of its letters have), and its groups of consecutive characters with one formatting, in source order. */
function formatGroups(para: Para, a: number, b: number): { base: string; groups: Group[] } {
  const styleAt = (i: number) => para.slots[para.slotOf[i]!]!.style;
  const weight = new Map<string, number>();
  for (let i = a; i < b; i++) if (/\S/.test(para.text[i]!)) weight.set(styleAt(i), (weight.get(styleAt(i)) ?? 0) + 1);
  const base = [...weight.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? styleAt(a);
  const groups: Group[] = [];
  for (let i = a; i < b; i++) {
    const style = styleAt(i);
    const last = groups[groups.length - 1];
    if (last && last.style === style) last.to = i + 1;
    else if (last && para.text[i] === ' ' && para.slots[para.slotOf[i]!]!.kind === 'break') last.to = i + 1;
    else groups.push({ style, from: i, to: i + 1 });
  }
  return { base, groups };
}

/** Where the translation repeats each formatted group's words, in order; the words it does not repeat. */
function placeFormatted(para: Para, groups: readonly Group[], base: string, translation: string): { placed: Span[]; missing: string[] } {
  const placed: Span[] = [];
  const missing: string[] = [];
  let cursor = 0;
  for (const [g, group] of groups.entries()) {
    if (group.style === base) continue;
    const needle = norm(para.text.slice(group.from, group.to));
    if (!needle) continue;
    const at = findVerbatim(translation, needle, cursor, translation.length);
    if (at < 0) {
      missing.push(needle);
      continue;
    }
    placed.push({ group: g, at, end: at + needle.length });
    cursor = at + needle.length;
  }
  return { placed, missing };
}

/** A formatted group's words found in the translation at `[at, end)`. */
interface Span {
  group: number;
  at: number;
  end: number;
}

/** The first text slot of the paragraph's characters `[from, to)`. */
function firstSlot(para: Para, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) if (para.slots[para.slotOf[i]!]!.kind === 'text') return para.slotOf[i]!;
  return undefined;
}

/**
 * Which slot gets each stretch of the translation: the placed spans their group's slot, the plain
 * text between two spans the main-formatting group between them in the source. Undefined when the
 * translation's order leaves plain text with no such group.
 */
function slotPlan(para: Para, a: number, b: number, groups: readonly Group[], spans: readonly Span[], translation: string): { slot: number | undefined; text: string }[] | undefined {
  const slotOfGroup = (g: number) => firstSlot(para, groups[g]!.from, groups[g]!.to);
  const baseGroupBetween = (g0: number, g1: number) => {
    for (let g = g0 + 1; g < g1; g++) if (!spans.some((s) => s.group === g) && slotOfGroup(g) !== undefined) return g;
    return undefined;
  };
  let fits = true;
  let prevGroup = -1;
  let pos = 0;
  const plan: { slot: number | undefined; text: string }[] = [];
  for (const span of [...spans, { group: groups.length, at: translation.length, end: translation.length }]) {
    const between = translation.slice(pos, span.at);
    if (between.trim().length > 0) {
      const g = baseGroupBetween(prevGroup, span.group);
      if (g === undefined) fits = false;
      else plan.push({ slot: slotOfGroup(g), text: between });
    } else if (between.length > 0) plan.push({ slot: plan[plan.length - 1]?.slot ?? firstSlot(para, a, b), text: between });
    if (span.group < groups.length) plan.push({ slot: slotOfGroup(span.group), text: translation.slice(span.at, span.end) });
    prevGroup = span.group;
    pos = span.end;
  }
  return fits ? plan : undefined;
}

/** The .docx with every translated paragraph's slots rewritten; only the parts whose XML changed are replaced. */
function writeDocx(entries: readonly ZipEntry[], parts: readonly Part[], paras: readonly Para[], translations: readonly string[]): Uint8Array {
  // per part: the new text of every slot of its translated paragraphs
  const slotTexts = parts.map(() => new Map<Slot, string>());
  for (const para of paras) {
    const out = para.slots.map(() => '');
    const placements = para.sentences.map((s, k) => place(para, k, translations[s.unit] ?? ''));
    let i = 0;
    while (i < para.text.length) {
      const k = para.sentences.findIndex((s) => s.a <= i && i < s.b);
      if (k >= 0) {
        for (const [slot, text] of placements[k]!.texts) out[slot] += text;
        i = para.sentences[k]!.b;
        continue;
      }
      if (para.slots[para.slotOf[i]!]!.kind === 'text') out[para.slotOf[i]!] += para.text[i]!;
      i++;
    }
    for (const [s, slot] of para.slots.entries()) if (slot.kind === 'text') slotTexts[para.part]!.set(slot, out[s]!);
  }
  const changed = new Map<string, Uint8Array>();
  const encoder = new TextEncoder();
  for (const [p, { entry, read }] of parts.entries()) {
    const xml = writePart(read, slotTexts[p]!);
    if (xml !== read.xml) changed.set(entry.name, encoder.encode(xml));
  }
  return writeZip(entries.map((e) => (changed.has(e.name) ? { ...e, data: changed.get(e.name)! } : e)));
}
