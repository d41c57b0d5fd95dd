/**
 * The Node implementation of {@link Platform}: the only file of fr2en's library (the CLI aside)
 * that imports Node built-ins.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, freemem, homedir, totalmem } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { readEnv } from './env.js';
import type { Platform } from './types.js';

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
    let written = 0;
    const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
    source.on('data', (chunk: Buffer) => {
      written += chunk.length;
      options.onChunk?.(chunk.length);
    });
    try {
      await pipeline(source, createWriteStream(part), options.signal ? { signal: options.signal } : {});
    } catch (error) {
      rmSync(part, { force: true });
      throw error;
    }
    renameSync(part, file);
    return written;
  },
};
