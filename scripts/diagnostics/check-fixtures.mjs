#!/usr/bin/env node
// Load the self-made test models (test/fixtures/models, made by `npm run fixtures`) with
// transformers.js, offline, and check what the tests rely on:
//   - marian-memo translates every pair of pairs.json exactly, one at a time and as one
//     padded batch (batched: with a logits processor that keeps finished rows on </s>, and
//     also shows what the raw batch output looks like);
//   - marian-tiny and bart-tiny run through the translation / summarization pipelines and give
//     the same output twice;
//   - the tokenizers round-trip the seed article (and any --text FILE: .txt or .jsonl with a
//     "text" field); characters that become <unk> are reported.
// Usage: node scripts/diagnostics/check-fixtures.mjs [--models DIR] [--text FILE]...
// Exit status 1 when a check fails.
import { readFileSync, existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env, pipeline, AutoTokenizer, AutoModelForSeq2SeqLM, LogitsProcessor } from '@huggingface/transformers';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
let modelsDir = resolve(root, 'test/fixtures/models');
const textFiles = [resolve(root, 'seeds/kazakhstan-2022-fr.txt')];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--models') modelsDir = resolve(args[++i]);
  else if (args[i] === '--text') textFiles.push(resolve(args[++i]));
  else throw new Error(`unknown argument ${args[i]}`);
}

env.allowRemoteModels = false;
env.localModelPath = modelsDir.endsWith('/') ? modelsDir : modelsDir + '/';

// MarianTokenizer's constructor warns that it is not a "fast" tokenizer; keep the output readable.
const origWarn = console.warn;
console.warn = (...a) => {
  if (String(a[0]).includes('MarianTokenizer')) return;
  origWarn(...a);
};

let failures = 0;
const fail = (msg) => {
  failures++;
  console.log(`  FAIL ${msg}`);
};
const ok = (msg) => console.log(`  ok   ${msg}`);
const decodeArgs = { skip_special_tokens: true, clean_up_tokenization_spaces: false };

/** Keeps rows that already produced </s> on </s> (transformers.js 4.3 keeps decoding them). */
class StopFinishedRows extends LogitsProcessor {
  constructor(eosId) {
    super();
    this.eosId = eosId;
  }
  _call(inputIds, logits) {
    for (let i = 0; i < inputIds.length; i++) {
      // position 0 is decoder_start (for BART that is </s> itself)
      if (inputIds[i].slice(1).some((t) => Number(t) === this.eosId)) {
        const row = logits[i].data;
        row.fill(-Infinity);
        row[this.eosId] = 0;
      }
    }
    return logits;
  }
}

function readTexts() {
  const texts = [];
  for (const f of textFiles) {
    if (!existsSync(f)) {
      console.log(`  (skipping missing ${f})`);
      continue;
    }
    const raw = readFileSync(f, 'utf8');
    if (f.endsWith('.jsonl')) {
      for (const line of raw.split('\n')) if (line.trim()) texts.push(JSON.parse(line).text);
    } else {
      texts.push(raw);
    }
  }
  return texts;
}

/** What the Precompiled normalizer of the Marian tokenizers does (see tokenizers.js). */
function precompiled(text) {
  return text
    .replace(/[\u0001-\u0008\u000B\u000E-\u001F\u007F\u008F\u009F]/g, '')
    .replace(/[\u0009\u000A\u000C\u000D\u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u2581\u3000\uFEFF\uFFFD]/g, ' ')
    .normalize('NFKC');
}

const show = (s) => JSON.stringify(s);

async function checkMemo() {
  console.log('\n== marian-memo');
  const pairs = JSON.parse(readFileSync(resolve(modelsDir, 'marian-memo/pairs.json'), 'utf8'));
  const tok = await AutoTokenizer.from_pretrained('marian-memo');
  const model = await AutoModelForSeq2SeqLM.from_pretrained('marian-memo');
  const eos = model.generation_config?.eos_token_id ?? model.config.eos_token_id;
  console.log(`  pad ${tok.pad_token_id}  eos ${tok.eos_token_id}  unk ${tok.unk_token_id}  decoder_start ${model.config.decoder_start_token_id}`);

  let t = performance.now();
  let exactSingle = 0;
  for (const { fr, en } of pairs) {
    const out = await model.generate({ ...tok(fr), max_new_tokens: 127 });
    const got = tok.batch_decode(out, decodeArgs)[0];
    if (got === en) exactSingle++;
    else fail(`single ${show(fr)}\n         got      ${show(got)}\n         expected ${show(en)}`);
  }
  const ms1 = performance.now() - t;
  if (exactSingle === pairs.length) ok(`single: ${exactSingle}/${pairs.length} exact (${ms1.toFixed(0)} ms)`);

  const frs = pairs.map((p) => p.fr);
  const inputs = tok(frs, { padding: true, truncation: true });
  console.log(`  batch of ${frs.length}, padded to ${inputs.input_ids.dims[1]} tokens`);

  // Raw batched generation: finished rows keep going until every row's last token is </s>
  t = performance.now();
  const raw = await model.generate({ ...inputs, max_new_tokens: 127 });
  const msRaw = performance.now() - t;
  const rawIds = raw.tolist().map((r) => r.map(Number));
  const rawText = tok.batch_decode(raw, decodeArgs);
  let rawExact = 0;
  let rawTruncExact = 0;
  let rowsWithTail = 0;
  rawIds.forEach((ids, i) => {
    if (rawText[i] === pairs[i].en) rawExact++;
    const firstEos = ids.indexOf(eos, 1);
    const upToEos = firstEos === -1 ? ids : ids.slice(0, firstEos + 1);
    if (tok.decode(upToEos, decodeArgs) === pairs[i].en) rawTruncExact++;
    if (ids.slice(firstEos + 1).some((x) => x !== eos)) rowsWithTail++;
  });
  console.log(
    `  raw batch (${msRaw.toFixed(0)} ms, ${rawIds[0].length} decoder positions): ${rawExact}/${pairs.length} exact as decoded; ` +
      `${rawTruncExact}/${pairs.length} exact when cut at the first </s>; ${rowsWithTail} rows have tokens after </s>`,
  );
  rawIds.forEach((ids, i) => {
    if (rawText[i] !== pairs[i].en) console.log(`         row ${i}: ${show(rawText[i])}`);
  });
  if (rawTruncExact !== pairs.length) fail('raw batch differs from the references before the first </s>');

  // Batched generation with the finished-row processor
  t = performance.now();
  const fixed = await model.generate({ ...inputs, max_new_tokens: 127, logits_processor: [new StopFinishedRows(eos)] });
  const msFixed = performance.now() - t;
  const fixedText = tok.batch_decode(fixed, decodeArgs);
  let exactBatch = 0;
  fixedText.forEach((got, i) => {
    if (got === pairs[i].en) exactBatch++;
    else fail(`batch ${show(pairs[i].fr)}\n         got      ${show(got)}\n         expected ${show(pairs[i].en)}`);
  });
  if (exactBatch === pairs.length) ok(`batch with StopFinishedRows: ${exactBatch}/${pairs.length} exact (${msFixed.toFixed(0)} ms)`);

  // Other batch compositions (different padding per row)
  for (const size of [2, 3, 4, 5, 7]) {
    let exact = 0;
    for (let k = 0; k < pairs.length; k += size) {
      const chunk = pairs.slice(k, k + size);
      const out = await model.generate({
        ...tok(chunk.map((p) => p.fr), { padding: true, truncation: true }),
        max_new_tokens: 127,
        logits_processor: [new StopFinishedRows(eos)],
      });
      tok.batch_decode(out, decodeArgs).forEach((got, i) => {
        if (got === chunk[i].en) exact++;
        else fail(`batch of ${size}: ${show(chunk[i].fr)} -> ${show(got)}`);
      });
    }
    if (exact === pairs.length) ok(`batches of ${size}: ${exact}/${pairs.length} exact`);
  }

  // The translation pipeline, batched, as a library would call it
  const translator = await pipeline('translation', 'marian-memo');
  const viaPipe = await translator(frs);
  const pipeExact = viaPipe.filter((r, i) => r.translation_text === pairs[i].en).length;
  console.log(`  translation pipeline on the whole batch (defaults): ${pipeExact}/${pairs.length} exact`);
  return { tok };
}

async function checkTiny() {
  console.log('\n== marian-tiny');
  const tok = await AutoTokenizer.from_pretrained('marian-tiny');
  const model = await AutoModelForSeq2SeqLM.from_pretrained('marian-tiny');
  console.log(`  pad ${tok.pad_token_id}  eos ${tok.eos_token_id}  unk ${tok.unk_token_id}  decoder_start ${model.config.decoder_start_token_id}  model_max_length ${tok.model_max_length}  max_position_embeddings ${model.config.max_position_embeddings}`);
  const seed = readFileSync(resolve(root, 'seeds/kazakhstan-2022-fr.txt'), 'utf8');
  const sentence = seed.split(/(?<=[.?!])\s+/)[0];
  const translator = await pipeline('translation', 'marian-tiny');
  const a = await translator(sentence);
  const b = await translator(sentence);
  console.log(`  input  ${show(sentence)} (${tok(sentence).input_ids.dims[1]} tokens)`);
  console.log(`  output ${show(a[0].translation_text)}`);
  if (a[0].translation_text === b[0].translation_text) ok('translation pipeline runs and is deterministic');
  else fail('marian-tiny output differs between two runs');
  const long = seed.split('\n')[0];
  const n = tok(long, { truncation: false }).input_ids.dims[1];
  const nTrunc = tok(long, { truncation: true }).input_ids.dims[1];
  console.log(`  first paragraph: ${n} tokens, ${nTrunc} after truncation: true (the pipelines cut silently)`);
  const batch = await translator([sentence, 'Bonjour.', long]);
  console.log(`  batch of 3 incl. the paragraph: ${batch.map((r) => show(r.translation_text).slice(0, 50)).join(' | ')}`);
}

async function checkBart() {
  console.log('\n== bart-tiny');
  const tok = await AutoTokenizer.from_pretrained('bart-tiny');
  const model = await AutoModelForSeq2SeqLM.from_pretrained('bart-tiny');
  console.log(`  pad ${tok.pad_token_id}  eos ${tok.eos_token_id}  unk ${tok.unk_token_id}  bos ${tok.bos_token_id}  decoder_start ${model.config.decoder_start_token_id}  forced_bos ${model.generation_config?.forced_bos_token_id}  model_max_length ${tok.model_max_length}`);
  const pairs = JSON.parse(readFileSync(resolve(modelsDir, 'marian-memo/pairs.json'), 'utf8'));
  const text = pairs.map((p) => p.en).join(' ');
  const summarizer = await pipeline('summarization', 'bart-tiny');
  const a = await summarizer(text);
  const b = await summarizer(text);
  console.log(`  input ${tok(text).input_ids.dims[1]} tokens; the pipeline keeps ${tok(text, { truncation: true }).input_ids.dims[1]} (truncation: true)`);
  console.log(`  summary (pipeline defaults) ${show(a[0].summary_text)}`);
  if (a[0].summary_text === b[0].summary_text && a[0].summary_text.length > 0) ok('summarization pipeline runs and is deterministic');
  else fail('bart-tiny output empty or differs between runs');
  const c = await summarizer(text, { max_new_tokens: null });
  console.log(`  summary (max_new_tokens: null -> generation_config max_length ${model.generation_config?.max_length}) ${show(c[0].summary_text)}`);
}

async function checkRoundTrips() {
  console.log('\n== tokenizer round trips');
  const texts = readTexts();
  for (const id of ['marian-tiny', 'marian-memo', 'bart-tiny']) {
    const tok = await AutoTokenizer.from_pretrained(id);
    const unkId = tok.unk_token_id;
    const unkChars = new Map();
    let mismatches = 0;
    let tokens = 0;
    let chars = 0;
    const isMarian = id.startsWith('marian');
    for (const text of texts) {
      for (const para of text.split('\n')) {
        if (!para) continue;
        const ids = tok(para, { truncation: false, add_special_tokens: false }).input_ids.tolist()[0].map(Number);
        tokens += ids.length;
        chars += para.length;
        if (ids.includes(unkId)) {
          for (const ch of new Set(para)) {
            const cid = tok(ch, { add_special_tokens: false }).input_ids.tolist()[0].map(Number);
            if (cid.includes(unkId)) unkChars.set(ch, (unkChars.get(ch) ?? 0) + 1);
          }
        }
        const back = tok.decode(ids, decodeArgs);
        // Marian: the normalizer (NFKC, spaces) is applied on the way in; BART is byte-exact
        const expected = isMarian ? precompiled(para) : para;
        if (back !== expected) {
          mismatches++;
          if (mismatches <= 3) {
            let k = 0;
            while (k < back.length && back[k] === expected[k]) k++;
            console.log(`  ${id}: differs at ${k}: ${show(expected.slice(k, k + 30))} -> ${show(back.slice(k, k + 30))}`);
          }
        }
      }
    }
    // characters the normalizer changes in the seed article (never exact for Marian)
    const changed = isMarian ? [...new Set(texts.join(''))].filter((ch) => ch !== '\n' && precompiled(ch) !== ch) : [];
    const unkList = [...unkChars.keys()].map((c) => `${show(c)} U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    const msg = `${id}: ${chars} chars -> ${tokens} tokens (${(chars / tokens).toFixed(2)} chars/token)` +
      (changed.length ? `; normalizer changes ${changed.map((c) => `U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}` : '');
    if (unkList.length) fail(`${msg}; <unk> for ${unkList.join(', ')}`);
    else if (mismatches) fail(`${msg}; ${mismatches} paragraphs do not round-trip`);
    else ok(`${msg}; round trip exact${isMarian ? ' (modulo normalizer)' : ''}, no <unk>`);
  }
}

await checkMemo();
await checkTiny();
await checkBart();
await checkRoundTrips();
console.log(failures ? `\n${failures} check(s) failed` : '\nall checks passed');
process.exit(failures ? 1 : 0);
