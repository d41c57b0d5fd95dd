/**
 * test/ mirrors src/: a test file lives in the test/ folder of the src/ folder it proves
 * (test/formats/docx.test.ts proves src/formats/docx/), so a newcomer finds a module's tests by
 * its path. The folders below prove no single module and are the only exceptions.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** Folders of test/ with no src/ folder to mirror, and why. */
export const NOT_MIRRORED: Readonly<Record<string, string>> = {
  helpers: 'shared test helpers (services, runners), used by every folder',
  fixtures: 'data: the self-made models, documents and pages the tests read',
  browser: 'end to end in Chromium on the built bundles (vitest.browser.config.ts), across entries',
  docs: 'checks docs/, the README and the reference pages against the code',
  house: 'checks the repository itself: these layout rules',
  examples: 'runs the scripts of examples/ (it mirrors examples/, not src/)',
  properties: 'end to end: properties of the whole pipeline (nothing lost, soak), no single module',
};

/** The test files (relative to test/) whose folder has no src/ counterpart and is not an exception. */
export function unmirrored(files: readonly string[], isSrcFolder: (folder: string) => boolean): string[] {
  return files.filter((file) => {
    const folder = path.posix.dirname(file);
    if (folder === '.') return false; // test/x.test.ts proves src/x.ts
    if (Object.hasOwn(NOT_MIRRORED, folder.split('/')[0]!)) return false;
    return !isSrcFolder(folder);
  });
}

function testFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? testFiles(full, rel) : name.endsWith('.ts') ? [rel] : [];
  });
}

describe('test/ mirrors src/', () => {
  const isSrcFolder = (folder: string) => existsSync(path.join(ROOT, 'src', folder)) && statSync(path.join(ROOT, 'src', folder)).isDirectory();

  it('puts every test file in the folder of the src/ module it proves', () => {
    expect(unmirrored(testFiles(path.join(ROOT, 'test')), isSrcFolder)).toEqual([]);
  });

  it('names only exceptions that exist and says why for each', () => {
    for (const [folder, why] of Object.entries(NOT_MIRRORED)) {
      expect(existsSync(path.join(ROOT, 'test', folder)), folder).toBe(true);
      expect(existsSync(path.join(ROOT, 'src', folder)), `${folder} is a src/ folder: not an exception`).toBe(false);
      expect(why.length).toBeGreaterThan(10);
    }
  });

  it('flags a test file whose folder is not in src/, and only that one', () => {
    const files = ['errors.test.ts', 'formats/docx.test.ts', 'helpers/services.ts', 'fixtures/docx/make.ts', 'widgets/thing.test.ts', 'formats/widgets/x.test.ts'];
    const src = new Set(['formats', 'formats/docx']);
    expect(unmirrored(files, (folder) => src.has(folder))).toEqual(['widgets/thing.test.ts', 'formats/widgets/x.test.ts']);
  });
});
