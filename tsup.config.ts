import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { BROWSER_ENTRIES, browserPlugin } from './scripts/build/browser-build.js';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __FR2EN_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig([
  // fr2en/testing, fr2en/server and fr2en/queue share the main entry's chunks (one copy of the error classes); vitest stays external (optional peer)
  // pool-worker: the worker threads' entry, spawned from the bundle's folder (src/backend/pool/spawn.ts)
  { entry: { index: 'src/index.ts', testing: 'src/testing/index.ts', server: 'src/server/index.ts', queue: 'src/queue/index.ts', 'pool-worker': 'src/backend/pool/worker.ts' }, format: ['esm'], dts: true, sourcemap: true, target: 'node20', define, external: ['vitest'] },
  // p-limit is ESM-only: bundle it into the CommonJS build so `require('fr2en')` works on every Node 20
  // shims: import.meta.url (where the worker entry is found) in CommonJS
  { entry: { index: 'src/index.ts' }, format: ['cjs'], dts: true, sourcemap: true, target: 'node20', define, shims: true, noExternal: ['p-limit', 'yocto-queue'] },
  { entry: { cli: 'src/cli/main.ts' }, format: ['esm'], sourcemap: true, target: 'node20', define, banner: { js: '#!/usr/bin/env node' } },
  // the `browser`/`worker` conditions, fr2en/worker, fr2en/worker-host, fr2en/web: the browser platform swapped in;
  // dependencies stay external (the app's bundler resolves transformers.js to its web build) except
  // @sctg/sentencepiece-js, bundled with its top-level `fs` import stubbed
  {
    entry: { ...BROWSER_ENTRIES },
    outDir: 'dist/browser',
    format: ['esm'],
    dts: true,
    sourcemap: true,
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    define,
    noExternal: ['@sctg/sentencepiece-js'],
    esbuildPlugins: [browserPlugin()],
  },
]);
