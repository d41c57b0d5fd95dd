/**
 * The browser (and Web Worker) implementation of {@link Platform}: no file system, so every
 * model is "remote" (fetched from the hub or `modelBaseUrl`, cached by the Cache API); paths are
 * POSIX-style URL paths; the environment is empty unless {@link setBrowserEnv} fills it.
 */
import { readEnv } from './env.js';
import type { Fr2enEnv, Platform } from './types.js';

let envVars: Record<string, string | undefined> = {};

/** Sets the variables `platform.env()` reads in a browser (there is no `process.env`), e.g. `{ FR2EN_OFFLINE: '1' }`. */
export function setBrowserEnv(vars: Readonly<Record<string, string | undefined>>): void {
  envVars = { ...vars };
}

function normalize(p: string): string {
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

function noFiles(what: string): never {
  throw new Error(`fr2en: ${what} is not available in a browser (no file system); load models by URL (modelBaseUrl) instead.`);
}

/** Browsers and Web Workers: no files, `navigator.hardwareConcurrency` cores. */
export const browserPlatform: Platform = {
  name: 'browser',
  path: {
    join: (...parts) => normalize(parts.filter((p) => p !== '').join('/')),
    resolve: (...parts) => {
      let out = '';
      for (const p of parts) out = p.startsWith('/') ? p : `${out}/${p}`;
      return normalize(out.startsWith('/') ? out : `/${out}`);
    },
    dirname: (p) => {
      const n = normalize(p);
      const i = n.lastIndexOf('/');
      return i <= 0 ? (n.startsWith('/') ? '/' : '.') : n.slice(0, i);
    },
    basename: (p) => normalize(p).split('/').pop() ?? '',
    isAbsolute: (p) => p.startsWith('/'),
  },
  env: (): Fr2enEnv => readEnv(envVars),
  cpuCount: () => (typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1),
  fileSize: () => undefined,
  exists: () => false,
  isDirectory: () => false,
  readText: () => noFiles('reading a file'),
  readBytes: () => noFiles('reading a file'),
  writeStream: () => Promise.reject(new Error('fr2en: writing files is not available in a browser (`fr2en models pull` is Node only).')),
  // fr2en's model store is Node's: in a browser transformers.js fetches by URL and caches with the Cache API
  memory: () => {
    const gb = typeof navigator !== 'undefined' ? Number((navigator as { deviceMemory?: number }).deviceMemory) : NaN;
    const totalMb = Number.isFinite(gb) && gb > 0 ? gb * 1024 : 4096;
    return { totalMb, availableMb: totalMb / 2 };
  },
  http: async (url, options) => {
    const res = await fetch(url, { ...(options.method ? { method: options.method } : {}), ...(options.headers ? { headers: options.headers } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    return { status: res.status, headers: res.headers, body: res.body };
  },
  appendStream: () => Promise.reject(new Error('fr2en: writing files is not available in a browser.')),
  sha256File: () => Promise.reject(new Error('fr2en: reading files is not available in a browser.')),
  mkdirp: () => noFiles('creating a folder'),
  rename: () => noFiles('renaming a file'),
  remove: () => noFiles('removing a file'),
  writeTextAtomic: () => noFiles('writing a file'),
  listDir: () => [],
  createExclusive: () => noFiles('creating a file'),
  mtimeMs: () => undefined,
  touch: () => noFiles('touching a file'),
  processId: () => ({ pid: 0, host: 'browser' }),
  processAlive: () => false,
  cacheHome: () => '/',
  homeDir: () => '/',
};
