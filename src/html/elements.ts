/**
 * How each HTML element takes part in translation. Value lists are declared once here.
 */

/**
 * Elements whose content is never translated and is kept byte for byte. They also end a run of
 * text: a sentence never spans them.
 */
export const OPAQUE_ELEMENTS = [
  'script', 'style', 'pre', 'noscript', 'template', 'textarea', 'svg', 'math', 'iframe', 'object',
  'video', 'audio', 'canvas', 'select', 'xmp', 'plaintext', 'listing',
] as const;

/**
 * Inline code: its text is part of the sentence the model sees and a constraint of its
 * translation; the element is kept byte for byte, placed where the translation repeats its text
 * verbatim (after the sentence when it does not).
 */
export const CODE_ELEMENTS = ['code', 'kbd', 'samp', 'var'] as const;

/** Inline elements that carry text within a sentence (placed when the translation allows it). */
export const INLINE_ELEMENTS = [
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'label', 'mark',
  'nobr', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u',
] as const;

/** Inline elements without translatable text of their own (kept whole, attributes translated). */
export const INLINE_EMPTY_ELEMENTS = ['img', 'wbr', 'input', 'embed', 'picture', 'br'] as const;

/** Attributes whose text is translated. */
export const TRANSLATED_ATTRIBUTES = ['alt', 'title'] as const;

const opaque = new Set<string>(OPAQUE_ELEMENTS);
const code = new Set<string>(CODE_ELEMENTS);
const inline = new Set<string>(INLINE_ELEMENTS);
const empty = new Set<string>(INLINE_EMPTY_ELEMENTS);

/** The role of an element: see the lists above; anything else is a block (it ends a run of text). */
export type ElementRole = 'opaque' | 'code' | 'inline' | 'empty' | 'block';

/** Role of an element by tag name (lower case). */
export function roleOf(tagName: string): ElementRole {
  if (opaque.has(tagName)) return 'opaque';
  if (code.has(tagName)) return 'code';
  if (inline.has(tagName)) return 'inline';
  if (empty.has(tagName)) return 'empty';
  return 'block';
}
