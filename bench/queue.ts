/**
 * `npm run bench:queue`: documents per second through the BullMQ queue with 1 and 2 `fr2en worker`
 * processes, on a Redis spawned here (Debian's redis-server) and the marian-memo fixture (a tiny
 * Marian through the real transformers.js pipeline: it measures the queue and process overhead
 * plus a small model, not opus-mt's speed).
 *
 *   npm run bench:queue                    # 200 documents of 10 sentences, 1 then 2 workers
 *   npm run bench:queue -- --docs 100 --workers 1,2,4
 *
 * Writes bench/results/queue-<timestamp>.json with the machine, model and command.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJobClient } from '../src/queue/index.js';
import { startRedis } from '../scripts/lib/redis.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : fallback);
const docs = Number(arg('--docs', '200'));
const counts = arg('--workers', '1,2').split(',').map(Number);
const model = path.join(ROOT, 'test/fixtures/models/marian-memo');
const pairs: { fr: string }[] = JSON.parse(readFileSync(path.join(model, 'pairs.json'), 'utf8'));

/** Document i: 10 memorised sentences, distinct per i. */
const doc = (i: number) => Array.from({ length: 10 }, (_, k) => pairs[(i * 7 + k * (1 + (i % 5))) % pairs.length]!.fr).join(' ') + ` (${i})`;

const redis = await startRedis();
const runs: Array<{ workers: number; docs: number; seconds: number; docsPerSecond: number; split: number[] }> = [];
try {
  for (const n of counts) {
    const queue = `bench-${n}-${Date.now()}`;
    const events: string[][] = Array.from({ length: n }, () => []);
    const procs = Array.from({ length: n }, (_, w) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'worker', '--redis', redis.url, '--queue', queue, '--model', model, '--offline', '--threads', '1'],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      child.stdout.on('data', (d: Buffer) => events[w]!.push(...String(d).split('\n').filter(Boolean)));
      return child;
    });
    while (!events.every((e) => e.some((l) => l.includes('"ready"')))) await new Promise((r) => setTimeout(r, 50));
    const client = createJobClient({ redis: redis.url, queueName: queue });
    const started = performance.now();
    await client.submit(Array.from({ length: docs }, (_, i) => ({ text: doc(i) })));
    for (;;) {
      const c = await client.counts();
      if ((c.completed ?? 0) + (c.failed ?? 0) >= docs) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const split = events.map((e) => e.filter((l) => l.includes('"completed"')).length);
    runs.push({ workers: n, docs, seconds: Math.round(seconds * 100) / 100, docsPerSecond: Math.round((docs / seconds) * 10) / 10, split });
    console.log(`${n} worker(s): ${docs} documents in ${seconds.toFixed(2)} s = ${(docs / seconds).toFixed(1)} docs/s (split ${split.join('+')})`);
    await client.close();
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  }
} finally {
  await redis.stop();
}
const result = {
  date: new Date().toISOString(),
  command: argv.length ? `npm run bench:queue -- ${argv.join(' ')}` : 'npm run bench:queue',
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg() },
  model: 'test/fixtures/models/marian-memo (each worker: --threads 1)',
  document: '10 memorised sentences (~80 words)',
  runs,
};
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
const file = path.join(ROOT, 'bench/results', `queue-${result.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${path.relative(ROOT, file)}`);
