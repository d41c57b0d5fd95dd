/**
 * The browser build of fr2en, shared by tsup.config.ts (the package's `browser`/`worker`
 * entries) and by `npm run build:browser` (self-contained bundles for the demo page and the
 * Chromium tests: every dependency inlined, ONNX Runtime's WASM pair copied beside them).
 *
 * Usage: tsx scripts/build/browser-build.ts [outdir]   (default examples/browser/dist)
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The browser entries: name → source. */
export const BROWSER_ENTRIES = {
  browser: 'src/browser.ts',
  worker: 'src/worker/index.ts',
  'worker-host': 'src/worker/host-entry.ts',
  web: 'src/web/index.ts',
} as const;

/**
 * Swaps the Node platform for the browser one (`platform/index.js` → `platform/index.browser.ts`),
 * and Node's `fs` (imported at top level by @sctg/sentencepiece-js) for a stub; the emscripten
 * glue's `import('module')`, never reached in a browser, gets a stub too (so an app's bundler has nothing Node-only to resolve).
 */
export function browserPlugin(): Plugin {
  return {
    name: 'fr2en-browser',
    setup(build) {
      build.onResolve({ filter: /platform\/index\.js$/ }, (args) => {
        if (!args.importer.startsWith(path.join(ROOT, 'src'))) return undefined;
        return { path: path.join(ROOT, 'src/platform/index.browser.ts') };
      });
      build.onResolve({ filter: /^(node:)?fs$/ }, () => ({ path: path.join(ROOT, 'src/platform/fs-stub.ts') }));
      build.onResolve({ filter: /^(node:)?module$/ }, () => ({ path: path.join(ROOT, 'src/platform/module-stub.ts') }));
    },
  };
}

/** The ONNX Runtime WASM files to serve beside a page (transformers.js 4.3's ORT WebGPU build uses the asyncify pair). */
export function ortWasmFiles(): string[] {
  const dir = path.join(ROOT, 'node_modules/onnxruntime-web/dist');
  return ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'].map((f) => path.join(dir, f));
}

/** Builds the self-contained bundles into `outdir` (code-split, minified, with source maps) and copies the ORT files to `outdir/ort/`. */
export async function buildStandalone(outdir: string): Promise<{ entry: string; bytes: number; gzip: number }[]> {
  const esbuild = await import('esbuild');
  rmSync(outdir, { recursive: true, force: true });
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: BROWSER_ENTRIES,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'error',
    define: { __FR2EN_VERSION__: JSON.stringify(pkg.version) },
    plugins: [browserPlugin()],
  });
  mkdirSync(path.join(outdir, 'ort'), { recursive: true });
  for (const f of ortWasmFiles()) copyFileSync(f, path.join(outdir, 'ort', path.basename(f)));
  // per entry: its own file plus every chunk it imports statically (what a page loads before running)
  const outputs = result.metafile.outputs;
  const closure = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const imp of outputs[file]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) closure(imp.path, seen);
    return seen;
  };
  const sizes = Object.keys(BROWSER_ENTRIES).map((entry) => {
    const file = path.relative(ROOT, path.join(outdir, `${entry}.js`));
    let bytes = 0;
    let gzip = 0;
    for (const f of closure(file)) {
      const data = readFileSync(path.join(ROOT, f));
      bytes += data.length;
      gzip += gzipSync(data).length;
    }
    return { entry, bytes, gzip };
  });
  const lazy = Object.keys(outputs).filter((f) => f.endsWith('.js'));
  writeFileSync(
    path.join(outdir, 'sizes.json'),
    JSON.stringify(
      {
        entries: sizes,
        allJs: lazy.map((f) => ({ file: path.basename(f), bytes: statSync(path.join(ROOT, f)).size, gzip: gzipSync(readFileSync(path.join(ROOT, f))).length })),
        ort: ortWasmFiles().map((f) => ({ file: path.basename(f), bytes: statSync(f).size, gzip: gzipSync(readFileSync(f)).length })),
      },
      null,
      2,
    ),
  );
  return sizes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'examples/browser/dist'));
  const sizes = await buildStandalone(out);
  for (const s of sizes) console.log(`${s.entry}: ${(s.bytes / 1024).toFixed(0)} KB minified, ${(s.gzip / 1024).toFixed(0)} KB gzip (entry + static chunks)`);
  console.log(`built ${path.relative(process.cwd(), out)}`);
}
