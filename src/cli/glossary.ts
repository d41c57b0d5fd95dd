/**
 * `--glossary <file>`: a glossary file read into the library's `glossary` option.
 * - `.json`: one object, French term → English term;
 * - `.tsv` / `.csv` (or any other name): two columns per line, French then English, split on a
 *   tab (`.tsv`) or a comma (`.csv`, RFC 4180 quoting: `"a, b"`, `""` for a quote); blank lines
 *   and lines starting with `#` are skipped, and so is a first line that is a header
 *   (`fr,en`, `french,english`, `source,target`, `term,translation`).
 * A malformed line or a term given twice (case-insensitively) is an `InputError` naming the file
 * and the line(s).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DO_NOT_TRANSLATE, InputError } from '../index.js';

const HEADERS = new Set(['fr|en', 'french|english', 'source|target', 'term|translation', 'français|anglais']);

/** Splits one CSV line into fields (RFC 4180 quoting, no line breaks inside fields); undefined when a quote is left open. */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  let wasQuoted = false;
  while (i < line.length) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim().length === 0 && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(wasQuoted ? field : field.trim());
      field = '';
      wasQuoted = false;
    } else {
      field += ch;
    }
    i++;
  }
  if (quoted) return undefined;
  fields.push(wasQuoted ? field : field.trim());
  return fields;
}

/** Parses a glossary file's text (`name` for messages; its extension picks the format). */
export function parseGlossary(text: string, name: string): Map<string, string> {
  const ext = path.extname(name).toLowerCase();
  const out = new Map<string, string>();
  const lineOf = new Map<string, { term: string; line: number | undefined }>();
  const add = (fr: string, en: string, line: number | undefined) => {
    const where = line === undefined ? `entry ${JSON.stringify(fr)}` : `line ${line}`;
    if (fr.length === 0 || en.length === 0) throw new InputError(`Glossary ${name}, ${where}: the French term and the English term must both be non-empty.`, { option: 'glossary' });
    const key = fr.toLocaleLowerCase('fr');
    const earlier = lineOf.get(key);
    if (earlier) {
      const first = earlier.line === undefined ? JSON.stringify(earlier.term) : `line ${earlier.line}`;
      throw new InputError(`Glossary ${name}: the term ${JSON.stringify(fr)} is given twice (${first} and ${where}; terms match case-insensitively).`, { option: 'glossary' });
    }
    lineOf.set(key, { term: fr, line });
    out.set(fr, en);
  };
  if (ext === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`Glossary ${name} is not valid JSON: ${(error as Error).message}`, { option: 'glossary', cause: error });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(`Glossary ${name} must hold one JSON object, French term → English term.`, { option: 'glossary' });
    }
    for (const [fr, en] of Object.entries(value)) {
      if (typeof en !== 'string') throw new InputError(`Glossary ${name}, entry ${JSON.stringify(fr)}: the English term must be a string.`, { option: 'glossary' });
      add(fr.trim(), en.trim(), undefined);
    }
    return out;
  }
  const tab = ext === '.tsv' || (ext !== '.csv' && text.includes('\t'));
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let first = true;
  for (const [k, raw] of lines.entries()) {
    const line = k + 1;
    if (raw.trim().length === 0 || raw.trimStart().startsWith('#')) continue;
    const fields = tab ? raw.split('\t').map((f) => f.trim()) : splitCsvLine(raw);
    if (fields === undefined) throw new InputError(`Glossary ${name}, line ${line}: a quoted field is not closed.`, { option: 'glossary' });
    if (fields.length !== 2) {
      throw new InputError(`Glossary ${name}, line ${line}: expected 2 ${tab ? 'tab' : 'comma'}-separated columns (French, English), found ${fields.length}.`, { option: 'glossary' });
    }
    if (first && HEADERS.has(fields.map((f) => f.toLowerCase()).join('|'))) {
      first = false;
      continue;
    }
    first = false;
    add(fields[0]!, fields[1]!, line);
  }
  return out;
}

/** Reads and parses a glossary file. @throws InputError naming the file when it cannot be read or is malformed */
export function readGlossary(file: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read glossary ${file}: ${(error as Error).message}`, { option: 'glossary', cause: error });
  }
  return parseGlossary(text, file);
}

/** The translator options of `--glossary` and `--keep` (kept terms add to the default patterns). */
export function termOptions(opts: { glossary?: string; keep?: string[] }): { glossary?: Map<string, string>; doNotTranslate?: (string | RegExp)[] } {
  return {
    ...(opts.glossary !== undefined ? { glossary: readGlossary(opts.glossary) } : {}),
    ...(opts.keep?.length ? { doNotTranslate: [...DEFAULT_DO_NOT_TRANSLATE, ...opts.keep] } : {}),
  };
}
