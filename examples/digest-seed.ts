/**
 * The main job: translate the seed article to English and summarise it.
 *
 *   npm run example
 *   FR2EN_MODEL=dir FR2EN_SUMMARY_MODEL=dir npm run example               # other models / folders
 *   FR2EN_ORDER=summarize-first npm run example                           # translate only the key sentences
 *
 * Models come from ./models, FR2EN_MODELS_DIR or the Hugging Face hub (first use, with progress).
 * When a model cannot be had it says what is missing and exits with code 1, printing no made-up text.
 */
import { readFileSync } from 'node:fs';
import { digest, ModelLoadError, type ProgressEvent } from '../src/index.js';

const text = readFileSync(new URL('../seeds/kazakhstan-2022-fr.txt', import.meta.url), 'utf8');

function onProgress(event: ProgressEvent): void {
  if (event.type === 'load' && event.status === 'start') console.error(`Loading ${event.model}…`);
  if (event.type === 'download' && event.total) {
    process.stderr.write(`\r  ${event.file}: ${Math.round((100 * event.loaded) / event.total)}%   `);
  }
  if (event.type === 'sentence') process.stderr.write(`\r  translated ${event.done}/${event.total} sentences   `);
  if (event.type === 'summary') process.stderr.write(`\r  summarised ${event.done}/${event.total} chunks   `);
  if (event.type === 'done') process.stderr.write('\n');
}

try {
  const order = process.env.FR2EN_ORDER === 'summarize-first' ? 'summarize-first' : 'translate-first';
  const result = await digest(text, {
    order,
    ...(process.env.FR2EN_MODEL ? { translator: { model: process.env.FR2EN_MODEL } } : {}),
    ...(process.env.FR2EN_SUMMARY_MODEL ? { summarizer: { model: process.env.FR2EN_SUMMARY_MODEL } } : {}),
    onProgress,
  });
  console.log('== Summary ==\n');
  console.log(result.summary);
  console.log('\n== Translation ==\n');
  console.log(result.translation);
  for (const w of result.warnings) console.log(`warning [${w.code}]${w.sentence === undefined ? '' : ` sentence ${w.sentence}`}: ${w.message}`);
  const t = result.timings;
  const translated = result.sentences.filter((s) => s.translation !== null).length;
  console.log(
    `\n${order}: ${translated}/${result.sentences.length} sentences translated; ` +
      `translate ${Math.round(t.translate)} ms, summarise ${Math.round(t.summarize)} ms, total ${Math.round(t.total)} ms.`,
  );
} catch (error) {
  if (ModelLoadError.isInstance(error)) {
    console.error(`\nCannot digest the seed: a model is not available.\n${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
