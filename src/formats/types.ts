/**
 * The one interface every document format implements: read the input into sentences with their
 * offsets, then rebuild the same format around one translation per sentence.
 */
import type { Warning } from '../warnings.js';

/** A sentence to translate, where it was in the input. */
export interface FormatUnit {
  /**
   * Text of the sentence that must reach the translation verbatim: inline code and markup with
   * `translate="no"` or `class="notranslate"`; the pipeline makes each one a constraint.
   */
  keep?: readonly string[];
  /** The sentence as the model sees it (markup removed, white space collapsed). */
  source: string;
  /**
   * Offset of the sentence in the input: in the source text (HTML, Markdown, SRT, WebVTT); for
   * .docx, in the text of its paragraphs (body, then headers, footers and notes) joined by `\n`.
   */
  start: number;
  /** Offset just past the sentence. */
  end: number;
  /** Index of the block (paragraph, cue run, table cell…) holding the sentence. */
  paragraph: number;
}

/** A document rebuilt around its translations. */
export interface RenderedDocument {
  /** The translated document as text (HTML, Markdown, SRT, WebVTT), or the English plain text for binary formats. */
  text: string;
  /** The translated file, for binary formats (.docx). */
  document?: Uint8Array;
  /** Problems met while rebuilding (a subtitle cue over its line budget…). */
  warnings: Warning[];
}

/** A document read for translation. */
export interface ParsedDocument {
  /** The sentences to translate, in document order. */
  readonly units: readonly FormatUnit[];
  /** Warnings about unit `index`'s inline markup once translated as `translation`. */
  warningsFor(index: number, translation: string): Warning[];
  /** The document rebuilt with one translation per unit. */
  render(translations: readonly string[]): RenderedDocument;
}
