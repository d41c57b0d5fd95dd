/**
 * The house rule on function size: no function in src/ outside src/segment/ (whose rule tables are
 * exempt) is longer than 80 lines, counted from the TypeScript AST as
 * `scripts/diagnostics/long-functions.ts` counts them (inner closures count toward the outer function).
 */
import { describe, expect, it } from 'vitest';
import { longFunctions } from '../../scripts/diagnostics/long-functions.js';

describe('function size', () => {
  it('keeps every function outside src/segment/ at 80 lines or fewer', () => {
    const over = longFunctions('src', 80).filter((f) => !f.file.startsWith('src/segment/'));
    expect(over.map((f) => `${f.lines} ${f.name} ${f.file}:${f.line}`)).toEqual([]);
  });
});
