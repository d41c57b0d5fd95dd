/** Admission by queued sentences and characters: the bounds, the lone large request, release. */
import { describe, expect, it } from 'vitest';
import { SentenceAdmission, translationCost } from '../../src/server/admission.js';
import { resolveConfig, serverOptionsFromEnv } from '../../src/server/config.js';
import { QueueFullError } from '../../src/server/work-queue.js';

describe('translationCost', () => {
  it('counts segmented sentences of texts, or array items as sentences, and characters', () => {
    expect(translationCost(['Le chat dort. Il pleut.', 'Bonjour.'])).toEqual({ sentences: 3, chars: 31 });
    expect(translationCost(['Le chat dort. Il pleut.', 'Bonjour.'], true)).toEqual({ sentences: 2, chars: 31 });
    expect(translationCost(['   '])).toEqual({ sentences: 1, chars: 3 });
  });
});

describe('SentenceAdmission', () => {
  it('admits up to the sentence bound, refuses past it, and frees on release (once)', () => {
    const admission = new SentenceAdmission(3, 1000);
    const a = admission.admit({ sentences: 2, chars: 10 });
    const b = admission.admit({ sentences: 1, chars: 10 });
    expect(admission.queuedSentences).toBe(3);
    expect(() => admission.admit({ sentences: 1, chars: 1 })).toThrow(QueueFullError);
    a();
    a();
    expect(admission.queuedSentences).toBe(1);
    admission.admit({ sentences: 2, chars: 1 });
    expect(admission.queuedSentences).toBe(3);
    b();
  });

  it('refuses past the character bound', () => {
    const admission = new SentenceAdmission(100, 50);
    admission.admit({ sentences: 1, chars: 40 });
    expect(() => admission.admit({ sentences: 1, chars: 11 })).toThrow(QueueFullError);
    expect(admission.queuedChars).toBe(40);
  });

  it('admits a request over a bound when nothing else is in progress', () => {
    const admission = new SentenceAdmission(2, 10);
    const big = admission.admit({ sentences: 50, chars: 5000 });
    expect(() => admission.admit({ sentences: 1, chars: 1 })).toThrow(QueueFullError);
    big();
    expect(admission.queuedSentences).toBe(0);
  });
});

describe('config', () => {
  it('has the documented defaults and reads the new variables', () => {
    expect(resolveConfig({})).toMatchObject({ maxQueuedSentences: 1000, maxQueuedChars: 250_000, batchWindowMs: 5 });
    expect(serverOptionsFromEnv({ FR2EN_MAX_QUEUED_SENTENCES: '10', FR2EN_MAX_QUEUED_CHARS: '99', FR2EN_BATCH_WINDOW_MS: '0' })).toEqual({
      maxQueuedSentences: 10,
      maxQueuedChars: 99,
      batchWindowMs: 0,
    });
    expect(() => resolveConfig({ maxQueuedSentences: 0 })).toThrow(/maxQueuedSentences/);
  });
});
