/**
 * The Node and browser entries are built from one module: the same French text summarised
 * (and digested) through each takes the same route, asks the models the same things and gives
 * the same result, for every summary method and both kinds of summariser.
 */
import { describe, expect, it } from 'vitest';
import * as browser from '../../src/browser.js';
import * as node from '../../src/index.js';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';
import { english, FRENCH } from '../pipeline/route/fakes.js';

type Entry = typeof browser | typeof node;

/** Runs `run` on fresh fake backends through one entry; returns its result and what each model was asked. */
async function through<T>(entry: Entry, chat: boolean, run: (fr2en: Entry, instances: { translator: node.Translator; summarizer: node.Summarizer }) => Promise<T>) {
  const opus: FakeBackend = createFakeBackend({ modelId: 'fake-opus', transform: english });
  const summary: FakeBackend = createFakeBackend({ modelId: 'fake-summary', chat, ...(chat ? { transform: () => 'A short English summary.' } : {}) });
  const translator = entry.createTranslator({ backend: opus });
  const summarizer = entry.createSummarizer({ backend: summary, translator });
  const result = await run(entry, { translator, summarizer });
  return { result, translated: opus.calls.map((c) => c.inputs), summarised: summary.calls.map((c) => c.inputs) };
}

const withoutTimings = <T extends object>(r: T) => ({ ...r, timings: undefined });

describe('Node and browser entries behave alike', () => {
  it('export the same shared API (public.ts) as the same functions', () => {
    for (const name of ['createSummarizer', 'summarize', 'digest', 'createTranslator', 'segment', 'ROUTES'] as const) {
      expect(browser[name]).toBe(node[name]);
    }
  });

  it.each([
    ['abstractive, seq2seq summariser', 'abstractive', false, 'translate-then-summarize'],
    ['extractive', 'extractive', false, 'pick-then-translate'],
    ['abstractive, chat summariser', 'abstractive', true, undefined],
  ] as const)('summarize(French), %s: same route, same model calls, same result', async (_name, method, chat, route) => {
    const call = (fr2en: Entry, { summarizer }: { summarizer: node.Summarizer }) => summarizer.summarize(FRENCH, { method, type: 'tldr', length: 'short' });
    const fromNode = await through(node, chat, call);
    const fromBrowser = await through(browser, chat, call);
    expect(fromNode.result.fromFrench?.route).toBe(route);
    expect(fromBrowser).toEqual(fromNode);
    expect(fromNode.summarised.flat().join(' ')).not.toContain(chat ? 'EN:' : FRENCH.slice(0, 30)); // seq2seq reads English only; chat reads the French
  });

  it.each([
    ['translate-first', 'abstractive', false, 'translate-then-summarize'],
    ['summarize-first', 'abstractive', false, 'pick-translate-summarize'],
    ['translate-first', 'extractive', false, 'translate-then-pick'],
    ['summarize-first', 'extractive', false, 'pick-then-translate'],
    ['translate-first', 'abstractive', true, 'chat-reads-french'],
  ] as const)('digest(French), %s %s (chat: %s): route %s in both', async (order, method, chat, route) => {
    const call = (fr2en: Entry, instances: { translator: node.Translator; summarizer: node.Summarizer }) => fr2en.digest(FRENCH, { order, method, ...instances });
    const fromNode = await through(node, chat, call);
    const fromBrowser = await through(browser, chat, call);
    expect(fromNode.result.route).toBe(route);
    expect({ ...fromBrowser, result: withoutTimings(fromBrowser.result) }).toEqual({ ...fromNode, result: withoutTimings(fromNode.result) });
  });
});
