/**
 * The `fr2en` bin: the only file of fr2en with a side effect. Everything else is in ./program.ts.
 */
import { run } from './program.js';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
