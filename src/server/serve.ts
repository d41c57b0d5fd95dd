/** `serve()`: runs a {@link createServer} app on node's HTTP server, with graceful shutdown. */
import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';
import { createServer, type Fr2enServer } from './app.js';
import type { LogEntry, ServerOptions } from './config.js';

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:5000` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly server: Fr2enServer;
  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (up to
   * `shutdownGraceMs`, then their connections are closed), free the models.
   */
  shutdown(): Promise<void>;
}

/**
 * Starts the server and loads the model in the background (`/readyz` turns 200 when loaded).
 * With `handleSignals`, SIGTERM and SIGINT shut it down gracefully and exit the process.
 */
export async function serve(options: ServerOptions & { handleSignals?: boolean } = {}): Promise<RunningServer> {
  const log = options.log === false ? () => {} : (options.log ?? ((e: LogEntry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', ...e })}\n`)));
  const server = createServer({ ...options, log });
  const host = options.host ?? '127.0.0.1';
  const node = serveNode({ fetch: server.fetch, hostname: host, port: options.port ?? 5000 });
  await new Promise<void>((resolve, reject) => {
    node.once('listening', resolve);
    node.once('error', reject);
  });
  const port = (node.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log({ msg: 'listening', url });
  server.warmup().then(
    () => log({ msg: 'ready' }),
    (error: Error) => log({ msg: 'model-load-failed', level: 'error', error: error.message }),
  );

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      log({ msg: 'shutdown', inFlight: server.inFlight });
      server.drain();
      const closed = new Promise<void>((resolve) => node.close(() => resolve()));
      if ('closeIdleConnections' in node) node.closeIdleConnections();
      const grace = setTimeout(() => {
        log({ msg: 'shutdown-timeout', level: 'warn', inFlight: server.inFlight });
        if ('closeAllConnections' in node) node.closeAllConnections();
      }, options.shutdownGraceMs ?? 30_000);
      grace.unref();
      await closed;
      clearTimeout(grace);
      await server.close();
      log({ msg: 'stopped' });
    })());

  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      log({ msg: 'signal', signal });
      shutdown().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { url, port, server, shutdown };
}
