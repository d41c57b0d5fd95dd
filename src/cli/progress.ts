/**
 * The CLI's progress display on stderr.
 * - `bar` (default on a terminal): one bar per model download (all its files: MB, speed, ETA),
 *   then "loading …" and "… ready", then bars for sentences or summary chunks. The cursor is
 *   hidden while a bar runs and shown again when it ends, on errors, and on Ctrl-C.
 * - `plain` (default otherwise): a line when a download starts, every 2 s while it runs, and when it ends.
 * - `none` (`--quiet`): nothing.
 */
import cliProgress from 'cli-progress';
import { Option } from 'commander';
import type { ProgressEvent } from '../index.js';
import { cliGlobals } from './globals.js';

/** Progress display modes. */
export const PROGRESS_MODES = ['bar', 'plain', 'none'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

/** `--progress <mode>`. */
export const progressOption = () =>
  new Option('--progress <mode>', 'progress on stderr: bar (default on a terminal), plain lines (default otherwise), none').choices(PROGRESS_MODES);
/** `--quiet`: no progress. */
export const quietOption = () => new Option('-q, --quiet', 'no progress output (same as --progress none)');

/** A progress display: its callback, and `stop` (idempotent) ending any bar and restoring the cursor. */
export interface ProgressDisplay {
  onProgress: ((e: ProgressEvent) => void) | undefined;
  stop(): void;
}

const SHOW_CURSOR = '\x1b[?25h';
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** The display the flags ask for (`--quiet` wins; else `--progress`; else by whether `stream` is a terminal). */
export function progressFor(opts: { progress?: ProgressMode; quiet?: boolean }, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const mode: ProgressMode = opts.quiet ? 'none' : (opts.progress ?? (stream.isTTY ? 'bar' : 'plain'));
  if (mode === 'none') return { onProgress: undefined, stop() {} };
  if (mode === 'plain') return plainProgress(stream);
  return barProgress(stream);
}

/** Download speed over the last few seconds. */
function speedMeter() {
  const samples: Array<[number, number]> = [];
  return (bytes: number): number => {
    const now = Date.now();
    samples.push([now, bytes]);
    while (samples.length > 2 && now - samples[0]![0] > 5000) samples.shift();
    const [t0, b0] = samples[0]!;
    return now > t0 ? ((bytes - b0) * 1000) / (now - t0) : 0;
  };
}

function plainProgress(stream: NodeJS.WriteStream): ProgressDisplay {
  let model = '';
  let last = 0;
  let speed = speedMeter();
  return {
    onProgress(event) {
      if (event.type !== 'download') return;
      const loaded = event.modelLoaded ?? event.loaded;
      const total = event.modelTotal ?? event.total;
      const now = Date.now();
      if (event.model !== model) {
        model = event.model;
        speed = speedMeter();
        last = now;
        stream.write(`downloading ${model}${total ? ` (${mb(total)} MB)` : ''}\n`);
      }
      const bps = speed(loaded);
      if (event.done) {
        stream.write(`downloaded ${model}: ${mb(loaded)} MB\n`);
        model = '';
      } else if (now - last >= 2000) {
        last = now;
        const eta = total && bps > 0 ? ` eta ${Math.ceil((total - loaded) / bps)}s` : '';
        stream.write(`downloading ${model}: ${mb(loaded)}${total ? `/${mb(total)}` : ''} MB ${mb(bps)} MB/s${eta}\n`);
      }
    },
    stop() {},
  };
}

function barProgress(stream: NodeJS.WriteStream): ProgressDisplay {
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  let speed = speedMeter();
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
    label = '';
  };
  const onSignal = () => {
    stopBar();
    stream.write(`${SHOW_CURSOR}\n`);
    process.exit(130);
  };
  const onExit = () => {
    if (bar) stream.write(SHOW_CURSOR);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);
  const start = (name: string, total: number, format: string, payload: Record<string, unknown> = {}) => {
    stopBar();
    label = name;
    bar = new cliProgress.SingleBar({ stream, format, hideCursor: true, clearOnComplete: false, etaBuffer: 20, fps: 5 }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { label, ...payload });
  };
  return {
    onProgress(event) {
      switch (event.type) {
        case 'download': {
          const loaded = event.modelLoaded ?? event.loaded;
          const total = event.modelTotal ?? event.total ?? 0;
          const name = `download ${event.model}`;
          if (label !== name) {
            speed = speedMeter();
            start(name, total, '{label} [{bar}] {percentage}% | {mb}/{totalMb} MB | {speed} MB/s | eta {eta_formatted}', { mb: '0.0', totalMb: mb(total), speed: '0.0' });
          }
          bar?.setTotal(Math.max(total, loaded));
          bar?.update(loaded, { mb: mb(loaded), totalMb: mb(Math.max(total, loaded)), speed: mb(speed(loaded)) });
          if (event.done) stopBar();
          break;
        }
        case 'load':
          stopBar();
          if (event.status === 'start') stream.write(`loading ${event.model}…\n`);
          else stream.write(`${event.model} ready in ${Math.round(event.ms ?? 0)} ms\n`);
          break;
        case 'sentence':
          if (label !== 'sentences') start('sentences', event.total, '{label} [{bar}] {value}/{total} | eta {eta}s');
          bar?.setTotal(event.total);
          bar?.update(event.done);
          break;
        case 'summary':
          if (label !== 'summary') start('summary', event.total, '{label} [{bar}] {value}/{total} chunks');
          bar?.update(event.done);
          break;
        case 'done':
          stopBar();
          break;
        default:
          break;
      }
    },
    stop() {
      stopBar();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

const displays: ProgressDisplay[] = [];

/** The progress callback the global flags ask for (`--progress`, `--quiet`); {@link stopProgress} ends it. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ((e: ProgressEvent) => void) | undefined {
  const display = progressFor(cliGlobals, stream);
  displays.push(display);
  return display.onProgress;
}

/** Ends every bar (cursor shown again): before an error message is printed, and when a command ends. */
export function stopProgress(): void {
  for (const d of displays.splice(0)) d.stop();
}
