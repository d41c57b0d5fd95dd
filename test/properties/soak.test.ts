/**
 * Soak tests: many sequential calls with flat memory, and a large text streamed through with
 * bounded memory.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator, segment } from '../../src/index.js';
import { MARIAN_TINY, SEED } from '../helpers.js';

const sentences = segment(SEED).map((s) => s.text);

describe('resources', () => {
  const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });
  afterAll(() => translator.dispose());

  it('1 000 sequential calls keep heap and RSS flat', async () => {
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) await translator.translate(sentences[i % sentences.length]!, { generation: { maxNewTokens: 6 } });
    };
    await run(100); // warm up: model, tokenizer caches, JIT
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    await run(1000);
    global.gc?.();
    const heapGrowth = process.memoryUsage().heapUsed - heap0;
    const rssGrowth = process.memoryUsage().rss - rss0;
    console.log(`1000 calls: heap growth ${(heapGrowth / 1e6).toFixed(1)} MB, RSS growth ${(rssGrowth / 1e6).toFixed(1)} MB`);
    expect(heapGrowth).toBeLessThan(30e6);
    expect(rssGrowth).toBeLessThan(100e6);
  }, 120_000);

  it('streams a 1 MB text through with progress and bounded memory', async () => {
    let text = '';
    while (text.length < 1_000_000) text += `${SEED}\n\n`;
    const expected = segment(text).length;
    let seen = 0;
    let lastProgress = 0;
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    for await (const s of translator.translateStream(text, {
      batchSize: 64,
      maxBatchTokens: 8192,
      generation: { maxNewTokens: 2 },
      onProgress: (e) => {
        if (e.type === 'sentence') lastProgress = e.done;
      },
    })) {
      expect(s.index).toBe(seen);
      seen++;
      if (seen % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(seen).toBe(expected);
    expect(lastProgress).toBe(expected);
    console.log(`1 MB: ${expected} sentences, RSS growth ${((peak - rss0) / 1e6).toFixed(1)} MB`);
    expect(peak - rss0).toBeLessThan(400e6);
  }, 180_000);
});
