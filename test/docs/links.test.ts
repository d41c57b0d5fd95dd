/**
 * The documentation holds together: every relative link of README.md, CHANGELOG.md,
 * BENCHMARKS.md and docs/ points at a file that exists and, with a `#fragment`, at a heading of
 * it (GitHub's anchor rule); the README stays a way in.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** Pages linked from here that other work adds; a link to them counts once they exist or while they are absent. */
const WRITTEN_ELSEWHERE = new Set<string>(); // pages another branch is still writing (none now)

const markdown = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? markdown(file) : name.endsWith('.md') ? [file] : [];
  });

const PAGES = ['README.md', 'CHANGELOG.md', 'BENCHMARKS.md'].map((f) => path.join(ROOT, f)).concat(markdown(path.join(ROOT, 'docs')));

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => anchorOf(m[1]!)));
}

describe('the documentation', () => {
  it('computes anchors as GitHub does', () => {
    expect(anchorOf('Marian tokenizer: `@sctg/sentencepiece-js`')).toBe('marian-tokenizer-sctgsentencepiece-js');
    expect(anchorOf('Every core: the worker pool (2026-11-30, quiet machine)')).toBe('every-core-the-worker-pool-2026-11-30-quiet-machine');
  });

  it.each(PAGES.map((p) => [path.relative(ROOT, p), p]))('%s: every relative link resolves, anchors included', (_name, page) => {
    const broken: string[] = [];
    const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, link] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(link!)) continue;
      const [target, fragment] = link!.split('#') as [string, string | undefined];
      const file = target ? path.resolve(path.dirname(page), target) : page;
      if (!existsSync(file)) {
        if (!WRITTEN_ELSEWHERE.has(path.relative(ROOT, file))) broken.push(`${link}: no such file`);
        continue;
      }
      if (fragment && file.endsWith('.md') && !anchors(file).has(fragment)) broken.push(`${link}: no such heading`);
    }
    expect(broken).toEqual([]);
  });

  it('keeps the README a way in: at most 150 lines, linking every guide and reference page', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(150);
    const pages = [...markdown(path.join(ROOT, 'docs', 'guide')), ...markdown(path.join(ROOT, 'docs', 'reference'))].map((f) => path.relative(ROOT, f));
    for (const page of pages.filter((p) => !WRITTEN_ELSEWHERE.has(p))) expect(readme, page).toContain(`](${page})`);
  });

  it('carries no issue numbers', () => {
    for (const page of PAGES) {
      const text = readFileSync(page, 'utf8');
      expect(text.match(/\b[Ii]ssue #?\d+|\(#\d+\)/g), path.relative(ROOT, page)).toBeNull();
    }
  });
});
