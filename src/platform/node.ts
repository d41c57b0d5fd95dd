/**
 * The Node implementation of {@link Platform}: the only file of fr2en's library (the CLI aside)
 * that imports Node built-ins.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, freemem, homedir, hostname, totalmem } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { readEnv, readProxyEnv, readVariable } from './env.js';
import type { HttpResponse, Platform } from './types.js';

/** One proxy-aware dispatcher per timeout pair (undici reads HTTP(S)_PROXY/NO_PROXY when it is made). */
const dispatchers = new Map<string, Dispatcher>();
function dispatcherFor(connectTimeoutMs: number, idleTimeoutMs: number): Dispatcher {
  const proxy = readProxyEnv(process.env);
  const key = `${connectTimeoutMs}/${idleTimeoutMs}/${proxy.https ?? ''}/${proxy.http ?? ''}/${proxy.noProxy ?? ''}`;
  let d = dispatchers.get(key);
  if (!d) {
    d = new EnvHttpProxyAgent({ connect: { timeout: connectTimeoutMs }, headersTimeout: idleTimeoutMs, bodyTimeout: idleTimeoutMs });
    dispatchers.set(key, d);
  }
  return d;
}

function streamOf(body: ReadableStream<Uint8Array>, onChunk?: (bytes: number) => void): { source: Readable; written: () => number } {
  let written = 0;
  const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
  source.on('data', (chunk: Buffer) => {
    written += chunk.length;
    onChunk?.(chunk.length);
  });
  return { source, written: () => written };
}

const expandHome = (p: string) => (p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p);

/** Node.js: `node:fs`, `node:path`, `node:os`, `process.env`. */
export const nodePlatform: Platform = {
  name: 'node',
  path: {
    join: (...parts) => path.join(...parts),
    resolve: (...parts) => path.resolve(...parts.map(expandHome)),
    dirname: (p) => path.dirname(p),
    basename: (p) => path.basename(p),
    isAbsolute: (p) => path.isAbsolute(p),
  },
  env: () => readEnv(process.env),
  cpuCount: () => availableParallelism(),
  // os.freemem() is MemAvailable on Linux (libuv), so page cache counts as available
  memory: () => ({ totalMb: Math.round(totalmem() / 2 ** 20), availableMb: Math.round(freemem() / 2 ** 20) }),
  fileSize(file) {
    try {
      const s = statSync(file);
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  },
  exists: (p) => existsSync(p),
  isDirectory(p) {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  readText: (file) => readFileSync(file, 'utf8'),
  readBytes: (file) => new Uint8Array(readFileSync(file)),
  async writeStream(file, body, options = {}) {
    mkdirSync(path.dirname(file), { recursive: true });
    const part = `${file}.part`;
    const { source, written } = streamOf(body, options.onChunk);
    try {
      await pipeline(source, createWriteStream(part), options.signal ? { signal: options.signal } : {});
    } catch (error) {
      rmSync(part, { force: true });
      throw error;
    }
    renameSync(part, file);
    return written();
  },
  async http(url, options) {
    const response = await undiciFetch(url, {
      method: options.method ?? 'GET',
      headers: options.headers ?? {},
      redirect: options.redirect ?? 'follow',
      dispatcher: dispatcherFor(options.connectTimeoutMs, options.idleTimeoutMs),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return response as unknown as HttpResponse;
  },
  async appendStream(file, body, options = {}) {
    mkdirSync(path.dirname(file), { recursive: true });
    const { source, written } = streamOf(body, options.onChunk);
    await pipeline(source, createWriteStream(file, { flags: 'a' }), options.signal ? { signal: options.signal } : {});
    return written();
  },
  async sha256File(file, signal) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash, signal ? { signal } : {});
    return hash.digest('hex');
  },
  mkdirp: (dir) => void mkdirSync(dir, { recursive: true }),
  rename: (from, to) => renameSync(from, to),
  remove: (p) => rmSync(p, { recursive: true, force: true }),
  writeTextAtomic(file, text) {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  },
  listDir(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  createExclusive(file, text) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, text, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  },
  mtimeMs(file) {
    try {
      return statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
  },
  touch(file) {
    const now = new Date();
    try {
      utimesSync(file, now, now);
    } catch {
      // gone: nothing to refresh
    }
  },
  processId: () => ({ pid: process.pid, host: hostname() }),
  processAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  cacheHome() {
    const xdg = readEnv(process.env).xdgCacheHome;
    if (xdg) return path.resolve(expandHome(xdg));
    if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Caches');
    if (process.platform === 'win32') return readVariable(process.env, 'LOCALAPPDATA') ?? path.join(homedir(), 'AppData', 'Local');
    return path.join(homedir(), '.cache');
  },
  homeDir: () => homedir(),
};
