/**
 * A 10 MB French text through the API (streamed) and through the CLI, on the tiny fixture
 * model with 2 generated tokens per sentence, to show that memory stays bounded and every
 * sentence comes back. Reports sentences, time and peak RSS.
 *
 *   npx tsx scripts/diagnostics/soak-10mb.ts [--api-only | --cli-only]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTranslator, segment } from '../../src/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const model = path.join(ROOT, 'test/fixtures/models/marian-tiny');
const dev = path.resolve(ROOT, '../shared/data/segmentation-dev.jsonl');
const source = existsSync(dev)
  ? readFileSync(dev, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text).join('\n\n')
  : readFileSync(path.join(ROOT, 'seeds/kazakhstan-2022-fr.txt'), 'utf8');
let text = '';
while (text.length < 10_000_000) text += `${source}\n\n`;
const expected = segment(text).length;
console.log(`input: ${(text.length / 1e6).toFixed(1)} M characters, ${expected} sentences`);

const only = process.argv.includes('--cli-only') ? 'cli' : process.argv.includes('--api-only') ? 'api' : 'both';
if (only !== 'cli') await viaApi();
if (only !== 'api') viaCli();

async function viaApi(): Promise<void> {
const translator = createTranslator({ model, allowRemote: false });
const t0 = performance.now();
let seen = 0;
let lastProgress = 0;
for await (const s of translator.translateStream(text, {
  batchSize: 64,
  maxBatchTokens: 8192,
  generation: { maxNewTokens: 2 },
  onProgress: (e) => {
    if (e.type === 'sentence') lastProgress = e.done;
  },
})) {
  if (s.index !== seen) throw new Error(`out of order: ${s.index} after ${seen - 1}`);
  seen++;
}
await translator.dispose();
console.log(
  `API: ${seen}/${expected} sentences streamed in order (progress reached ${lastProgress}), ${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
    `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
}

function viaCli(): void {
const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-soak-'));
const file = path.join(dir, 'big.txt');
writeFileSync(file, text);
const cli = ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'translate', file, '--model', model, '--batch-size', '64', '--max-new-tokens', '2'];
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const t1 = performance.now();
const run = timeBin
  ? spawnSync(timeBin, ['-f', '%M', process.execPath, ...cli], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 })
  : spawnSync(process.execPath, cli, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
const seconds = ((performance.now() - t1) / 1000).toFixed(1);
const rssKb = timeBin ? Number(run.stderr.trim().split('\n').at(-1)) : NaN;
console.log(
  `CLI: exit ${run.status}, ${run.stdout.length} characters of English on stdout, ${seconds} s` +
    (Number.isFinite(rssKb) ? `, peak RSS ${Math.round(rssKb / 1024)} MB` : ''),
);
rmSync(dir, { recursive: true, force: true });
}
