/**
 * The route decision is pure: every combination of language, method, `english`, model kind and
 * digest order maps to one route (or a typed error), and the routes' steps are declared once.
 */
import { describe, expect, it } from 'vitest';
import { decideRoute, planRoute, ROUTE_STEPS, ROUTES, summaryRouteOf, type RouteInput } from '../../../src/pipeline/route/decide.js';

type Row = [french: boolean, method: RouteInput['method'], english: boolean, chat: boolean, order: RouteInput['order'], route: string, translate: string];

// the whole table: 2 languages × 2 methods × english × chat × 3 orders = 48 rows, written out
const TABLE: Row[] = [];
const expected = (french: boolean, method: RouteInput['method'], english: boolean, chat: boolean, order: RouteInput['order']): [string, string] => {
  const digestTranslate = order === 'translate-first' ? 'all' : 'picks';
  if (!french) return method === 'abstractive' ? ['summarize-as-is', order ? digestTranslate : 'none'] : ['pick-as-is', order ? digestTranslate : 'none'];
  if (method === 'extractive') {
    if (!english) return ['pick-as-is', order ? digestTranslate : 'none'];
    return order === 'translate-first' ? ['translate-then-pick', 'all'] : ['pick-then-translate', 'picks'];
  }
  if (chat) return ['chat-reads-french', order ? digestTranslate : 'none'];
  if (!english) return ['error', ''];
  return order === 'summarize-first' ? ['pick-translate-summarize', 'picks'] : ['translate-then-summarize', 'all'];
};
for (const french of [true, false])
  for (const method of ['abstractive', 'extractive'] as const)
    for (const english of [true, false])
      for (const chat of [true, false])
        for (const order of [undefined, 'translate-first', 'summarize-first'] as const) TABLE.push([french, method, english, chat, order, ...expected(french, method, english, chat, order)]);

describe('route decision', () => {
  it.each([
    // the rows the issue names, spelled out: [french, method, english, chat, order, route, translate]
    [true, 'abstractive', true, false, undefined, 'translate-then-summarize', 'all'],
    [true, 'extractive', true, false, undefined, 'pick-then-translate', 'picks'],
    [true, 'abstractive', true, true, undefined, 'chat-reads-french', 'none'],
    [true, 'abstractive', true, true, 'translate-first', 'chat-reads-french', 'all'],
    [true, 'abstractive', true, true, 'summarize-first', 'chat-reads-french', 'picks'],
    [true, 'extractive', false, false, undefined, 'pick-as-is', 'none'],
    [false, 'abstractive', true, false, undefined, 'summarize-as-is', 'none'],
    [false, 'extractive', true, true, undefined, 'pick-as-is', 'none'],
    [true, 'extractive', true, false, 'translate-first', 'translate-then-pick', 'all'],
    [true, 'extractive', true, false, 'summarize-first', 'pick-then-translate', 'picks'],
    [true, 'abstractive', true, false, 'summarize-first', 'pick-translate-summarize', 'picks'],
    [true, 'abstractive', true, false, 'translate-first', 'translate-then-summarize', 'all'],
  ] satisfies Row[])('french=%s %s english=%s chat=%s order=%s → %s (translate %s)', (french, method, english, chat, order, route, translate) => {
    expect(planRoute({ french, method, english, chat, order })).toEqual({ route, translate });
  });

  it.each(TABLE)('french=%s %s english=%s chat=%s order=%s → %s', (french, method, english, chat, order, route, translate) => {
    const input = { french, method, english, chat, order };
    if (route === 'error') {
      expect(() => decideRoute(input)).toThrow(expect.objectContaining({ code: 'INPUT', option: 'english' }));
      return;
    }
    expect(planRoute(input)).toEqual({ route, translate });
  });

  it('reaches every route, and each route summarises the way its steps say', () => {
    const reached = new Set(TABLE.map((row) => row[5]).filter((r) => r !== 'error'));
    expect([...reached].sort()).toEqual([...ROUTES].sort());
    for (const row of TABLE) {
      if (row[5] === 'error') continue;
      expect(ROUTE_STEPS[row[5] as keyof typeof ROUTE_STEPS].summary).toBe(row[1]);
    }
  });

  it('maps to the digest summary route: direct only when a chat model read the French', () => {
    expect(ROUTES.filter((r) => summaryRouteOf(r) === 'direct')).toEqual(['chat-reads-french']);
  });
});
