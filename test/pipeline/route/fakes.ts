/**
 * Model-free instances for route tests: a fake translator that knows marian-memo's 18 French →
 * English pairs (other sentences come back as `EN: <source>`), and fake summarisation backends
 * (seq2seq: the upper-cased input; chat: the same, its input being the prompt).
 */
import { createTranslator, type Translator } from '../../../src/index.js';
import { createFakeBackend, type FakeBackend, type FakeBackendOptions } from '../../../src/testing/index.js';
import { MEMO_PAIRS } from '../../helpers.js';

const ENGLISH = new Map(MEMO_PAIRS.map((p) => [p.fr, p.en]));

/** The fake translation of one French sentence. */
export const english = (fr: string): string => ENGLISH.get(fr) ?? `EN: ${fr}`;

/** A translator on a fake backend that translates with {@link english}; `backend.calls` records what it was asked. */
export function fakeTranslator(options: FakeBackendOptions = {}): { translator: Translator; backend: FakeBackend } {
  const backend = createFakeBackend({ modelId: 'fake-opus', transform: english, ...options });
  // the fake's English is not a real translation: the checker's second pass would only add calls these routing tests count
  return { translator: createTranslator({ backend, repair: false, consistentNames: false }), backend };
}

/** A summarisation backend: seq2seq by default, `chat: true` for a chat model. */
export function fakeSummaryBackend(options: FakeBackendOptions = {}): FakeBackend {
  return createFakeBackend({ modelId: options.chat ? 'fake-chat' : 'fake-bart', ...options });
}

/** Every input the backend was asked to generate from, in order. */
export const inputsOf = (backend: FakeBackend): string[] => backend.calls.flatMap((c) => c.inputs);

/** A French text of the memorised pairs (known translations), in three paragraphs. */
export const FRENCH = [MEMO_PAIRS.slice(0, 6), MEMO_PAIRS.slice(6, 12), MEMO_PAIRS.slice(12)].map((ps) => ps.map((p) => p.fr).join(' ')).join('\n\n');
