/**
 * fr2en/web's Translator and Summarizer in headless Chromium: the specs' availability values,
 * downloadprogress events, exact translations, streaming deltas, destroy/abort reasons, error
 * names, quotas, and the built-in API used only when allowed and "available".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumService } from './chromium.js';
import { PAIRS, useBrowser } from './fixture.js';

const ctx = useBrowser();
let page: Page;
let closePage: () => Promise<void>;

const SETUP = { modelBaseUrl: '/models/', wasmPaths: '/ort/', translationModel: 'marian-memo', summaryModel: 'bart-tiny' };

beforeAll(async () => {
  const opened = await ctx.open();
  page = opened.page;
  closePage = opened.close;
  await page.evaluate(async (setup) => {
    const web = await (window as any).importModule('/dist/web.js');
    web.setup(setup);
    (window as any).web = web;
  }, SETUP);
});
afterAll(() => closePage?.());

describe.skipIf(!chromiumService.available)('fr2en/web Translator', () => {
  it('answers availability per the spec: downloadable before create, available after, unavailable for other pairs, RangeError for a bad tag', async () => {
    const out = await page.evaluate(async () => {
      const { Translator } = (window as any).web;
      const before = await Translator.availability({ sourceLanguage: 'fr', targetLanguage: 'en' });
      const other = await Translator.availability({ sourceLanguage: 'de', targetLanguage: 'en' });
      const identity = await Translator.availability({ sourceLanguage: 'en-US', targetLanguage: 'en-GB' });
      let bad = '';
      try {
        await Translator.availability({ sourceLanguage: 'not a tag!', targetLanguage: 'en' });
      } catch (e) {
        bad = (e as Error).constructor.name;
      }
      const events: { loaded: number; total: number; type: string; computable: boolean }[] = [];
      const t = await Translator.create({
        sourceLanguage: 'fr-FR',
        targetLanguage: 'en',
        monitor(m: EventTarget) {
          m.addEventListener('downloadprogress', (e: any) => events.push({ loaded: e.loaded, total: e.total, type: e.type, computable: e.lengthComputable }));
        },
      });
      const after = await Translator.availability({ sourceLanguage: 'fr', targetLanguage: 'en' });
      return { before, other, identity, bad, events, after, langs: [t.sourceLanguage, t.targetLanguage], quota: t.inputQuota, usage: await t.measureInputUsage('Bonjour.') };
    });
    expect(out.before).toBe('downloadable');
    expect(out.other).toBe('unavailable');
    expect(out.identity).toBe('available');
    expect(out.bad).toBe('RangeError');
    expect(out.after).toBe('available');
    expect(out.langs).toEqual(['fr', 'en']); // the best fit of fr-FR among fr2en's language arc (fr, en)
    expect(out.quota).toBe(Infinity);
    expect(out.usage).toBe(0);
    expect(out.events[0]).toEqual({ loaded: 0, total: 1, type: 'downloadprogress', computable: true });
    expect(out.events.at(-1)!.loaded).toBe(1);
    expect(out.events.length).toBeGreaterThanOrEqual(2);
    const loaded = out.events.map((e) => e.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it('translates the marian-memo pairs exactly, and translateStreaming yields one delta per sentence that concatenate to translate()', async () => {
    const text = PAIRS.slice(0, 5).map((p) => p.fr).join(' ');
    const out = await page.evaluate(async (input) => {
      const { Translator } = (window as any).web;
      const t = await Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' });
      const whole = await t.translate(input);
      const chunks: string[] = [];
      const reader = t.translateStreaming(input).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      return { whole, chunks, empty: await t.translate('   ') };
    }, text);
    expect(out.whole).toBe(PAIRS.slice(0, 5).map((p) => p.en).join(' '));
    expect(out.chunks).toHaveLength(5);
    expect(out.chunks.join('')).toBe(out.whole);
    expect(out.empty).toBe('   ');
  });

  it('rejects with the signal reason on abort and with an AbortError DOMException after destroy()', async () => {
    const out = await page.evaluate(async (sentences) => {
      const { Translator } = (window as any).web;
      const t = await Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' });
      const controller = new AbortController();
      const reason = new Error('stop here');
      const pending = t.translate(sentences.join(' '), { signal: controller.signal });
      controller.abort(reason);
      const aborted = await pending.then(() => 'resolved', (e: unknown) => (e === reason ? 'reason' : String(e)));
      const stream = t.translateStreaming(sentences.join(' '));
      const reader = stream.getReader();
      const first = await reader.read();
      t.destroy();
      const streamError = await reader.read().then(() => 'no error', (e: any) => `${e.constructor.name}:${e.name}`);
      const later = await t.translate('Bonjour.').then(() => 'resolved', (e: any) => `${e.constructor.name}:${e.name}`);
      let preAborted = '';
      await Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en', signal: AbortSignal.abort(reason) }).catch((e: unknown) => (preAborted = e === reason ? 'reason' : String(e)));
      const unsupported = await Translator.create({ sourceLanguage: 'de', targetLanguage: 'en' }).catch((e: any) => `${e.constructor.name}:${e.name}`);
      return { aborted, first: first.value, streamError, later, preAborted, unsupported };
    }, PAIRS.map((p) => p.fr));
    expect(out.aborted).toBe('reason');
    expect(out.first).toBe(PAIRS[0]!.en);
    expect(out.streamError).toBe('DOMException:AbortError');
    expect(out.later).toBe('DOMException:AbortError');
    expect(out.preAborted).toBe('reason');
    expect(out.unsupported).toBe('DOMException:NotSupportedError');
  });
});

describe.skipIf(!chromiumService.available)('fr2en/web Summarizer', () => {
  it('summarises English abstractively and French through a translation, with the spec defaults and attributes', async () => {
    const out = await page.evaluate(async (fr) => {
      const { Summarizer } = (window as any).web;
      const unavailable = await Summarizer.availability({ expectedInputLanguages: ['de'] });
      const s = await Summarizer.create({ type: 'headline', length: 'short', format: 'plain-text', expectedInputLanguages: ['en'] });
      const en = await s.summarize('The cat is sleeping. It is raining today. Thank you very much.');
      const empty = await s.summarize('  ');
      const d = await Summarizer.create({ outputLanguage: 'en', expectedInputLanguages: ['fr'] });
      const fromFrench = await d.summarize(fr);
      return {
        unavailable,
        en,
        empty,
        fromFrench,
        attrs: [d.type, d.format, d.length, d.outputLanguage, d.expectedInputLanguages, d.expectedContextLanguages, d.sharedContext],
      };
    }, PAIRS.slice(0, 3).map((p) => p.fr).join(' '));
    expect(out.unavailable).toBe('unavailable');
    expect(typeof out.en).toBe('string');
    expect(out.en.split(/\s+/).length).toBeLessThanOrEqual(13); // headline short: ≤ 12 words (+ an ellipsis)
    expect(out.empty).toBe('');
    expect(typeof out.fromFrench).toBe('string');
    expect(out.attrs).toEqual(['key-points', 'markdown', 'short', 'en', ['fr'], null, null]);
  });

  it('rejects an input over the quota with QuotaExceededError carrying requested and quota', async () => {
    const out = await page.evaluate(async () => {
      const web = (window as any).web;
      web.setup({ inputQuota: 10, summaryMethod: 'extractive' });
      try {
        const s = await web.Summarizer.create({ sharedContext: 'abc' });
        const usage = await s.measureInputUsage('12345', { context: 'xy' });
        const error = await s.summarize('Le chat dort. Il pleut.').then(() => null, (e: any) => ({ name: e.name, requested: e.requested, quota: e.quota }));
        return { usage, quota: s.inputQuota, error };
      } finally {
        web.setup({ inputQuota: Infinity, summaryMethod: 'abstractive' });
      }
    });
    expect(out.usage).toBe(10);
    expect(out.quota).toBe(10);
    expect(out.error).toEqual({ name: 'QuotaExceededError', requested: 26, quota: 10 });
  });
});

describe.skipIf(!chromiumService.available)('fr2en/web and the browser built-in API', () => {
  it("does not switch to Chromium's own Translator, which reports downloadable offline", async () => {
    const out = await page.evaluate(async () => {
      const web = (window as any).web;
      const native = typeof (window as any).Translator === 'function' ? await (window as any).Translator.availability({ sourceLanguage: 'fr', targetLanguage: 'en' }) : 'absent';
      web.setup({ preferBuiltIn: true });
      try {
        const t = await web.Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' });
        return { native, ours: t instanceof web.Translator, text: await t.translate('Bonjour.') };
      } finally {
        web.setup({ preferBuiltIn: false });
      }
    });
    expect(out.native).not.toBe('available');
    expect(out.ours).toBe(true);
    expect(out.text).toBe('Hello.');
  });

  it('uses a built-in Translator that reports available only when the caller opts in', async () => {
    const { page: p, close } = await ctx.open();
    await p.addInitScript(() => {
      (window as any).Translator = class FakeBuiltIn {
        static availability = async () => 'available';
        static create = async () => new FakeBuiltIn();
        translate = async () => 'from the built-in';
      };
    });
    await p.reload();
    const out = await p.evaluate(async () => {
      const web = await (window as any).importModule('/dist/web.js');
      web.setup({ modelBaseUrl: '/models/', wasmPaths: '/ort/', translationModel: 'marian-memo' });
      const availabilityOff = await web.Translator.availability({ sourceLanguage: 'fr', targetLanguage: 'en' });
      web.setup({ preferBuiltIn: true });
      const t = await web.Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' });
      return { availabilityOff, builtIn: await t.translate('Bonjour.'), ours: t instanceof web.Translator };
    });
    expect(out.availabilityOff).toBe('downloadable');
    expect(out.builtIn).toBe('from the built-in');
    expect(out.ours).toBe(false);
    await close();
  });
});
