/**
 * `npm run demo`: builds the browser bundles and serves the demo on http://127.0.0.1:<port>/
 * with local models (default: the test fixtures marian-memo + bart-tiny; `--models <dir>` for a
 * folder laid out as `<org>/<name>/`, e.g. the one `fr2en models pull` writes) and ONNX Runtime's
 * WASM files. `--port <n>` (default 8080), `--isolated` for COOP/COEP (WASM threads).
 * Pass `--model` / `--summary-model` to choose the models the page asks for.
 */
import path from 'node:path';
import { buildStandalone } from '../../scripts/build/browser-build.js';
import { startServer } from './server.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const modelsDir = flag('--models');
const model = flag('--model') ?? (modelsDir ? 'Xenova/opus-mt-fr-en' : 'marian-memo');
const summaryModel = flag('--summary-model') ?? (modelsDir ? 'Xenova/distilbart-cnn-6-6' : 'bart-tiny');

const root = path.resolve(import.meta.dirname, '../..');
await buildStandalone(path.join(root, 'examples/browser/dist'));
const { origin } = await startServer({
  port: Number(flag('--port') ?? 8080),
  isolated: args.includes('--isolated'),
  ...(modelsDir ? { modelsDir: path.resolve(modelsDir) } : {}),
});
console.log(`fr2en demo: ${origin}/?model=${encodeURIComponent(model)}&summaryModel=${encodeURIComponent(summaryModel)}  (Ctrl-C to stop)`);
