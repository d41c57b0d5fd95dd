/**
 * A ready-made worker script (`fr2en/worker-host`, dist/browser/worker-host.js): start it with
 * `new Worker(url, { type: 'module' })` and talk to it with `connectWorker`.
 */
import { serveFr2en, type HostScope } from './host.js';

serveFr2en(globalThis as unknown as HostScope);
