/**
 * The published browser build (dist/browser, `npm run build`) as an app's bundler sees it:
 * `fr2en`, `fr2en/web` and `fr2en/worker` resolve through the `browser` export condition and
 * bundle for the browser with nothing Node-only left.
 */
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

describe('the package as a browser app bundles it', () => {
  it('resolves fr2en, fr2en/web and fr2en/worker to dist/browser and bundles them with no Node built-in', async () => {
    expect(existsSync(path.join(ROOT, 'dist/browser/web.js')), 'run `npm run build` first').toBe(true);
    const app = mkdtempSync(path.join(tmpdir(), 'fr2en-app-'));
    mkdirSync(path.join(app, 'node_modules'));
    symlinkSync(ROOT, path.join(app, 'node_modules', 'fr2en'));
    writeFileSync(
      path.join(app, 'main.js'),
      "import { createTranslator, configure } from 'fr2en';\nimport { Translator } from 'fr2en/web';\nimport { connectWorker } from 'fr2en/worker';\nconsole.log(createTranslator, configure, Translator, connectWorker);\n",
    );
    const result = await build({
      absWorkingDir: app,
      entryPoints: ['main.js'],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: path.join(app, 'out'),
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).map((f) => path.resolve(app, f));
    expect(inputs).toContain(path.join(ROOT, 'dist/browser/web.js'));
    expect(inputs).not.toContain(path.join(ROOT, 'dist/index.js'));
    expect(inputs.some((f) => f.includes('transformers.web.js'))).toBe(true);
    const code = result.outputFiles.map((f) => f.text).join('\n');
    expect(code).not.toMatch(/from\s*["'](node:)?(fs|path|os|stream|module)["']/);
    expect(code).not.toMatch(/import\(["'](node:)?(fs|module)["']\)/);
  }, 120_000);
});
