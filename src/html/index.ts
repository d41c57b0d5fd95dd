/**
 * HTML in, HTML out: {@link parseHtml} reads a document into sentences to translate and
 * rebuilds it around their translations. No model code here: the pipeline translates the units.
 *
 * @module
 */
import type { Warning } from '../warnings.js';
import { extractHtml } from './extract.js';
import type { HtmlUnit } from './runs.js';
import { HtmlRenderer } from './render.js';

export type { HtmlUnit } from './runs.js';

/** A document read for translation. */
export interface HtmlDocument {
  /** The sentences to translate, in document order (attributes of an element come with its text). */
  readonly units: readonly HtmlUnit[];
  /** Warnings about the markup of unit `index` once translated as `translation` (`markup-dropped`, `markup-moved`). */
  warningsFor(index: number, translation: string): Warning[];
  /** The document rebuilt with one translation per unit; bytes outside the translated text are the input's. */
  render(translations: readonly string[]): string;
}

/**
 * Parses an HTML document or fragment (with parse5) into sentences to translate.
 *
 * @example
 * const doc = parseHtml('<p>Le chat dort.</p>');
 * doc.render(doc.units.map(() => 'The cat is sleeping.')); // '<p>The cat is sleeping.</p>'
 */
export function parseHtml(html: string): HtmlDocument {
  const extracted = extractHtml(html);
  const renderer = new HtmlRenderer(extracted);
  return {
    units: extracted.units,
    warningsFor: (index, translation) => renderer.warningsFor(index, translation),
    render: (translations) => renderer.render(translations),
  };
}
