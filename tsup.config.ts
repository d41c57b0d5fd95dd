import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __FR2EN_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig([
  { entry: { index: 'src/index.ts' }, format: ['esm'], dts: true, sourcemap: true, target: 'node20', define },
  // p-limit is ESM-only: bundle it into the CommonJS build so `require('fr2en')` works on every Node 20
  { entry: { index: 'src/index.ts' }, format: ['cjs'], dts: true, sourcemap: true, target: 'node20', define, noExternal: ['p-limit', 'yocto-queue'] },
  // the HTTP server and the job queue: `fr2en/server`, `fr2en/queue` (ESM)
  { entry: { server: 'src/server/index.ts', queue: 'src/queue/index.ts' }, format: ['esm'], dts: true, sourcemap: true, target: 'node20', define },
  { entry: { cli: 'src/cli/main.ts' }, format: ['esm'], sourcemap: true, target: 'node20', define, banner: { js: '#!/usr/bin/env node' } },
]);
