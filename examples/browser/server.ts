/**
 * A tiny static server for the browser demo and the Chromium tests, on 127.0.0.1:
 * - `/` → examples/browser/ (the demo page), `/dist/` → the self-contained bundles (`npm run build:browser`),
 *   `/ort/` → ONNX Runtime's WASM pair, `/models/` → a models folder (default: the test fixtures),
 *   `/test/` → test/browser/pages/.
 * Sends Content-Type and Content-Length (transformers.js reads it for progress) and answers HEAD.
 * `isolated` adds COOP/COEP/CORP so the page is cross-origin isolated (WASM threads).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.map': 'application/json',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ServeOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** Models folder served at /models/. @default test/fixtures/models */
  modelsDir?: string;
  /** Send COOP/COEP/CORP headers (cross-origin isolation: WASM threads). @default false */
  isolated?: boolean;
  /** Folder of the built bundles. @default examples/browser/dist */
  distDir?: string;
}

/** Starts the server; resolves with its origin (`http://127.0.0.1:<port>`) and a `close()`. */
export async function startServer(options: ServeOptions = {}): Promise<{ origin: string; server: Server; close(): Promise<void> }> {
  const dist = options.distDir ?? path.join(ROOT, 'examples/browser/dist');
  const mounts: [string, string][] = [
    ['/dist/', dist],
    ['/ort/', path.join(dist, 'ort')],
    ['/models/', options.modelsDir ?? path.join(ROOT, 'test/fixtures/models')],
    ['/test/', path.join(ROOT, 'test/browser/pages')],
    ['/seeds/', path.join(ROOT, 'seeds')],
    ['/', path.join(ROOT, 'examples/browser')],
  ];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const pathname = decodeURIComponent(url.pathname);
    const mount = mounts.find(([prefix]) => pathname.startsWith(prefix))!;
    let file = path.join(mount[1], pathname.slice(mount[0].length));
    if (!file.startsWith(mount[1])) return void res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
    } catch {
      // missing: 404 below
    }
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
    const headers: Record<string, string | number> = {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-cache',
    };
    if (options.isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
