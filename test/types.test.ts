/**
 * Type-level checks of the public surface (run by `tsc --noEmit` in CI; vitest runs them as no-ops).
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createSummarizer,
  createTranslator,
  digest,
  DTYPES,
  SUMMARY_TYPES,
  segment,
  type BackendV1,
  type Dtype,
  type SummaryType,
  type ProgressEvent,
  type Sentence,
  type StreamedSentence,
  type TranslationResult,
  type Warning,
  type WarningCode,
} from '../src/index.js';

describe('public types', () => {
  it('segment returns sentences with offsets', () => {
    expectTypeOf(segment).returns.toEqualTypeOf<Sentence[]>();
    expectTypeOf<Sentence>().toHaveProperty('paragraph').toEqualTypeOf<number>();
  });

  it('translate resolves to a typed result; the stream yields sentences', () => {
    const t = createTranslator();
    expectTypeOf(t.translate).returns.resolves.toEqualTypeOf<TranslationResult>();
    expectTypeOf(t.translateStream('x')).toEqualTypeOf<AsyncIterable<StreamedSentence>>();
    expectTypeOf<TranslationResult['sentences'][number]>().toHaveProperty('translation').toEqualTypeOf<string>();
    expectTypeOf<TranslationResult['sentences'][number]['score']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StreamedSentence['score']>().toEqualTypeOf<number | undefined>();
  });

  it('progress events narrow on their type', () => {
    const handle = (e: ProgressEvent) => {
      if (e.type === 'download') expectTypeOf(e.loaded).toEqualTypeOf<number>();
      if (e.type === 'batch') expectTypeOf(e.total).toEqualTypeOf<number>();
    };
    expectTypeOf(handle).parameter(0).toEqualTypeOf<ProgressEvent>();
  });

  it('warnings carry a closed set of codes', () => {
    expectTypeOf<Warning['code']>().toEqualTypeOf<WarningCode>();
    expectTypeOf<'sentence-split'>().toExtend<WarningCode>();
  });

  it('a backend is a plain versioned object type', () => {
    expectTypeOf<BackendV1['specificationVersion']>().toEqualTypeOf<'v1'>();
    expectTypeOf(createTranslator).parameter(0).toExtend<{ backend?: BackendV1 } | undefined>();
  });

  it('summaries and digests resolve to their result shapes', () => {
    expectTypeOf(createSummarizer().summarize).returns.resolves.toHaveProperty('chunks').toEqualTypeOf<number>();
    expectTypeOf(digest).returns.resolves.toHaveProperty('timings');
  });

  it('value lists are const arrays and the types derive from them', () => {
    expectTypeOf<(typeof DTYPES)[number]>().toEqualTypeOf<Dtype>();
    expectTypeOf<(typeof SUMMARY_TYPES)[number]>().toEqualTypeOf<SummaryType>();
    expectTypeOf<SummaryType>().toEqualTypeOf<'key-points' | 'tldr' | 'teaser' | 'headline'>();
    expectTypeOf<Dtype>().toEqualTypeOf<'auto' | 'fp32' | 'q8'>();
  });

  it('digest takes translator and summarizer instances or their options', () => {
    expectTypeOf(digest).parameter(1).toExtend<{ translator?: { model?: string }; summarizer?: { model?: string } } | undefined>();
    expectTypeOf(createTranslator()).toExtend<NonNullable<NonNullable<Parameters<typeof digest>[1]>['translator']>>();
  });
});
