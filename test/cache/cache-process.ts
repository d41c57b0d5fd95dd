/**
 * A separate process using the persistent cache, for the cache tests:
 * `write <file> <prefix> <count> <peer>`: waits for the peer process, then writes `count` entries
 *   (and the shared keys `shared-0…`) one by one, reading each back;
 * `translate <file> <text>`: translates with the fake backend and the cache, prints
 *   `{ calls, cached, text }` as JSON.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createTranslator, openTranslationCache } from '../../src/index.js';
import { createFakeBackend } from '../../src/testing/index.js';

const [mode, file, ...rest] = process.argv.slice(2);
const cache = await openTranslationCache({ file: file! });
if (mode === 'write') {
  const [prefix, count, peer] = rest as [string, string, string];
  writeFileSync(`${file}.ready-${prefix}`, '');
  const deadline = Date.now() + 30_000;
  while (!existsSync(`${file}.ready-${peer}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  for (let i = 0; i < Number(count); i++) {
    await cache.set(`${prefix}-${i}`, { text: `${prefix} ${i}`, tokens: i, finished: true, score: -(i + 1) / 10 });
    if (i % 10 === 0) await cache.set(`shared-${i / 10}`, { text: `shared ${i / 10}`, tokens: 1, finished: true });
    const back = await cache.get(`${prefix}-${i}`);
    if (back?.text !== `${prefix} ${i}`) throw new Error(`read back ${JSON.stringify(back)} for ${prefix}-${i}`);
  }
} else if (mode === 'translate') {
  const backend = createFakeBackend();
  const translator = createTranslator({ backend, cache });
  const result = await translator.translate(rest[0]!);
  process.stdout.write(JSON.stringify({ calls: backend.calls.length, cached: result.sentences.map((s) => Boolean(s.cached)), text: result.text }));
  await translator.dispose();
}
await cache.close();
