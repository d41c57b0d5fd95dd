/**
 * The CLI's progress display: a bar on stderr, only when stderr is a terminal.
 */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../index.js';

/** Returns an `onProgress` callback drawing bars on stderr, or undefined when stderr is not a TTY. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ((e: ProgressEvent) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  const start = (name: string, total: number, format: string) => {
    bar?.stop();
    label = name;
    bar = new cliProgress.SingleBar(
      { stream, format, hideCursor: true, clearOnComplete: false, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { label });
  };
  return (event) => {
    switch (event.type) {
      case 'download': {
        const name = `download ${event.file}`;
        if (label !== name) start(name, event.total ?? 0, '{label} [{bar}] {percentage}% {value}/{total} bytes');
        if (event.total) bar?.setTotal(event.total);
        bar?.update(event.loaded);
        break;
      }
      case 'load':
        if (event.status === 'start') {
          bar?.stop();
          bar = undefined;
          label = '';
          stream.write(`loading ${event.model}…\n`);
        } else stream.write(`model ready in ${Math.round(event.ms ?? 0)} ms\n`);
        break;
      case 'sentence':
        if (label !== 'sentences') start('sentences', event.total, '{label} [{bar}] {value}/{total} | eta {eta}s');
        bar?.update(event.done);
        break;
      case 'summary':
        if (label !== 'summary') start('summary', event.total, '{label} [{bar}] {value}/{total} chunks');
        bar?.update(event.done);
        break;
      case 'done':
        bar?.stop();
        bar = undefined;
        label = '';
        break;
      default:
        break;
    }
  };
}
