/** Installs fr2en/web's objects as the globals `Translator` and `Summarizer` where the browser has none. */
import { Summarizer } from './summarizer.js';
import { Translator } from './translator.js';

/**
 * Sets `globalThis.Translator` / `globalThis.Summarizer` to fr2en's where they are missing (or always
 * with `force`), so code written against Chrome's built-in API runs in other browsers.
 * Returns the names installed.
 */
export function polyfill(options: { force?: boolean } = {}): string[] {
  const g = globalThis as Record<string, unknown>;
  const installed: string[] = [];
  for (const [name, value] of [['Translator', Translator], ['Summarizer', Summarizer]] as const) {
    if (options.force || g[name] === undefined) {
      g[name] = value;
      installed.push(name);
    }
  }
  return installed;
}
