// fr2en's browser demo: everything runs in a Web Worker (fr2en/worker), so the page never freezes.
// Models come from /models/ on this server, ONNX Runtime's WASM from /ort/: no network needed.
import { connectWorker } from '/dist/worker.js';

const params = new URLSearchParams(location.search);
const MODEL = params.get('model') ?? 'marian-memo';
const SUMMARY_MODEL = params.get('summaryModel') ?? 'bart-tiny';
const $ = (id) => document.getElementById(id);
const status = (text) => ($('status').textContent = text);

$('models').textContent = `Translation: ${MODEL} · summary: ${SUMMARY_MODEL} · served from ${location.origin}/models/`;

const client = connectWorker(new Worker('/dist/worker-host.js', { type: 'module' }));
await client.ready;
await client.configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
const translator = client.createTranslator({ model: MODEL });
const summarizer = client.createSummarizer({ model: SUMMARY_MODEL });

// download progress: bytes of every file, as one bar
const files = new Map();
const onProgress = (e) => {
  if (e.type === 'download') {
    files.set(e.file, { loaded: e.loaded, total: e.total ?? e.loaded });
    let l = 0;
    let t = 0;
    for (const f of files.values()) (l += f.loaded), (t += f.total);
    $('progress').value = t > 0 ? l / t : 0;
    status(`Downloading ${e.file}…`);
  } else if (e.type === 'load' && e.status === 'ready') {
    $('progress').value = 1;
  }
};

let controller;
const busy = (on) => {
  $('translate').disabled = on;
  $('summarize').disabled = on;
  $('stop').disabled = !on;
};
$('stop').addEventListener('click', () => controller?.abort());

$('seed').addEventListener('click', async () => {
  $('source').value = await (await fetch('/seeds/kazakhstan-2022-fr.txt')).text();
});
$('source').addEventListener('dragover', (e) => e.preventDefault());
$('source').addEventListener('drop', async (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files?.[0];
  if (!file) return;
  $('source').value = await file.text();
  $('html').checked = /\.html?$/i.test(file.name) || file.type === 'text/html';
});

$('translate').addEventListener('click', async () => {
  const text = $('source').value;
  const inputFormat = $('html').checked ? 'html' : 'text';
  const body = $('sentences').tBodies[0];
  body.replaceChildren();
  delete document.body.dataset.firstSentenceMs;
  delete document.body.dataset.totalMs;
  controller = new AbortController();
  busy(true);
  const started = performance.now();
  let first;
  let count = 0;
  try {
    const sentences = await client.segment(inputFormat === 'html' ? '' : text);
    for (const [i, s] of sentences.entries()) body.insertRow().append(cell(String(i + 1)), cell(s.text), cell('…', 'pending'));
    status('Translating…');
    for await (const s of translator.translateStream(text, { signal: controller.signal, onProgress, inputFormat })) {
      if (first === undefined) {
        first = performance.now() - started;
        document.body.dataset.firstSentenceMs = String(Math.round(first));
      }
      const row = body.rows[s.index] ?? body.insertRow();
      row.replaceChildren(cell(String(s.index + 1)), cell(s.source), cell(s.translation));
      count++;
    }
    const total = performance.now() - started;
    document.body.dataset.totalMs = String(Math.round(total));
    status(`Translated ${count} sentences in ${(total / 1000).toFixed(1)} s (first sentence after ${((first ?? total) / 1000).toFixed(1)} s).`);
  } catch (error) {
    status(error.name === 'AbortError' ? `Stopped after ${count} sentences.` : `Error: ${error.message}`);
  } finally {
    busy(false);
  }
});

$('summarize').addEventListener('click', async () => {
  controller = new AbortController();
  busy(true);
  status('Summarising…');
  try {
    const options = { type: $('type').value, length: $('length').value, method: $('method').value, format: 'plain-text', signal: controller.signal, onProgress };
    const result = await client.digest($('source').value, { ...options, translator: { model: MODEL }, summarizer: { model: SUMMARY_MODEL } });
    $('summary').textContent = result.summary;
    status(`Summary (${result.method}) in ${(result.timings.total / 1000).toFixed(1)} s.`);
  } catch (error) {
    status(error.name === 'AbortError' ? 'Stopped.' : `Error: ${error.message}`);
  } finally {
    busy(false);
  }
});

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

busy(false);
status('Ready.');
document.body.dataset.ready = 'true';
