/** Paths and small utilities shared by the tests. */
import { spawn } from 'node:child_process';
import type { BackendV1 } from '../src/index.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = process.env.FR2EN_TEST_FIXTURES ?? path.join(ROOT, 'test', 'fixtures', 'models');
export const MARIAN_TINY = path.join(FIXTURES, 'marian-tiny');
export const MARIAN_MEMO = path.join(FIXTURES, 'marian-memo');
export const BART_TINY = path.join(FIXTURES, 'bart-tiny');
export const MARIAN_BEAM = path.join(FIXTURES, 'marian-beam');
export const SEED = readFileSync(path.join(ROOT, 'seeds', 'kazakhstan-2022-fr.txt'), 'utf8');

/** The memorised pairs of marian-memo. */
export const MEMO_PAIRS: { fr: string; en: string }[] = JSON.parse(readFileSync(path.join(MARIAN_MEMO, 'pairs.json'), 'utf8'));

/** Runs a TypeScript entry point of the project with node (through tsx); resolves with its exit code and output. */
export function runScript(
  script: string,
  args: string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input);
  });
}

/** Runs the CLI from source, offline; resolves with its exit code and output. */
export function runCli(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  // the persistent translation cache stays off unless a test asks for it: tests must not write the user's cache
  return runScript('src/cli/main.ts', args, { ...(input !== undefined ? { input } : {}), env: { FR2EN_OFFLINE: '1', FR2EN_TRANSLATION_CACHE: '0', ...env } });
}

/** Wraps a real backend and records the inputs of every generate call (for assertions on what the model saw). */
export function recordingBackend(inner: BackendV1): BackendV1 & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    ...inner,
    calls,
    doLoad: (o) => inner.doLoad(o),
    doCountTokens: (t) => inner.doCountTokens(t),
    doDispose: () => inner.doDispose(),
    doGenerate: (o) => {
      calls.push([...o.inputs]);
      return inner.doGenerate(o);
    },
  };
}
