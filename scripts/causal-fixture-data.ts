/**
 * Training data of the tiny decoder-only (Qwen2-shaped) fixture `test/fixtures/models/qwen2-memo`,
 * built by fr2en's own prompt builder so that the model memorises exactly the prompts fr2en sends.
 * Called twice by scripts/make-fixtures.sh around scripts/make_causal_fixture.py:
 *   tsx scripts/causal-fixture-data.ts pairs OUT.json        → [{ prompt, answer }] (texts)
 *   tsx scripts/causal-fixture-data.ts encode DIR IN.json OUT.json → token ids through transformers.js's
 *     own chat template and tokenizer (from DIR), so training sees the ids the backend will feed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PAIRS } from './causal-fixture-pairs.js';

const [mode, ...args] = process.argv.slice(2);
if (mode === 'pairs') {
  writeFileSync(args[0]!, JSON.stringify(PAIRS, null, 1));
} else if (mode === 'encode') {
  const [dir, input, output] = args as [string, string, string];
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  const tokenizer = await tf.AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  const pairs = JSON.parse(readFileSync(input, 'utf8')) as typeof PAIRS;
  const eos = (tokenizer.encode('<|im_end|>', { add_special_tokens: false }) as number[])[0]!;
  const encoded = pairs.map(({ prompt, answer }) => {
    const text = tokenizer.apply_chat_template([{ role: 'user', content: prompt }], { add_generation_prompt: true, tokenize: false }) as string;
    const promptIds = tokenizer.encode(text, { add_special_tokens: false }) as number[];
    const answerIds = [...(tokenizer.encode(answer, { add_special_tokens: false }) as number[]), eos];
    const back = tokenizer.decode(answerIds, { skip_special_tokens: true });
    if (back.trim() !== answer) throw new Error(`tokenizer does not round-trip ${JSON.stringify(answer)}: ${JSON.stringify(back)}`);
    return { prompt: promptIds, answer: answerIds };
  });
  writeFileSync(output, JSON.stringify(encoded));
} else {
  throw new Error('usage: causal-fixture-data.ts pairs OUT | encode DIR IN OUT');
}
