/**
 * The layers that must run in a browser import nothing from Node: the segmenter bundles for the
 * browser, and no file outside src/platform/ and src/cli/ imports a `node:` module. The HTTP server
 * (src/server/) and the job queue (src/queue/) are Node services above the library, like the CLI:
 * they may import Node built-ins, but they too read no environment variables (the CLI passes them).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('platform seams', () => {
  it('only src/platform/, src/cli/ and the Node services (src/server/, src/queue/) import Node built-ins', () => {
    const offenders = sources(path.join(ROOT, 'src'))
      .filter((f) => /from ['"]node:|import\(['"]node:|require\(['"]node:/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f))
      .filter((f) => !['platform', 'cli', 'server', 'queue'].some((dir) => f.startsWith(`src${path.sep}${dir}${path.sep}`)));
    expect(offenders).toEqual([]);
  });

  it('only src/platform/ and src/cli/ read process.env', () => {
    const offenders = sources(path.join(ROOT, 'src'))
      .filter((f) => /process\.env/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f))
      .filter((f) => !f.startsWith(`src${path.sep}platform${path.sep}`) && !f.startsWith(`src${path.sep}cli${path.sep}`));
    expect(offenders).toEqual([]);
  });

  it('bundles the segmenter for the browser', () => {
    const esbuild = path.join(ROOT, 'node_modules', '.bin', 'esbuild');
    const out = execFileSync(esbuild, [path.join(ROOT, 'src/segment/index.ts'), '--bundle', '--platform=browser', '--format=esm', '--log-level=error'], {
      encoding: 'utf8',
    });
    expect(out).toContain('function segment');
    expect(out).not.toMatch(/from ["']node:/);
  }, 60_000);
});
