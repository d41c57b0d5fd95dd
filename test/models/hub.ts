/**
 * A stand-in for the Hugging Face hub on 127.0.0.1, serving the fixture models under the
 * default ids the way the hub does (LFS files: HEAD answers 302 with `x-linked-size` and
 * `x-linked-etag` = sha256; small files: 200 with `etag`), honouring `Range`, and misbehaving
 * on request: cut a body midway, answer slowly, never answer, answer 500 first, serve wrong bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { BART_TINY, FIXTURES } from '../helpers.js';

/** marian-spm has the real opus-mt-fr-en layout, Marian's source.spm/target.spm/vocab.json included. */
export const HUB_FOLDERS: Record<string, string> = {
  'Xenova/opus-mt-fr-en': path.join(FIXTURES, 'marian-spm'),
  'Xenova/distilbart-cnn-6-6': BART_TINY,
};

/** How the hub misbehaves for a file (matched by suffix of the file name), consumed as it happens. */
export interface Misbehaviour {
  /** Send this many bytes of the body, then destroy the socket (next GETs behave). */
  cutAt?: number;
  /** Answer 500 this many times first. */
  fail500?: number;
  /** Never answer (keep the socket open). */
  hang?: boolean;
  /** Send bytes with this many ms between 16 KB chunks. */
  slowMs?: number;
  /** Serve other bytes of the same size this many times (a corrupt file). */
  corrupt?: number;
  /** Serve this many extra bytes this many times (a wrong-sized file; HEAD still says the right size). */
  extra?: number;
}

/** A request the hub saw. */
export interface HubRequest {
  method: string;
  url: string;
  range: string | undefined;
  status: number;
}

/** The running hub. */
export interface Hub {
  url: string;
  requests: HubRequest[];
  /** Misbehaviours by file name (`onnx/encoder_model.onnx`, …). */
  plan: Map<string, Misbehaviour>;
  /** The bytes the hub serves for `id`/`file`. */
  bytes(id: string, file: string): Buffer;
  close(): Promise<void>;
}

function fileOf(id: string, file: string): string | undefined {
  const folder = HUB_FOLDERS[id];
  if (!folder) return undefined;
  // the fixtures ship fp32 only: serve it for the int8 names too (this tests transport, not weights)
  const full = path.join(folder, file.replace('_quantized.onnx', '.onnx'));
  return existsSync(full) ? full : undefined;
}

/** Starts the hub on a free port of 127.0.0.1. */
export async function startHub(): Promise<Hub> {
  const requests: HubRequest[] = [];
  const plan = new Map<string, Misbehaviour>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const record = (status: number) => requests.push({ method: req.method ?? '', url: req.url ?? '', range: req.headers.range, status });
    const url = decodeURIComponent(req.url ?? '');
    const lfs = /^\/lfs\/([^/]+\/[^/]+)\/(.+)$/.exec(url);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url);
    const m = lfs ?? resolve;
    const full = m ? fileOf(m[1]!, m[2]!) : undefined;
    if (!m || !full) {
      record(404);
      res.writeHead(404).end('not found');
      return;
    }
    const file = m[2]!;
    const isLfs = file.endsWith('.onnx') || file.endsWith('.spm');
    let body = readFileSync(full);
    const sha = createHash('sha256').update(body).digest('hex');
    if (resolve && isLfs) {
      // the hub: LFS files redirect to a CDN; the redirect carries the size and sha256
      record(302);
      res.writeHead(302, { location: `/lfs/${m[1]}/${file}`, 'x-linked-size': String(body.length), 'x-linked-etag': `"${sha}"`, 'content-length': '0' }).end();
      return;
    }
    const misbehave = [...plan.entries()].find(([name]) => file === name)?.[1];
    if (req.method === 'HEAD') {
      record(200);
      res.writeHead(200, { 'content-length': body.length, etag: `"${createHash('sha1').update(body).digest('hex')}"` }).end();
      return;
    }
    if (misbehave?.hang) {
      record(0);
      return; // never answer
    }
    if (misbehave?.fail500) {
      misbehave.fail500--;
      record(500);
      res.writeHead(500).end('busy');
      return;
    }
    if (misbehave?.corrupt) {
      misbehave.corrupt--;
      body = Buffer.from(body.map((b) => b ^ 0xff));
    } else if (misbehave?.extra) {
      body = Buffer.concat([body, Buffer.alloc(misbehave.extra, 1)]);
      misbehave.extra = 0;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      start = Number(range[1]);
      if (start >= body.length) {
        record(416);
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      record(206);
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
    } else {
      record(200);
      res.writeHead(200, { 'content-length': body.length });
    }
    const rest = body.subarray(start);
    const cutAt = misbehave?.cutAt;
    if (cutAt !== undefined) {
      misbehave!.cutAt = undefined;
      res.write(rest.subarray(0, cutAt), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (misbehave?.slowMs) {
      let at = 0;
      const tick = () => {
        if (at >= rest.length) return void res.end();
        res.write(rest.subarray(at, at + 16_384));
        at += 16_384;
        setTimeout(tick, misbehave.slowMs);
      };
      tick();
      return;
    }
    res.end(rest);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    plan,
    bytes: (id, file) => readFileSync(fileOf(id, file)!),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A forward proxy on 127.0.0.1 (absolute-form requests and CONNECT tunnels), counting what it carries. */
export async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    sockets.add(client);
    sockets.add(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
