/**
 * One XML part of a .docx (the body, a header, a footer, the footnotes…): its paragraphs read
 * into text slots with htmlparser2 (XML mode, source offsets), and the part rewritten by editing
 * only the content of `w:t` elements (and `w:lang` values): every other byte is the source's.
 */
import { decodeXML } from 'entities';
import { Parser } from 'htmlparser2';

/** A piece of a paragraph's text: the content of one `w:t`, or a break (`w:br`, `w:cr`, `w:tab`, field results). */
export interface Slot {
  kind: 'text' | 'break';
  /** Decoded text (empty for breaks). */
  text: string;
  /** Formatting identity: the run's properties and the link or field around it. */
  style: string;
  /** Source of the `w:t` start tag and of its content. */
  tag: [number, number];
  content: [number, number];
  preserve: boolean;
}

/** A paragraph (`w:p`) with its own text slots (a text box inside it has paragraphs of its own). */
export interface Paragraph {
  at: number;
  slots: Slot[];
  /**
   * Inside `mc:AlternateContent` (a text box is written twice: for Word 2010 and up in `mc:Choice`,
   * for older readers in `mc:Fallback`): which one, and the paragraph's rank in it.
   */
  alt?: { id: number; branch: 'choice' | 'fallback'; index: number };
}

/** The paragraphs of a part, in document order, and the `w:lang` attribute values to set to English. */
export interface ReadPart {
  xml: string;
  paragraphs: Paragraph[];
  langEdits: [number, number][];
}

/** The language `w:lang` values starting with `fr` become. */
export const ENGLISH_LANG = 'en-US';

const BREAKS = new Set(['w:br', 'w:cr', 'w:tab', 'w:ptab']);

/** Run properties that do not show (language, proofing, complex-script sizes): runs differing only by them have one formatting. */
const INVISIBLE_PROPERTIES = /<w:(?:lang|noProof|szCs|bCs|iCs)\b[^>]*?(?:\/>|>[\s\S]*?<\/w:(?:lang|noProof|szCs|bCs|iCs)>)/g;

/** A run's formatting identity from its `w:rPr` source: what shows, attributes and order as written. */
export function styleKey(rPr: string): string {
  const key = rPr.replace(INVISIBLE_PROPERTIES, '');
  return /^<w:rPr\s*>\s*<\/w:rPr>$|^<w:rPr\s*\/>$/.test(key) ? '' : key;
}

/** Reads the paragraphs of a WordprocessingML part. */
export function readPart(xml: string): ReadPart {
  const reader = new PartReader(xml);
  const parser: Parser = new Parser(
    {
      onopentag: (name, attrs) => reader.open(name, attrs, parser.endIndex),
      onclosetag: (name) => reader.close(name, parser.endIndex),
    },
    { xmlMode: true },
  );
  parser.end(xml);
  return { xml, paragraphs: reader.paragraphs.filter((p) => p.slots.some((s) => s.kind === 'text' && s.text.length > 0)), langEdits: reader.langEdits };
}

const isLinkField = (instr: string) => /^\s*HYPERLINK\b/.test(instr);

/** The state of a part being read, tag by tag: where in the paragraphs, runs, links, fields and alternate contents it is. */
class PartReader {
  readonly paragraphs: Paragraph[] = [];
  readonly langEdits: [number, number][] = [];
  /** Paragraphs open around the current tag (a text box's inside its anchor's). */
  private readonly openParagraphs: Paragraph[] = [];
  private readonly stack: string[] = [];
  private rPrStart = -1;
  private runStyle = '';
  private link = '';
  // fields: the result of a HYPERLINK field is text like a link's; other fields' results
  // (page numbers, a table of contents, cross-references) are kept as they are
  private readonly fields: { instr: string; at: number }[] = [];
  private readonly simpleFields: string[] = [];
  private instrStart = -1;
  private readonly alternates: { id: number; branch?: 'choice' | 'fallback'; counts: { choice: number; fallback: number } }[] = [];
  /** The `w:t` being read: its start tag and whether it preserves white space. */
  private text: { tag: [number, number]; preserve: boolean } | undefined;

  constructor(private readonly xml: string) {}

  /** A start tag ending at `endIndex`. */
  open(name: string, attrs: Record<string, string>, endIndex: number): void {
    const end = endIndex + 1;
    const start = this.xml.lastIndexOf('<', endIndex);
    const inRun = this.stack[this.stack.length - 1] === 'w:r';
    this.stack.push(name);
    switch (name) {
      case 'mc:AlternateContent':
        this.alternates.push({ id: end, counts: { choice: 0, fallback: 0 } });
        break;
      case 'mc:Choice':
      case 'mc:Fallback': {
        const alternate = this.alternates[this.alternates.length - 1];
        if (alternate) alternate.branch = name === 'mc:Choice' ? 'choice' : 'fallback';
        break;
      }
      case 'w:p':
        this.openParagraph(start);
        break;
      case 'w:r':
        this.runStyle = '';
        break;
      case 'w:rPr':
        if (inRun) this.rPrStart = start;
        break;
      case 'w:hyperlink':
        this.link = `link@${end}`;
        break;
      case 'w:fldSimple':
        this.simpleFields.push(attrs['w:instr'] ?? '');
        break;
      case 'w:fldChar': {
        const type = attrs['w:fldCharType'];
        if (type === 'begin') this.fields.push({ instr: '', at: end });
        else if (type === 'end') this.fields.pop();
        break;
      }
      case 'w:instrText':
        this.instrStart = end;
        break;
      case 'w:t':
        if (inRun) this.text = { tag: [start, end], preserve: attrs['xml:space'] === 'preserve' };
        break;
      case 'w:lang':
        this.langEdit(start, end);
        break;
      default:
        if (BREAKS.has(name) && inRun) this.paragraph()?.slots.push({ kind: 'break', text: '', style: '', tag: [end, end], content: [end, end], preserve: false });
    }
  }

  /** An end tag ending at `endIndex`. */
  close(name: string, endIndex: number): void {
    this.stack.pop();
    const start = this.xml.lastIndexOf('<', endIndex);
    switch (name) {
      case 'w:p':
        this.openParagraphs.pop();
        break;
      case 'mc:AlternateContent':
        this.alternates.pop();
        break;
      case 'w:rPr':
        if (this.rPrStart >= 0) this.runStyle = styleKey(this.xml.slice(this.rPrStart, endIndex + 1));
        this.rPrStart = -1;
        break;
      case 'w:hyperlink':
        this.link = '';
        break;
      case 'w:fldSimple':
        this.simpleFields.pop();
        break;
      case 'w:instrText': {
        const field = this.fields[this.fields.length - 1];
        if (field && this.instrStart >= 0) field.instr += decodeXML(this.xml.slice(this.instrStart, start));
        this.instrStart = -1;
        break;
      }
      case 'w:t':
        this.closeText(start, endIndex);
        break;
    }
  }

  private paragraph(): Paragraph | undefined {
    return this.openParagraphs[this.openParagraphs.length - 1];
  }

  /** A paragraph starting at `at`, with its rank in the alternate content it is in. */
  private openParagraph(at: number): void {
    const alternate = this.alternates[this.alternates.length - 1];
    const branch = alternate?.branch;
    const p: Paragraph = { at, slots: [], ...(alternate && branch ? { alt: { id: alternate.id, branch, index: alternate.counts[branch]++ } } : {}) };
    this.openParagraphs.push(p);
    this.paragraphs.push(p);
  }

  /** A `w:lang` tag at `[start, end)` whose `w:val` is French: its value is to be set to English. */
  private langEdit(start: number, end: number): void {
    const tag = this.xml.slice(start, end);
    const m = /\sw:val\s*=\s*["'](fr(?:-[A-Za-z]+)?)["']/.exec(tag);
    if (!m) return;
    const at = start + m.index + m[0].indexOf(m[1]!, m[0].indexOf('='));
    this.langEdits.push([at, at + m[1]!.length]);
  }

  /** The end of a `w:t` (its end tag at `start`): a text slot, or a break for text kept as it is (a field's result, moved text). */
  private closeText(start: number, endIndex: number): void {
    const text = this.text;
    this.text = undefined;
    if (!text || endIndex + 1 === text.tag[1]) return; // <w:t/>: no text
    const paragraph = this.paragraph();
    if (!paragraph) return;
    const { fields, simpleFields } = this;
    // text moved away (tracked changes) shows as deleted: kept, like deleted text
    const fixed = fields.some((f) => !isLinkField(f.instr)) || simpleFields.some((f) => !isLinkField(f)) || this.stack.includes('w:moveFrom');
    const field = fields.length > 0 ? `field@${fields[fields.length - 1]!.at}` : simpleFields.length > 0 ? 'field' : '';
    if (!fixed) {
      paragraph.slots.push({ kind: 'text', text: decodeXML(this.xml.slice(text.tag[1], start)), style: `${this.runStyle}${this.link}${field}`, tag: text.tag, content: [text.tag[1], start], preserve: text.preserve });
    } else {
      paragraph.slots.push({ kind: 'break', text: '', style: '', tag: text.tag, content: text.tag, preserve: false });
    }
  }
}

/** Escapes text for XML element content. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The part with each slot's new text (by slot) and `w:lang` edits applied; other bytes unchanged. */
export function writePart(part: ReadPart, texts: ReadonlyMap<Slot, string>): string {
  const edits: { from: number; to: number; text: string }[] = part.langEdits.map(([from, to]) => ({ from, to, text: ENGLISH_LANG }));
  for (const [slot, text] of texts) {
    if (text === slot.text) continue;
    if (!slot.preserve && /^\s|\s$|\s\s/.test(text)) {
      // Word trims text without xml:space="preserve": add it to the start tag
      const tag = part.xml.slice(slot.tag[0], slot.tag[1]);
      const selfName = /^<([^\s/>]+)/.exec(tag)![1]!;
      edits.push({ from: slot.tag[0], to: slot.tag[0] + 1 + selfName.length, text: `<${selfName} xml:space="preserve"` });
    }
    edits.push({ from: slot.content[0], to: slot.content[1], text: escapeXml(text) });
  }
  edits.sort((a, b) => a.from - b.from);
  let out = '';
  let cursor = 0;
  for (const e of edits) {
    out += part.xml.slice(cursor, e.from) + e.text;
    cursor = e.to;
  }
  return out + part.xml.slice(cursor);
}
