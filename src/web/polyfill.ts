/** Installs fr2en/web's objects as the globals `Translator` and `Summarizer`, and says which implementation a global is. */
import { nativeApi, rememberNative, WEB_APIS, type WebApi } from './setup.js';
import { Summarizer } from './summarizer.js';
import { Translator } from './translator.js';

/** Which implementation a global answers to: fr2en's class, the browser's own (Chrome's built-in AI), or none. */
export const IMPLEMENTATIONS = ['fr2en', 'native', 'none'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

/** Options of {@link polyfill}. */
export interface PolyfillOptions {
  /**
   * Replace the browser's own classes too (`true`), or only those named. The browser's class is
   * kept: `setup({ preferBuiltIn: true })` still reaches it, and {@link implementation} reports
   * `'fr2en'` for the global afterwards.
   * @default false (a global the browser already has is left alone)
   */
  force?: boolean | readonly WebApi[];
}

const OURS: Record<WebApi, unknown> = { Translator, Summarizer };

/**
 * Sets `globalThis.Translator` / `globalThis.Summarizer` to fr2en's where they are missing (or
 * also where the browser has its own, with `force`), so code written against Chrome's built-in
 * API runs in other browsers. Returns the names installed.
 */
export function polyfill(options: PolyfillOptions = {}): WebApi[] {
  const g = globalThis as Record<string, unknown>;
  const installed: WebApi[] = [];
  for (const name of WEB_APIS) {
    const force = options.force === true || (Array.isArray(options.force) && options.force.includes(name));
    if (g[name] === OURS[name]) continue;
    if (g[name] === undefined || force) {
      rememberNative(name, g[name]);
      g[name] = OURS[name];
      installed.push(name);
    }
  }
  return installed;
}

/** `'fr2en'` when the global `name` is fr2en's class, `'native'` when it is the browser's own, `'none'` when absent. */
export function implementation(name: WebApi): Implementation {
  const value = (globalThis as Record<string, unknown>)[name];
  if (value === undefined) return 'none';
  return value === OURS[name] ? 'fr2en' : 'native';
}

/** Puts the browser's own classes back where {@link polyfill} replaced them (fr2en's stay where the browser had none). */
export function restoreNative(): WebApi[] {
  const g = globalThis as Record<string, unknown>;
  const restored: WebApi[] = [];
  for (const name of WEB_APIS) {
    const native = nativeApi(name, OURS[name]);
    if (g[name] === OURS[name] && native !== undefined) {
      g[name] = native;
      restored.push(name);
    }
  }
  return restored;
}
