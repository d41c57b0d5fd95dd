/**
 * The example scripts run: on the fixtures they print real output; without the default model
 * (offline) they say what is missing and exit 1 instead of printing anything made up.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BART_TINY, MARIAN_MEMO, MEMO_PAIRS, ROOT, runScript } from '../helpers.js';

function runExample(name: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  // FR2EN_MODELS_DIR points nowhere, so a default model could only come from the hub
  return runScript(path.join('examples', name), args, { env: { FR2EN_MODELS_DIR: path.join(ROOT, 'test', 'no-models-here'), ...env } });
}

describe('examples', () => {
  it('translate-seed: exits 1 with a clear message when the default model is not available offline', async () => {
    const { code, stdout, stderr } = await runExample('translate-seed.ts', { FR2EN_OFFLINE: '1' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Cannot translate the seed: the model is not available/);
    expect(stderr).toMatch(/Xenova\/opus-mt-fr-en/);
  });

  it('digest-seed: exits 1 offline, and runs on fixture models', async () => {
    const offline = await runExample('digest-seed.ts', { FR2EN_OFFLINE: '1' });
    expect(offline.code).toBe(1);
    expect(offline.stdout).toBe('');
    const ok = await runExample('digest-seed.ts', { FR2EN_MODEL: MARIAN_MEMO, FR2EN_SUMMARY_MODEL: BART_TINY });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('== Summary ==');
    expect(ok.stdout).toContain(MEMO_PAIRS.find((p) => p.fr.startsWith('Ancien président'))!.en);
  });

  it('custom-backend: a caching backend serves repeated sentences', async () => {
    const { code, stdout } = await runExample('custom-backend.ts', {}, [MARIAN_MEMO]);
    expect(code).toBe(0);
    expect(stdout).toContain('Not even Lukashenko in Belarus.');
    expect(stdout).toMatch(/2 sentences served from the cache/);
  });
});
