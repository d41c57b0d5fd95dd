#!/usr/bin/env node
// Loads the synthetic benchmark models (.cache/bench-models, made by
// `npm run bench:models`) through transformers.js, fp32 and int8 (`dtype: 'q8'`),
// and prints load time, target tokens/s at batch 1 and batch 8 with a forced
// output length, and peak RSS.  Each (model, dtype) runs in its own child
// process so that its peak RSS is its own.
//
//   node scripts/diagnostics/check-bench-models.mjs [--model marian|bart|all] [--dtype fp32|q8|all]
//        [--sentences N] [--tokens N] [--threads N]
//
// The weights are random: the text produced is gibberish, only speed and
// memory mean anything.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = path.join(ROOT, '.cache', 'bench-models');
const SEED = path.join(ROOT, 'seeds', 'kazakhstan-2022-fr.txt');

const MODELS = {
  marian: { folder: 'opus-mt-fr-en-synthetic', task: 'translation', sentencesPerInput: 1, defaultInputs: 16 },
  bart: { folder: 'distilbart-cnn-6-6-synthetic', task: 'summarization', sentencesPerInput: 2, defaultInputs: 8 },
};

// Measured on this kind of 2-core machine with a synthetic opus-mt-fr-en model
// (shared/MODEL-FORMAT.md): target tokens/s.
const REFERENCE = { marian: { fp32: { b1: '77–81', b8: '199–209' }, q8: { b1: '135–158', b8: '293–306' } } };

function parseArgs(argv) {
  const args = { model: 'all', dtype: 'all', sentences: 0, tokens: 40, threads: 0, child: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`\`${a}\` needs a value`);
      return argv[++i];
    };
    if (a === '--model') args.model = next();
    else if (a === '--dtype') args.dtype = next();
    else if (a === '--sentences') args.sentences = Number(next());
    else if (a === '--tokens') args.tokens = Number(next());
    else if (a === '--threads') args.threads = Number(next());
    else if (a === '--child') args.child = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/diagnostics/check-bench-models.mjs [--model marian|bart|all] [--dtype fp32|q8|all] [--sentences N] [--tokens N] [--threads N]');
      process.exit(0);
    } else throw new Error(`unknown argument \`${a}\``);
  }
  return args;
}

function seedSentences() {
  const text = readFileSync(SEED, 'utf8').replace(/\s+/g, ' ').trim();
  return text
    .split(/(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«"“])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 20);
}

function inputs(model, n) {
  const spec = MODELS[model];
  const sents = seedSentences();
  const out = [];
  for (let i = 0; out.length < n; i += spec.sentencesPerInput) {
    const group = [];
    for (let j = 0; j < spec.sentencesPerInput; j++) group.push(sents[(i + j) % sents.length]);
    out.push(group.join(' '));
  }
  return out;
}

async function child(args) {
  const { pipeline, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = CACHE;
  const spec = MODELS[args.model];
  const options = { dtype: args.dtype };
  if (args.threads > 0) options.session_options = { intraOpNumThreads: args.threads };

  const t0 = performance.now();
  const pipe = await pipeline(spec.task, spec.folder, options);
  const loadMs = performance.now() - t0;

  const gen = { max_new_tokens: args.tokens, min_new_tokens: args.tokens };
  const texts = inputs(args.model, args.sentences || spec.defaultInputs);

  // Warm-up, and a check that the output length really is forced.
  const enc = pipe.tokenizer(texts.slice(0, 2), { padding: true, truncation: true });
  const ids = await pipe.model.generate({ ...enc, ...gen });
  const forced = ids.dims[1] - 1 === args.tokens; // minus the decoder start token
  const sample = (await pipe(texts[0], gen))[0];

  const timeIt = async (batch) => {
    const t = performance.now();
    for (let i = 0; i < texts.length; i += batch) await pipe(batch === 1 ? texts[i] : texts.slice(i, i + batch), gen);
    const s = (performance.now() - t) / 1000;
    return { seconds: s, tokensPerSecond: (texts.length * args.tokens) / s };
  };
  const b1 = await timeIt(1);
  const b8 = await timeIt(8);
  const inputTokens = texts.map((t) => pipe.tokenizer.encode(t).length);
  await pipe.dispose?.();
  const result = {
    model: args.model,
    dtype: args.dtype,
    loadSeconds: loadMs / 1000,
    inputs: texts.length,
    meanInputTokens: inputTokens.reduce((a, b) => a + b, 0) / inputTokens.length,
    newTokens: args.tokens,
    forced,
    b1,
    b8,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    sample: (sample.translation_text ?? sample.summary_text ?? '').slice(0, 80),
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

function parent(args) {
  const models = args.model === 'all' ? Object.keys(MODELS) : [args.model];
  const dtypes = args.dtype === 'all' ? ['fp32', 'q8'] : [args.dtype];
  for (const m of models) {
    if (!MODELS[m]) throw new Error(`\`--model\` must be one of ${Object.keys(MODELS).join(', ')}, all`);
    const dir = path.join(CACHE, MODELS[m].folder, 'onnx');
    if (!existsSync(path.join(dir, 'decoder_model_merged_quantized.onnx'))) {
      console.error(`${dir} is incomplete: run \`npm run bench:models\` first.`);
      process.exit(1);
    }
  }
  const rows = [];
  for (const m of models) {
    for (const d of dtypes) {
      const childArgs = [fileURLToPath(import.meta.url), '--child', '--model', m, '--dtype', d, '--tokens', String(args.tokens)];
      if (args.sentences) childArgs.push('--sentences', String(args.sentences));
      if (args.threads) childArgs.push('--threads', String(args.threads));
      process.stderr.write(`running ${m} ${d}…\n`);
      const r = spawnSync(process.execPath, childArgs, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
      const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (r.status !== 0 || !line) {
        console.error(r.stdout, r.stderr);
        throw new Error(`${m} ${d} failed (exit ${r.status})`);
      }
      const res = JSON.parse(line.slice(7));
      rows.push(res);
      console.log(
        `${m.padEnd(6)} ${d.padEnd(4)} load ${res.loadSeconds.toFixed(1)}s | ` +
          `b1 ${res.b1.tokensPerSecond.toFixed(0)} tok/s | b8 ${res.b8.tokensPerSecond.toFixed(0)} tok/s | ` +
          `peak RSS ${res.peakRssMB.toFixed(0)} MB | ${res.inputs} inputs, ~${res.meanInputTokens.toFixed(0)} tokens in, ` +
          `${res.newTokens} out${res.forced ? '' : ' (NOT forced!)'} | "${res.sample}"`,
      );
    }
  }
  const ref = REFERENCE.marian;
  if (rows.some((r) => r.model === 'marian')) {
    console.log(
      `reference (MODEL-FORMAT.md, marian): fp32 b1 ${ref.fp32.b1}, b8 ${ref.fp32.b8}; int8 b1 ${ref.q8.b1}, b8 ${ref.q8.b8} tok/s`,
    );
  }
  for (const m of models) {
    const f = rows.find((r) => r.model === m && r.dtype === 'fp32');
    const q = rows.find((r) => r.model === m && r.dtype === 'q8');
    if (f && q) {
      console.log(
        `${m}: int8/fp32 speed-up b1 ×${(q.b1.tokensPerSecond / f.b1.tokensPerSecond).toFixed(2)}, ` +
          `b8 ×${(q.b8.tokensPerSecond / f.b8.tokensPerSecond).toFixed(2)}; memory ×${(q.peakRssMB / f.peakRssMB).toFixed(2)}`,
      );
    }
  }
}

const args = parseArgs(process.argv.slice(2));
if (args.child) await child(args);
else parent(args);
