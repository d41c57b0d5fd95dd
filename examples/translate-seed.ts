/**
 * Translates the seed article and prints each French sentence beside its English translation.
 *
 *   npm run example                      # default model (downloaded on first use, or from ./models)
 *   FR2EN_MODEL=path/to/model npm run example
 *
 * Without the model (offline and not in ./models or FR2EN_MODELS_DIR) it says what is
 * missing and exits with code 1: it never prints a made-up translation.
 */
import { readFileSync } from 'node:fs';
import { createTranslator, ModelLoadError, type ProgressEvent } from '../src/index.js';

const seed = new URL('../seeds/kazakhstan-2022-fr.txt', import.meta.url);
const text = readFileSync(seed, 'utf8');
const translator = createTranslator(process.env.FR2EN_MODEL ? { model: process.env.FR2EN_MODEL } : {});

function onProgress(event: ProgressEvent): void {
  if (event.type === 'load' && event.status === 'start') console.error(`Loading ${event.model}…`);
  if (event.type === 'download' && event.total) {
    process.stderr.write(`\r  ${event.file}: ${Math.round((100 * event.loaded) / event.total)}%   `);
  }
  if (event.type === 'sentence') process.stderr.write(`\r  translated ${event.done}/${event.total} sentences   `);
  if (event.type === 'done') process.stderr.write('\n');
}

try {
  const started = performance.now();
  const result = await translator.translate(text, { onProgress });
  for (const [i, s] of result.sentences.entries()) {
    console.log(`[${i + 1}] FR: ${s.source}`);
    console.log(`    EN: ${s.translation}\n`);
  }
  for (const w of result.warnings) console.log(`warning [${w.code}]${w.sentence === undefined ? '' : ` sentence ${w.sentence}`}: ${w.message}`);
  console.log(`${result.sentences.length} sentences translated by ${result.model} in ${Math.round(performance.now() - started)} ms.`);
} catch (error) {
  if (ModelLoadError.isInstance(error)) {
    console.error(`\nCannot translate the seed: the model is not available.\n${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await translator.dispose();
}
