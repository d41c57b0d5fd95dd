/**
 * Lists the functions in src/ longer than a limit (default 80 lines), longest first, from the
 * TypeScript AST: declarations, methods, arrows and function expressions, each counted from its
 * first to its last line. `segment/` is listed apart: its rule tables are exempt.
 * Usage: tsx scripts/diagnostics/long-functions.ts [--limit 80] [--json]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type LongFunction = { file: string; name: string; lines: number; line: number };

/** Every function in the .ts files under `root` with more than `limit` lines. */
export function longFunctions(root: string, limit = 80): LongFunction[] {
  const found: LongFunction[] = [];
  for (const file of walk(root)) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > limit) found.push({ file: path.relative(process.cwd(), file), name: nameOf(node), lines, line: start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found.sort((a, b) => b.lines - a.lines);
}

function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '(anonymous)';
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (full.endsWith('.ts') && !full.endsWith('.d.ts')) yield full;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const limitAt = process.argv.indexOf('--limit');
  const limit = limitAt > 0 ? Number(process.argv[limitAt + 1]) : 80;
  const all = longFunctions('src', limit);
  if (process.argv.includes('--json')) console.log(JSON.stringify(all, null, 2));
  else {
    const [outside, segment] = [all.filter((f) => !f.file.startsWith('src/segment/')), all.filter((f) => f.file.startsWith('src/segment/'))];
    console.log(`${outside.length} functions over ${limit} lines outside src/segment/ (${segment.length} inside):`);
    for (const f of outside) console.log(`${String(f.lines).padStart(4)}  ${f.name}  ${f.file}:${f.line}`);
  }
}
