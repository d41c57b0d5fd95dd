/**
 * The BullMQ queue on a real Redis (Debian's redis-server, spawned here): idempotent ids, retries
 * with backoff, poisoned documents, two worker processes sharing 50 documents, a killed worker's job
 * finishing on another, and POST/GET /v1/jobs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError, createTranslator, type Translator } from '../../src/index.js';
import { createJobClient, startWorker, type JobClient, type JobReport } from '../../src/queue/index.js';
import { serve } from '../../src/server/index.js';
import { MARIAN_MEMO, MEMO_PAIRS, ROOT } from '../helpers.js';
import { startRedis, type TestRedis } from '../../scripts/lib/redis.js';
import { requireService } from '../helpers/services.js';

/** Debian's redis-server: without it these tests are skipped with one line (they fail in CI, FR2EN_REQUIRE_SERVICES=1). */
const redisServer = requireService('redis-server');

let redis: TestRedis;
const real = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
beforeAll(async () => {
  if (redisServer.available) redis = await startRedis({ binary: redisServer.path });
}, 20_000);
afterAll(async () => {
  await real.dispose();
  await redis?.stop();
});

let queues = 0;
const queueName = () => `test${++queues}`;

async function waitFor(client: JobClient, ids: string[], timeoutMs = 80_000): Promise<JobReport[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reports = await Promise.all(ids.map((id) => client.get(id)));
    if (reports.every((r) => r && (r.status === 'completed' || r.status === 'failed'))) return reports as JobReport[];
    if (Date.now() > deadline) throw new Error(`jobs not finished: ${JSON.stringify(reports.map((r) => r?.status))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A worker process (`fr2en worker`); its stdout events are parsed. */
function workerProcess(redisUrl: string, queue: string, extra: string[] = []) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'worker', '--redis', redisUrl, '--queue', queue, '--model', MARIAN_MEMO, '--offline', '--threads', '1', '--no-cache', ...extra],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const events: Array<{ event: string; id?: string; pid: number }> = [];
  let buffer = '';
  child.stdout!.on('data', (d) => {
    buffer += d;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const until = async (check: () => boolean, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`worker events: ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child: child as ChildProcess, events, exited, until };
}

const doc = (i: number) => `${MEMO_PAIRS[i % MEMO_PAIRS.length]!.fr} ${MEMO_PAIRS[(i + 1 + Math.floor(i / MEMO_PAIRS.length)) % MEMO_PAIRS.length]!.fr}`;
const english = (i: number) => `${MEMO_PAIRS[i % MEMO_PAIRS.length]!.en} ${MEMO_PAIRS[(i + 1 + Math.floor(i / MEMO_PAIRS.length)) % MEMO_PAIRS.length]!.en}`;

describe.skipIf(!redisServer.available)('submitting and reading jobs', () => {
  it('the same document gets the same id and is queued once; results read as translate --json', async () => {
    const queue = queueName();
    const client = createJobClient({ redis: redis.url, queueName: queue });
    const outDir = mkdtempSync(path.join(tmpdir(), 'fr2en-out-'));
    try {
      const [a] = await client.submit([{ text: doc(0), file: 'a.txt' }]);
      const [b] = await client.submit([{ text: doc(0), file: 'b.txt' }]);
      expect(b!.id).toBe(a!.id);
      expect([a!.duplicate, b!.duplicate]).toEqual([false, true]);
      expect(a!.id).toMatch(/^doc-[0-9a-f]{40}$/);
      expect((await client.get(a!.id))!.status).toBe('waiting');
      expect(await client.counts()).toMatchObject({ waiting: 1 });
      const worker = startWorker({ redis: redis.url, queueName: queue, translator: real, outDir });
      const [report] = await waitFor(client, [a!.id]);
      await worker.close();
      expect(report).toMatchObject({ id: a!.id, status: 'completed', file: 'a.txt' });
      expect(Object.keys(report!.result!)).toEqual(['text', 'sentences', 'warnings', 'model', 'flagCounts']);
      expect(report!.result!.text).toBe(english(0));
      expect(JSON.parse(readFileSync(path.join(outDir, `${a!.id}.json`), 'utf8'))).toEqual(report!.result);
      expect(await client.get('doc-nope')).toBeUndefined();
      await expect(client.submit([{ text: 'x', id: '123' }])).rejects.toThrow(/job id/);
    } finally {
      await client.close();
    }
  });

  it('a .docx travels in base64 and comes back as a translated .docx (result.document)', async () => {
    const queue = queueName();
    const client = createJobClient({ redis: redis.url, queueName: queue });
    try {
      const docx = readFileSync(path.join(ROOT, 'test', 'fixtures', 'docx', 'article.docx'));
      const [job] = await client.submit([{ base64: docx.toString('base64'), file: 'article.docx' }]);
      await expect(client.submit([{ text: 'x', base64: 'eA==' }])).rejects.toThrow(/not both/);
      const worker = startWorker({ redis: redis.url, queueName: queue, translator: real });
      const [report] = await waitFor(client, [job!.id]);
      await worker.close();
      expect(report).toMatchObject({ status: 'completed', file: 'article.docx' });
      const out = new Uint8Array(Buffer.from(report!.result!.document!, 'base64'));
      const documentXml = strFromU8(unzipSync(out)['word/document.xml']!);
      // the English of a memo pair the fixture holds is in the translated document
      expect(MEMO_PAIRS.some((p) => report!.result!.text.includes(p.en) && documentXml.includes(p.en.split(' ').slice(0, 3).join(' ')))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('a poisoned document lands in the failed set with its code, without retries', async () => {
    const queue = queueName();
    const client = createJobClient({ redis: redis.url, queueName: queue, attempts: 3, backoffMs: 50 });
    const worker = startWorker({ redis: redis.url, queueName: queue, translator: real, maxChars: 100 });
    try {
      const [poison, fine] = await client.submit([{ text: 'Il pleut. '.repeat(20) }, { text: doc(1) }]);
      const [p, f] = await waitFor(client, [poison!.id, fine!.id]);
      expect(p).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INPUT' } });
      expect(p!.error!.message).toMatch(/limit \(100\)/);
      expect(f).toMatchObject({ status: 'completed' });
    } finally {
      await worker.close();
      await client.close();
    }
  });

  it('a failing model is retried with backoff, then the job fails with the error code', async () => {
    const queue = queueName();
    let calls = 0;
    const flaky: Translator = {
      ...real,
      model: real.model,
      load: (o) => real.load(o),
      translate: async (input, o) => {
        calls++;
        if (calls === 1 || input === 'Toujours en panne.') throw new BackendError('the runtime crashed');
        return real.translate(input, o);
      },
    };
    const client = createJobClient({ redis: redis.url, queueName: queue, attempts: 2, backoffMs: 50 });
    const worker = startWorker({ redis: redis.url, queueName: queue, translator: flaky });
    try {
      const [once] = await client.submit([{ text: doc(2) }]);
      const [recovered] = await waitFor(client, [once!.id]);
      expect(recovered).toMatchObject({ status: 'completed', attempts: 2 });
      const [always] = await client.submit([{ text: 'Toujours en panne.' }]);
      const [failed] = await waitFor(client, [always!.id]);
      expect(failed).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'BACKEND', message: 'the runtime crashed' } });
    } finally {
      await worker.close();
      await client.close();
    }
  });

  it('POST /v1/jobs and GET /v1/jobs/:id on a server started with redis', async () => {
    const queue = queueName();
    const server = await serve({ port: 0, translator: real, log: false, redis: redis.url, queueName: queue });
    const worker = startWorker({ redis: redis.url, queueName: queue, translator: real });
    try {
      const res = await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: doc(3), id: 'article-3' }) });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ id: 'article-3', duplicate: false });
      let report: JobReport;
      do {
        await new Promise((r) => setTimeout(r, 100));
        report = (await (await fetch(`${server.url}/v1/jobs/article-3`)).json()) as JobReport;
      } while (report.status !== 'completed' && report.status !== 'failed');
      expect(report.result!.text).toBe(english(3));
      expect((await fetch(`${server.url}/v1/jobs/unknown-id`)).status).toBe(404);
    } finally {
      await worker.close();
      await server.shutdown();
    }
  });
});

describe.skipIf(!redisServer.available)('worker processes', () => {
  it('two workers share 50 documents, each translated exactly once', async () => {
    const queue = queueName();
    const workers = [workerProcess(redis.url, queue), workerProcess(redis.url, queue)];
    const client = createJobClient({ redis: redis.url, queueName: queue });
    try {
      await Promise.all(workers.map((w) => w.until(() => w.events.some((e) => e.event === 'ready'))));
      const submitted = await client.submit(Array.from({ length: 50 }, (_, i) => ({ text: doc(i), file: `doc${i}.txt` })));
      expect(new Set(submitted.map((s) => s.id)).size).toBe(50);
      const reports = await waitFor(client, submitted.map((s) => s.id));
      expect(reports.map((r) => r.result?.text)).toEqual(Array.from({ length: 50 }, (_, i) => english(i)));
      const completed = workers.flatMap((w) => w.events.filter((e) => e.event === 'completed').map((e) => e.id));
      expect(completed.sort()).toEqual(submitted.map((s) => s.id).sort());
      const split = workers.map((w) => w.events.filter((e) => e.event === 'completed').length);
      console.log(`two workers: ${split.join(' + ')} documents`);
      expect(split.every((n) => n > 0)).toBe(true);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
      await client.close();
    }
  }, 120_000);

  it('a worker killed mid-job does not lose it: the job completes on another worker', async () => {
    const queue = queueName();
    const fast = ['--lock-duration', '2000', '--stalled-interval', '1000'];
    const a = workerProcess(redis.url, queue, fast);
    const client = createJobClient({ redis: redis.url, queueName: queue });
    let b: ReturnType<typeof workerProcess> | undefined;
    try {
      await a.until(() => a.events.some((e) => e.event === 'ready'));
      const text = Array.from({ length: 30 }, () => MEMO_PAIRS.map((p) => p.fr).join(' ')).join('\n\n');
      const [job] = await client.submit([{ text }]);
      await a.until(() => a.events.some((e) => e.event === 'active'));
      a.child.kill('SIGKILL');
      await a.exited;
      expect(a.events.some((e) => e.event === 'completed')).toBe(false);
      b = workerProcess(redis.url, queue, fast);
      const [report] = await waitFor(client, [job!.id]);
      expect(report!.status).toBe('completed');
      expect(report!.result!.sentences).toHaveLength(30 * MEMO_PAIRS.length);
      expect(report!.result!.sentences.every((s, i) => s.translation === MEMO_PAIRS[i % MEMO_PAIRS.length]!.en)).toBe(true);
      expect(b.events.filter((e) => e.event === 'completed').map((e) => e.id)).toEqual([job!.id]);
    } finally {
      a.child.kill('SIGKILL');
      b?.child.kill('SIGTERM');
      await b?.exited;
      await client.close();
    }
  }, 120_000);
});
