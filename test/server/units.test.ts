/** The server's small parts: the bounded work queue, API keys, the rate limiter, the Prometheus text, the env reader, LibreTranslate's line joining. */
import { describe, expect, it } from 'vitest';
import { ApiKeys, RateLimiter } from '../../src/server/auth.js';
import { serverOptionsFromEnv } from '../../src/server/config.js';
import { joinLines } from '../../src/server/libretranslate.js';
import { Counter, Histogram } from '../../src/server/metrics.js';
import { QueueFullError, WorkQueue } from '../../src/server/work-queue.js';

describe('WorkQueue', () => {
  it('runs at most maxConcurrent, queues maxQueue, refuses the next', async () => {
    const q = new WorkQueue(1, 1);
    let release!: () => void;
    const first = q.run(() => new Promise<string>((r) => (release = () => r('first'))));
    const second = q.run(async () => 'second');
    expect([q.running, q.depth]).toEqual([1, 1]);
    await expect(q.run(async () => 'third')).rejects.toBeInstanceOf(QueueFullError);
    release();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect([q.running, q.depth]).toEqual([0, 0]);
  });

  it('a waiting job whose signal aborts leaves the queue', async () => {
    const q = new WorkQueue(1, 5);
    let release!: () => void;
    const first = q.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiting = q.run(async () => 'never', controller.signal);
    expect(q.depth).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'ABORTED' });
    expect(q.depth).toBe(0);
    release();
    await first;
    expect(q.running).toBe(0);
  });
});

describe('auth', () => {
  it('ApiKeys accepts only listed keys', () => {
    const keys = new ApiKeys(['alpha', 'beta']);
    expect([keys.has('alpha'), keys.has('beta'), keys.has('alph'), keys.has('')]).toEqual([true, true, false, false]);
    expect(() => new ApiKeys([])).toThrow(/at least one/);
  });

  it('RateLimiter allows `limit` per moving minute per client, batches cost their size', () => {
    const limiter = new RateLimiter(3);
    expect([limiter.take('a', 1, 0), limiter.take('a', 2, 1000), limiter.take('a', 1, 2000), limiter.take('b', 1, 2000)]).toEqual([true, true, false, true]);
    expect(limiter.take('a', 1, 60_001)).toBe(true); // the first hit left the window
    expect(new RateLimiter(0).take('a', 1000)).toBe(true);
  });
});

describe('metrics text', () => {
  it('counters and cumulative histograms in the exposition format, label values escaped', () => {
    const c = new Counter('x_total', 'help');
    c.inc({ route: 'a"b\\c' }, 2);
    expect(c.render()).toBe('# HELP x_total help\n# TYPE x_total counter\nx_total{route="a\\"b\\\\c"} 2');
    const h = new Histogram('d_seconds', 'h', [0.1, 1]);
    h.observe({ r: 'x' }, 0.05);
    h.observe({ r: 'x' }, 0.5);
    expect(h.lines()).toEqual([
      'd_seconds_bucket{le="0.1",r="x"} 1',
      'd_seconds_bucket{le="1",r="x"} 2',
      'd_seconds_bucket{le="+Inf",r="x"} 2',
      'd_seconds_sum{r="x"} 0.55',
      'd_seconds_count{r="x"} 2',
    ]);
  });
});

describe('config and LibreTranslate details', () => {
  it('reads FR2EN_* variables, numbers checked', () => {
    expect(serverOptionsFromEnv({ FR2EN_PORT: '8080', FR2EN_MODEL: 'm', FR2EN_REQUIRE_API_KEY: '0', FR2EN_OFFLINE: '1' })).toEqual({
      port: 8080, model: 'm', requireApiKey: false, allowRemote: false,
    });
    expect(() => serverOptionsFromEnv({ FR2EN_MAX_QUEUE: 'lots' })).toThrow(/FR2EN_MAX_QUEUE/);
  });

  it("joins form lines like Python's splitlines: CRLF → LF, one trailing newline dropped", () => {
    expect(joinLines('a\r\nb\n')).toBe('a\nb');
    expect(joinLines('a\n\n')).toBe('a\n');
    expect(joinLines('')).toBe('');
  });
});
