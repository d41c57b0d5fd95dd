/** The checker is public in both entries and platform-neutral (it runs in a page as in Node). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as browser from '../../src/browser.js';
import * as node from '../../src/index.js';
import * as quality from '../../src/quality/index.js';
import { ROOT } from '../helpers.js';

describe('quality exports', () => {
  it('the Node and browser entries export checkTranslation, vetSummary and QUALITY_FLAG_CODES', () => {
    for (const entry of [node, browser]) {
      expect(entry.checkTranslation).toBe(quality.checkTranslation);
      expect(entry.vetSummary).toBe(quality.vetSummary);
      expect(entry.QUALITY_FLAG_CODES).toBe(quality.QUALITY_FLAG_CODES);
    }
  });

  it('src/quality imports nothing from Node or any package', () => {
    const dir = path.join(ROOT, 'src', 'quality');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const imports = [...readFileSync(path.join(dir, file), 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
      expect(imports.filter((i) => !i.startsWith('./')), file).toEqual([]);
    }
  });
});
