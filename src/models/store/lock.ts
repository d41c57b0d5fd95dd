/**
 * A lock file per model, so that several processes filling one cache take turns: the holder
 * writes its pid and host and refreshes the file's time while it works; a lock whose process
 * is gone (same host) or that was not refreshed for `staleMs` is taken over.
 */
import { AbortError } from '../../errors.js';
import { platform } from '../../platform/index.js';
import { sleep } from './net.js';

/** Runs `fn` holding the lock `file`; `onWait` is called once if another process holds it. */
export async function withLock<T>(
  file: string,
  fn: () => Promise<T>,
  options: { signal?: AbortSignal; staleMs?: number; pollMs?: number; onWait?: (holder: string) => void } = {},
): Promise<T> {
  const staleMs = options.staleMs ?? 60_000;
  const me = platform.processId();
  let waited = false;
  for (;;) {
    if (platform.createExclusive(file, JSON.stringify({ ...me, at: Date.now() }))) break;
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(platform.readText(file)) as typeof holder;
    } catch {
      // being written, or garbage: judged by its age below
    }
    const age = Date.now() - (platform.mtimeMs(file) ?? Date.now());
    const dead = holder.host === me.host && typeof holder.pid === 'number' && holder.pid !== me.pid && !platform.processAlive(holder.pid);
    if (dead || age > staleMs) {
      platform.remove(file);
      continue;
    }
    if (!waited) {
      waited = true;
      options.onWait?.(holder.pid ? `process ${holder.pid}` : 'another process');
    }
    try {
      await sleep(options.pollMs ?? 200, options.signal);
    } catch {
      throw new AbortError(undefined, { cause: options.signal?.reason });
    }
  }
  const refresh = setInterval(() => platform.touch(file), Math.max(1000, staleMs / 3));
  (refresh as { unref?: () => void }).unref?.();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    platform.remove(file);
  }
}
