/**
 * The `fr2en` bin: the only file of fr2en with a side effect. Everything else is in ./program.ts.
 */
import { run } from './program.js';

// a reader that stops early (`fr2en translate big.txt | head`) ends the run quietly
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
