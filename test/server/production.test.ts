/**
 * Production behaviour: API keys, limits, the bounded queue (503 + Retry-After), timeouts and
 * disconnects aborting the work, graceful SIGTERM of `fr2en serve`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, createTranslator, type Translator } from '../../src/index.js';
import { serve, type RunningServer } from '../../src/server/index.js';
import { MARIAN_MEMO, MEMO_PAIRS, ROOT } from '../helpers.js';

const real = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
afterAll(() => real.dispose());

/** The real translator behind a gate: calls wait until `open()` (or their signal aborts); their signals are kept. */
function gated(): Translator & { signals: AbortSignal[]; open(): void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const signals: AbortSignal[] = [];
  const wait = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal) signals.push(signal);
      signal?.addEventListener('abort', () => reject(new AbortError(undefined, { cause: signal.reason })), { once: true });
      void gate.then(resolve);
    });
  return {
    model: real.model,
    signals,
    open,
    load: (o) => real.load(o),
    dispose: async () => {},
    translateStream: (input, o) => real.translateStream(input, o),
    async translate(input, o) {
      await wait(o?.signal);
      return real.translate(input, o);
    },
  };
}

const j = (res: Response): Promise<any> => res.json(); // eslint-disable-line @typescript-eslint/no-explicit-any
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const until = async (check: () => boolean, ms = 5000) => {
  for (let i = 0; i < ms / 10 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('API keys, rate limit and size limits', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-keys-'));
    writeFileSync(path.join(dir, 'keys'), '# keys\nsecret-one\nsecret-two\nsecret-three\n');
    server = await serve({
      port: 0, translator: real, log: false, apiKeys: path.join(dir, 'keys'), rateLimit: 4, charLimit: 40, batchLimit: 2, maxBodyBytes: 2000,
    });
  });
  afterAll(() => server.shutdown());
  const t = (body: Record<string, unknown>) => fetch(`${server.url}/translate`, json({ source: 'fr', target: 'en', ...body }));

  it('403 Invalid API key for a wrong key; 400 when a key is required and missing', async () => {
    let res = await t({ q: 'Bonjour.', api_key: 'secret-thr' });
    expect([res.status, await j(res)]).toEqual([403, { error: 'Invalid API key' }]);
    res = await t({ q: 'Bonjour.' });
    expect([res.status, await j(res)]).toEqual([400, { error: 'Please contact the server operator to get an API key' }]);
    expect((await j(await fetch(`${server.url}/frontend/settings`))).keyRequired).toBe(true);
  });

  it('char and batch limits give LibreTranslate messages', async () => {
    let res = await t({ q: 'x'.repeat(41), api_key: 'secret-one' });
    expect(await j(res)).toEqual({ error: 'Invalid request: request (41) exceeds text limit (40)' });
    res = await t({ q: ['a', 'b', 'c'], api_key: 'secret-one' });
    expect([res.status, await j(res)]).toEqual([400, { error: 'Invalid request: request (3) exceeds text limit (2)' }]);
  });

  it('413 for a body over the limit', async () => {
    const res = await t({ q: 'x'.repeat(3000), api_key: 'secret-one' });
    expect([res.status, await j(res)]).toEqual([413, { error: 'Request body too large (limit 2000 bytes)' }]);
  });

  it('429 Slowdown once a key is over its per-minute limit; another key still passes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t({ q: MEMO_PAIRS[0]!.fr, api_key: 'secret-two' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const res = await t({ q: MEMO_PAIRS[0]!.fr, api_key: 'secret-two' });
    expect(await j(res)).toEqual({ error: 'Slowdown: 4 per 1 minute' });
    expect((await t({ q: MEMO_PAIRS[0]!.fr, api_key: 'secret-three' })).status).toBe(200);
  });
});

describe('the bounded queue, timeouts and disconnects', () => {
  it('answers 503 with Retry-After when the queued sentences reach their bound, and serves the admitted requests after', async () => {
    const translator = gated();
    const server = await serve({ port: 0, translator, log: false, maxQueuedSentences: 2, retryAfter: 2 });
    try {
      const body = json({ q: MEMO_PAIRS[0]!.fr, source: 'fr', target: 'en' });
      const first = fetch(`${server.url}/translate`, body);
      await until(() => translator.signals.length === 1);
      const second = fetch(`${server.url}/translate`, body);
      await until(() => translator.signals.length === 2);
      const third = await fetch(`${server.url}/translate`, body);
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('2');
      expect((await j(third)).error).toMatch(/queue is full/);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^fr2en_queued_sentences 2$/m);
      translator.open();
      for (const res of await Promise.all([first, second])) expect(await j(res)).toEqual({ translatedText: MEMO_PAIRS[0]!.en });
    } finally {
      await server.shutdown();
    }
  });

  it('a client disconnect aborts the work', async () => {
    const translator = gated();
    const server = await serve({ port: 0, translator, log: false });
    try {
      const controller = new AbortController();
      const request = fetch(`${server.url}/translate`, { ...json({ q: MEMO_PAIRS[0]!.fr, source: 'fr', target: 'en' }), signal: controller.signal });
      await until(() => translator.signals.length === 1);
      expect(translator.signals[0]!.aborted).toBe(false);
      controller.abort();
      await expect(request).rejects.toThrow();
      await until(() => translator.signals[0]!.aborted);
      await until(() => server.server.inFlight === 0);
    } finally {
      await server.shutdown();
    }
  });

  it('a request over the timeout is aborted with 504', async () => {
    const translator = gated();
    const server = await serve({ port: 0, translator, log: false, timeoutMs: 200 });
    try {
      const res = await fetch(`${server.url}/v1/translate`, json({ text: 'Bonjour.' }));
      expect([res.status, (await j(res)).code]).toEqual([504, 'TIMEOUT']);
      expect(translator.signals[0]!.aborted).toBe(true);
    } finally {
      await server.shutdown();
    }
  });
});

describe('fr2en serve', () => {
  it('on SIGTERM stops accepting, finishes the request in flight, then exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve', '--port', '0', '--model', MARIAN_MEMO, '--offline', '--no-cache'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (d) => (log += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await until(() => /"msg":"ready"/.test(log), 40_000); // tsx and the model load: slow on a busy machine
      const url = /"url":"([^"]+)"/.exec(log)![1]!;
      // a long document: every memorised sentence 40 times
      const text = Array.from({ length: 40 }, () => MEMO_PAIRS.map((p) => p.fr).join(' ')).join('\n\n');
      const request = fetch(`${url}/v1/translate`, json({ text }));
      for (let i = 0; i < 500; i++) {
        if (/^fr2en_queue_running 1$/m.test(await (await fetch(`${url}/metrics`)).text())) break;
      }
      child.kill('SIGTERM');
      const res = await request;
      expect(res.status).toBe(200);
      const body = await j(res);
      expect(body.sentences).toHaveLength(40 * MEMO_PAIRS.length);
      expect(body.sentences.every((s: { translation: string }, i: number) => s.translation === MEMO_PAIRS[i % MEMO_PAIRS.length]!.en)).toBe(true);
      expect(await exited).toBe(0);
      // the shutdown began while the request was in flight
      const entries = log.trim().split('\n').map((l) => JSON.parse(l));
      const shutdown = entries.findIndex((e) => e.msg === 'shutdown');
      const done = entries.findIndex((e) => e.msg === 'request' && e.path === '/v1/translate');
      expect(entries[shutdown].inFlight).toBeGreaterThanOrEqual(1);
      expect(shutdown).toBeLessThan(done);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  it('on SIGTERM closes the translation cache: its counts are written and no write-ahead log is left to recover', async () => {
    const store = mkdtempSync(path.join(tmpdir(), 'fr2en-serve-cache-'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), '--cache-dir', store, 'serve', '--port', '0', '--model', MARIAN_MEMO, '--offline', '--cache'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FR2EN_TRANSLATION_CACHE: '' },
    });
    let log = '';
    child.stderr.on('data', (d) => (log += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const file = path.join(store, 'cache', 'translations.sqlite');
    try {
      await until(() => /"msg":"ready"/.test(log), 40_000);
      const url = /"url":"([^"]+)"/.exec(log)![1]!;
      const res = await fetch(`${url}/translate`, json({ q: MEMO_PAIRS[0]!.fr, source: 'fr', target: 'en' }));
      expect(await j(res)).toEqual({ translatedText: MEMO_PAIRS[0]!.en });
      expect(existsSync(`${file}-wal`)).toBe(true); // open, in write-ahead mode
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(`${file}-wal`)).toBe(false);
      const { default: Database } = (await import('better-sqlite3' as string)) as { default: new (f: string, o: object) => { prepare(s: string): { get(): unknown }; close(): void } };
      const db = new Database(file, { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) AS n FROM translations').get()).toEqual({ n: 1 });
        // the miss is counted in memory and written when the cache closes
        expect(db.prepare("SELECT value FROM counters WHERE name = 'misses'").get()).toEqual({ value: 1 });
      } finally {
        db.close();
      }
    } finally {
      child.kill('SIGKILL');
      rmSync(store, { recursive: true, force: true });
    }
  }, 90_000);
});
