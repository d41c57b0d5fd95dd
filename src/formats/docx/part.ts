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
  const paragraphs: Paragraph[] = [];
  const open: Paragraph[] = [];
  const langEdits: [number, number][] = [];
  const stack: string[] = [];
  let rPrStart = -1;
  let runStyle = '';
  let link = '';
  // fields: the result of a HYPERLINK field is text like a link's; other fields' results
  // (page numbers, a table of contents, cross-references) are kept as they are
  const fields: { instr: string; at: number }[] = [];
  const simpleFields: string[] = [];
  let instrStart = -1;
  const alternates: { id: number; branch?: 'choice' | 'fallback'; counts: { choice: number; fallback: number } }[] = [];
  let text: { tag: [number, number]; preserve: boolean } | undefined;
  const tagStart = (end: number) => xml.lastIndexOf('<', end);
  const parser: Parser = new Parser(
    {
      onopentag(name, attrs) {
        const end = parser.endIndex + 1;
        stack.push(name);
        const paragraph = open[open.length - 1];
        switch (name) {
          case 'mc:AlternateContent':
            alternates.push({ id: end, counts: { choice: 0, fallback: 0 } });
            break;
          case 'mc:Choice':
          case 'mc:Fallback': {
            const alternate = alternates[alternates.length - 1];
            if (alternate) alternate.branch = name === 'mc:Choice' ? 'choice' : 'fallback';
            break;
          }
          case 'w:p': {
            const alternate = alternates[alternates.length - 1];
            const branch = alternate?.branch;
            const p: Paragraph = { at: tagStart(parser.endIndex), slots: [], ...(alternate && branch ? { alt: { id: alternate.id, branch, index: alternate.counts[branch]++ } } : {}) };
            open.push(p);
            paragraphs.push(p);
            break;
          }
          case 'w:r':
            runStyle = '';
            break;
          case 'w:rPr':
            if (stack[stack.length - 2] === 'w:r') rPrStart = tagStart(parser.endIndex);
            break;
          case 'w:hyperlink':
            link = `link@${end}`;
            break;
          case 'w:fldSimple':
            simpleFields.push(attrs['w:instr'] ?? '');
            break;
          case 'w:fldChar': {
            const type = attrs['w:fldCharType'];
            if (type === 'begin') fields.push({ instr: '', at: end });
            else if (type === 'end') fields.pop();
            break;
          }
          case 'w:instrText':
            instrStart = end;
            break;
          case 'w:t':
            if (stack[stack.length - 2] === 'w:r') text = { tag: [tagStart(parser.endIndex), end], preserve: attrs['xml:space'] === 'preserve' };
            break;
          case 'w:lang': {
            const tag = xml.slice(tagStart(parser.endIndex), end);
            const m = /\sw:val\s*=\s*["'](fr(?:-[A-Za-z]+)?)["']/.exec(tag);
            if (m) {
              const at = tagStart(parser.endIndex) + m.index + m[0].indexOf(m[1]!, m[0].indexOf('='));
              langEdits.push([at, at + m[1]!.length]);
            }
            break;
          }
          default:
            if (BREAKS.has(name) && stack[stack.length - 2] === 'w:r') paragraph?.slots.push({ kind: 'break', text: '', style: '', tag: [end, end], content: [end, end], preserve: false });
        }
      },
      onclosetag(name) {
        stack.pop();
        const start = tagStart(parser.endIndex);
        switch (name) {
          case 'w:p':
            open.pop();
            break;
          case 'mc:AlternateContent':
            alternates.pop();
            break;
          case 'w:rPr':
            if (rPrStart >= 0) runStyle = styleKey(xml.slice(rPrStart, parser.endIndex + 1));
            rPrStart = -1;
            break;
          case 'w:hyperlink':
            link = '';
            break;
          case 'w:fldSimple':
            simpleFields.pop();
            break;
          case 'w:instrText': {
            const field = fields[fields.length - 1];
            if (field && instrStart >= 0) field.instr += decodeXML(xml.slice(instrStart, start));
            instrStart = -1;
            break;
          }
          case 'w:t': {
            if (!text) break;
            if (parser.endIndex + 1 === text.tag[1]) {
              text = undefined; // <w:t/>: no text
              break;
            }
            const paragraph = open[open.length - 1];
            const isLink = (instr: string) => /^\s*HYPERLINK\b/.test(instr);
            // text moved away (tracked changes) shows as deleted: kept, like deleted text
            const fixed = fields.some((f) => !isLink(f.instr)) || simpleFields.some((f) => !isLink(f)) || stack.includes('w:moveFrom');
            const field = fields.length > 0 ? `field@${fields[fields.length - 1]!.at}` : simpleFields.length > 0 ? 'field' : '';
            if (paragraph && !fixed) {
              paragraph.slots.push({ kind: 'text', text: decodeXML(xml.slice(text.tag[1], start)), style: `${runStyle}${link}${field}`, tag: text.tag, content: [text.tag[1], start], preserve: text.preserve });
            } else if (paragraph) {
              paragraph.slots.push({ kind: 'break', text: '', style: '', tag: text.tag, content: text.tag, preserve: false });
            }
            text = undefined;
            break;
          }
        }
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  return { xml, paragraphs: paragraphs.filter((p) => p.slots.some((s) => s.kind === 'text' && s.text.length > 0)), langEdits };
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
