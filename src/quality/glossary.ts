/**
 * The `glossary-missed` check: a glossary's French term found in the source whose English term is
 * not in the output, or a do-not-translate string or pattern of the source not kept verbatim.
 * Terms match case-insensitively on word boundaries (letters with accents are letters: "été" does
 * not match inside "étéhé"); compiled once per glossary object.
 */
import type { Glossary } from './types.js';

interface CompiledTerm {
  french: string;
  english: string;
  inSource: RegExp;
  inOutput: RegExp;
}

const compiled = new WeakMap<object, CompiledTerm[]>();
/** Patterns made global once, for `matchAll`. */
const globals = new WeakMap<RegExp, RegExp>();

/** A term as a case-insensitive, word-bounded pattern (straight and curly apostrophes alike). */
export function termPattern(term: string): RegExp {
  const escaped = term
    .normalize('NFC')
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/['’]/g, "['’]")
    .replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${escaped}(?![\\p{L}\\p{N}\\p{M}])`, 'iu');
}

function compile(glossary: Glossary): CompiledTerm[] {
  let terms = compiled.get(glossary);
  if (!terms) {
    const entries = glossary instanceof Map ? [...glossary.entries()] : Object.entries(glossary);
    terms = entries
      .filter(([french, english]) => french.trim() !== '' && typeof english === 'string' && english.trim() !== '')
      .map(([french, english]) => ({ french, english, inSource: termPattern(french), inOutput: termPattern(english) }));
    compiled.set(glossary, terms);
  }
  return terms;
}

/** What a glossary check found missing. */
export interface GlossaryMiss {
  /** Glossary entries whose French term is in the source and English term not in the output. */
  terms: { french: string; english: string }[];
  /** Do-not-translate strings (or pattern matches) of the source not in the output verbatim. */
  verbatim: string[];
}

/** Checks `output` against a glossary and do-not-translate list; undefined when nothing is missed. */
export function glossaryMisses(
  source: string,
  output: string,
  glossary: Glossary | undefined,
  doNotTranslate: readonly (string | RegExp)[] | undefined,
): GlossaryMiss | undefined {
  const terms: GlossaryMiss['terms'] = [];
  const verbatim: string[] = [];
  if (glossary) {
    const src = source.normalize('NFC');
    const out = output.normalize('NFC');
    for (const t of compile(glossary)) if (t.inSource.test(src) && !t.inOutput.test(out)) terms.push({ french: t.french, english: t.english });
  }
  for (const entry of doNotTranslate ?? []) {
    if (typeof entry === 'string') {
      if (entry !== '' && source.includes(entry) && !output.includes(entry)) verbatim.push(entry);
      continue;
    }
    let global = entry.global ? entry : globals.get(entry);
    if (!global) globals.set(entry, (global = new RegExp(entry.source, `${entry.flags}g`)));
    global.lastIndex = 0;
    for (const m of source.matchAll(global)) if (m[0] !== '' && !output.includes(m[0]) && !verbatim.includes(m[0])) verbatim.push(m[0]);
  }
  return terms.length || verbatim.length ? { terms, verbatim } : undefined;
}
