/**
 * The /v1 API carries the quality flags: each sentence's `flags` (and `repaired`), the result's
 * `flagCounts`, in JSON and streamed; `repair: false` is passed on. Scripted fake backend.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/index.js';
import { createServer } from '../../src/server/index.js';
import { translationJson } from '../../src/queue/index.js';
import { scriptedBackend } from '../pipeline/translate/scripted.js';

const FRENCH = 'Le chat dort. Merci beaucoup.';
const script = ({ input, call }: { input: string; call: { beams?: number } }) =>
  input === 'Le chat dort.' && call.beams !== 4 ? 'the cat the cat the cat the cat the cat' : input === 'Le chat dort.' ? 'The cat is sleeping.' : 'Thank you very much.';
const post = (body: unknown) => new Request('http://x/v1/translate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('/v1/translate flags', () => {
  it('returns each sentence’s flags and the flag counts; repair on by default, off with `repair: false`', async () => {
    const server = createServer({ translator: createTranslator({ backend: scriptedBackend(script), beams: 1 }), log: false });
    const repaired = await (await server.fetch(post({ text: FRENCH }))).json();
    expect(repaired.sentences.map((s: { flags: unknown[]; repaired?: boolean }) => [s.flags, s.repaired])).toEqual([[[], true], [[], undefined]]);
    expect(repaired.flagCounts).toEqual({});
    const reported = await (await server.fetch(post({ text: FRENCH, repair: false }))).json();
    expect(reported.sentences[0].flags.map((f: { code: string }) => f.code)).toContain('repetition');
    expect(reported.flagCounts.repetition).toBe(1);
    await server.close();
  });

  it('streams the flags with each sentence (NDJSON)', async () => {
    const server = createServer({ translator: createTranslator({ backend: scriptedBackend(script), beams: 1 }), log: false });
    const lines = (await (await server.fetch(post({ text: FRENCH, stream: 'ndjson', repair: false }))).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].flags.map((f: { code: string }) => f.code)).toContain('repetition');
    expect(lines[1].flags).toEqual([]);
    await server.close();
  });

  it('the queue’s result JSON carries the flags and counts', async () => {
    const result = await createTranslator({ backend: scriptedBackend(script), repair: false }).translate(FRENCH);
    const json = translationJson(result);
    expect(json.sentences[0]!.flags.map((f) => f.code)).toContain('repetition');
    expect(json.flagCounts).toEqual(result.flagCounts);
  });
});
