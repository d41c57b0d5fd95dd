/**
 * Decoding the raw source of a text node or attribute value as the HTML parser does
 * (character references, CR LF → LF), while keeping, for every decoded UTF-16 unit, the range
 * of source characters it came from. That is what lets sentence offsets point into the input HTML.
 */
import { DecodingMode, EntityDecoder, htmlDecodeTree } from 'entities/decode';

/** Decoded text and, per UTF-16 unit, the source range `[rawStart[k], rawEnd[k])` it came from. */
export interface DecodedText {
  text: string;
  rawStart: number[];
  rawEnd: number[];
}

/**
 * Decodes `source.slice(from, to)`: character references with the same decoder parse5 uses
 * (`entities`), `\r\n` and lone `\r` as `\n`, NUL as U+FFFD.
 */
export function decodeSource(source: string, from: number, to: number, attribute = false): DecodedText {
  const out: DecodedText = { text: '', rawStart: [], rawEnd: [] };
  const push = (chars: string, start: number, end: number) => {
    out.text += chars;
    for (let k = 0; k < chars.length; k++) {
      out.rawStart.push(start);
      out.rawEnd.push(end);
    }
  };
  let i = from;
  while (i < to) {
    const c = source[i]!;
    if (c === '&') {
      let found: { cp: number; consumed: number } | undefined;
      const decoder = new EntityDecoder(htmlDecodeTree, (cp, consumed) => {
        found = { cp, consumed };
      });
      decoder.startEntity(attribute ? DecodingMode.Attribute : DecodingMode.Legacy);
      // a reference never runs past the end of its text node or attribute value (`<`, a quote)
      if (decoder.write(source, i + 1) < 0) decoder.end();
      if (found && found.consumed > 1 && i + found.consumed <= to) {
        push(String.fromCodePoint(found.cp), i, i + found.consumed);
        i += found.consumed;
        continue;
      }
      push('&', i, i + 1);
      i++;
    } else if (c === '\r') {
      const end = source[i + 1] === '\n' && i + 1 < to ? i + 2 : i + 1;
      push('\n', i, end);
      i = end;
    } else if (c === '\0') {
      push('\uFFFD', i, i + 1);
      i++;
    } else {
      push(c, i, i + 1);
      i++;
    }
  }
  return out;
}
