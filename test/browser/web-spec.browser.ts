/**
 * fr2en/web against the WICG specifications in headless Chromium: user activation from real
 * clicks, the task ordering of results (abort and destroy made right after a call win), the create
 * signal destroying the object, aborts after the last downloadprogress event, control-character
 * input, unavailable languages, and replacing Chromium's own Translator/Summarizer.
 * The checks follow web-platform-tests' ai/translator/translator.optional.https.window.js,
 * translator-create-user-activation and ai/resources/util.js (testDestroy, testCreateAbort,
 * testAbortPromise, testMonitor, testCreateMonitorWithAbortAt), adapted to French → English.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForConsole } from './chromium.js';
import { useBrowser } from './fixture.js';

const ctx = useBrowser();
const SETUP = { modelBaseUrl: '/models/', wasmPaths: '/ort/', translationModel: 'marian-memo', summaryModel: 'bart-tiny' };
/**
 * For the tests that are not about activation: an evaluate's activation lasts a few seconds, and
 * on a loaded machine a create() late in the evaluate could outlive it.
 */
const NO_ACTIVATION_CHECK = { ...SETUP, requireUserActivation: false };

type Record = { active: boolean; ok: boolean; name?: string; type?: string; value?: unknown };
type Records = { [key: string]: Record | boolean | string | undefined };
const records = (page: Page) => page.evaluate(() => (window as unknown as { records: Records }).records);
const waitFor = (page: Page, key: string) => page.waitForFunction((k) => (window as any).records?.[k] !== undefined, key);

describe('user activation (real clicks, no evaluate before the calls without one)', () => {
  let page: Page;
  let close: () => Promise<void>;
  const modelRequests: string[] = [];
  beforeAll(async () => {
    const opened = await ctx.open('/test/web-spec.html');
    page = opened.page;
    close = opened.close;
    page.on('request', (r) => {
      if (r.url().includes('/models/')) modelRequests.push(r.url());
    });
    // not a locator or waitForFunction: they would give the page a user gesture before its own
    // no-activation calls had run, on a machine slow enough for the poll to come first
    await waitForConsole(opened.console, 'fr2en web-spec: load calls done');
  });
  afterAll(() => close?.());

  it('rejects create() with NotAllowedError while the model is downloadable and the page has no activation, fetching nothing', async () => {
    const r = await records(page);
    expect(r.availabilityAtLoad).toBe('downloadable');
    expect(r.atLoad).toEqual({ active: false, ok: false, name: 'NotAllowedError', type: 'DOMException' });
    expect(r.summarizerAtLoad).toEqual({ active: false, ok: false, name: 'NotAllowedError', type: 'DOMException' });
    expect(modelRequests.filter((u) => u.includes('marian-memo') && u.endsWith('.onnx'))).toEqual([]);
  });

  it('answers NotSupportedError, not NotAllowedError, for languages fr2en lacks, even without activation', async () => {
    const r = await records(page);
    expect(r.unsupportedAtLoad).toEqual({ active: false, ok: false, name: 'NotSupportedError', type: 'DOMException' });
    expect(r.unsupportedSummarizerAtLoad).toEqual({ active: false, ok: false, name: 'NotSupportedError', type: 'DOMException' });
  });

  it("counts Playwright's evaluate as a user gesture (so evaluate-driven tests have activation)", async () => {
    expect(await page.evaluate(() => navigator.userActivation.isActive)).toBe(true);
  });

  it('rejects with sticky activation only: a click whose transient activation was consumed', async () => {
    await page.click('#consume-then-create');
    await waitFor(page, 'stickyOnly');
    const r = await records(page);
    expect(r.clickedActive).toBe(true);
    expect(r.stickyOnly).toEqual({ active: false, ok: false, name: 'NotAllowedError', type: 'DOMException' });
  });

  it('creates from a real click, after which the model is available and create() needs no activation', async () => {
    await page.click('#create-translator');
    await waitFor(page, 'availableWithoutActivation');
    const r = await records(page);
    expect(r.clicked).toEqual({ active: true, ok: true, value: 'Hello.' });
    expect(r.availabilityAfter).toBe('available');
    expect(r.availableWithoutActivation).toEqual({ active: false, ok: true, value: 'Thank you very much.' });
  });

  it('creates a Summarizer from a real click', async () => {
    await page.mouse.click(...(await center(page, '#create-summarizer')));
    await waitFor(page, 'summarizerClicked');
    expect((await records(page)).summarizerClicked).toEqual({ active: true, ok: true, value: 'string' });
  });
});

describe('setup({ requireUserActivation: false }) (non-standard)', () => {
  it('lets create() download without activation, which the default refuses', async () => {
    const { page, close } = await ctx.open();
    try {
      const out = await page.evaluate(async (setup) => {
        const web = await (window as any).importModule('/dist/web.js');
        web.setup(setup);
        // evaluate is a gesture: consume its transient activation first
        window.open('about:blank', '_blank')?.close();
        const active = navigator.userActivation.isActive;
        const pair = { sourceLanguage: 'fr', targetLanguage: 'en' };
        const refused = await web.Translator.create(pair).then(() => 'resolved', (e: any) => e.name);
        web.setup({ requireUserActivation: false });
        const t = await web.Translator.create(pair);
        return { active, refused, text: await t.translate('Bonjour.') };
      }, SETUP);
      expect(out).toEqual({ active: false, refused: 'NotAllowedError', text: 'Hello.' });
    } finally {
      await close();
    }
  });
});

async function center(page: Page, selector: string): Promise<[number, number]> {
  const box = (await page.locator(selector).boundingBox())!;
  return [box.x + box.width / 2, box.y + box.height / 2];
}

describe('task ordering, aborts and destruction (the upstream helpers, adapted)', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await ctx.open();
    page = opened.page;
    close = opened.close;
    await page.evaluate(async (setup) => {
      const web = await (window as any).importModule('/dist/web.js');
      web.setup(setup);
      (window as any).web = web;
      await web.Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' });
      await web.Summarizer.create({ expectedInputLanguages: ['en'] });
    }, NO_ACTIVATION_CHECK);
  });
  afterAll(() => close?.());

  for (const api of ['Translator', 'Summarizer'] as const) {
    it(`${api}: destroy() right after translate/summarize and measureInputUsage rejects them and later calls with AbortError`, async () => {
      const out = await page.evaluate(async (api) => {
        const web = (window as any).web;
        const o = api === 'Translator' ? await web.Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' }) : await web.Summarizer.create({ expectedInputLanguages: ['en'] });
        const run = () => (api === 'Translator' ? o.translate('Bonjour.') : o.summarize('The cat is sleeping. It is raining today.'));
        const calls = [run(), o.measureInputUsage('Bonjour.')];
        o.destroy();
        calls.push(run(), o.measureInputUsage('Bonjour.'));
        return Promise.all(calls.map((p: Promise<unknown>) => p.then(() => 'resolved', (e: any) => `${e.constructor.name}:${e.name}`)));
      }, api);
      expect(out).toEqual(Array(4).fill('DOMException:AbortError'));
    });

    it(`${api}: the stream of a call made just before destroy() errors with AbortError, and a stream asked for after it throws`, async () => {
      const out = await page.evaluate(async (api) => {
        const web = (window as any).web;
        const o = api === 'Translator' ? await web.Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' }) : await web.Summarizer.create({ expectedInputLanguages: ['en'] });
        const stream = () => (api === 'Translator' ? o.translateStreaming('Bonjour. Merci beaucoup.') : o.summarizeStreaming('The cat is sleeping. It is raining today.'));
        const s = stream();
        o.destroy();
        const piped = await s.pipeTo(new WritableStream()).then(() => 'resolved', (e: any) => `${e.constructor.name}:${e.name}`);
        let thrown = 'no throw';
        try {
          stream();
        } catch (e: any) {
          thrown = `${e.constructor.name}:${e.name}`;
        }
        return [piped, thrown];
      }, api);
      expect(out).toEqual(['DOMException:AbortError', 'DOMException:AbortError']);
    });

    it(`${api}: the create signal destroys it after creation: pending and later calls reject with exactly its reason`, async () => {
      const out = await page.evaluate(async (api) => {
        const web = (window as any).web;
        const controller = new AbortController();
        const signal = controller.signal;
        const o = api === 'Translator' ? await web.Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en', signal }) : await web.Summarizer.create({ expectedInputLanguages: ['en'], signal });
        const run = () => (api === 'Translator' ? o.translate('Bonjour.') : o.summarize('The cat is sleeping. It is raining today.'));
        const calls = [run(), o.measureInputUsage('Bonjour.')];
        const error = new Error('The create abort signal was aborted.');
        controller.abort(error);
        calls.push(run(), o.measureInputUsage('Bonjour.'));
        return Promise.all(calls.map((p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e === error ? 'exactly' : String(e)))));
      }, api);
      expect(out).toEqual(Array(4).fill('exactly'));
    });

    it(`${api}: aborting measureInputUsage right after the call rejects it (AbortError, or exactly the reason), as does reusing the aborted signal`, async () => {
      const out = await page.evaluate(async (api) => {
        const web = (window as any).web;
        const o = api === 'Translator' ? await web.Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' }) : await web.Summarizer.create({ expectedInputLanguages: ['en'] });
        const settle = (p: Promise<unknown>, reason?: unknown) => p.then(() => 'resolved', (e: any) => (reason !== undefined && e === reason ? 'exactly' : `${e.name}`));
        const plain = new AbortController();
        const first = o.measureInputUsage('Bonjour.', { signal: plain.signal });
        plain.abort();
        const custom = new AbortController();
        const err = new Error('test');
        const third = o.measureInputUsage('Bonjour.', { signal: custom.signal });
        custom.abort(err);
        return [
          await settle(first),
          await settle(o.measureInputUsage('Bonjour.', { signal: plain.signal })),
          await settle(third, err),
          await settle(o.measureInputUsage('Bonjour.', { signal: custom.signal }), err),
          await o.measureInputUsage('Bonjour.'),
        ];
      }, api);
      expect(out).toEqual(['AbortError', 'AbortError', 'exactly', 'exactly', 0]);
    });
  }

  it('fires downloadprogress 0 first and 1 last, none after create() resolves, loaded a multiple of 1/65536', async () => {
    const out = await page.evaluate(async () => {
      const web = (window as any).web;
      let created = false;
      const events: { loaded: number; total: number; computable: boolean; afterCreate: boolean }[] = [];
      await web.Translator.create({
        sourceLanguage: 'fr',
        targetLanguage: 'en',
        monitor(m: EventTarget) {
          m.addEventListener('downloadprogress', (e: any) => events.push({ loaded: e.loaded, total: e.total, computable: e.lengthComputable, afterCreate: created }));
        },
      });
      created = true;
      await new Promise((r) => setTimeout(r, 0));
      return events;
    });
    expect(out.length).toBeGreaterThanOrEqual(2);
    expect(out[0]!.loaded).toBe(0);
    expect(out.at(-1)!.loaded).toBe(1);
    for (const e of out) expect(e).toMatchObject({ total: 1, computable: true, afterCreate: false });
    for (const e of out) expect((e.loaded * 65536) % 1).toBe(0);
  });

  for (const at of [0, 1]) {
    for (const api of ['Translator', 'Summarizer'] as const) {
      it(`${api}: an abort made on the downloadprogress event with loaded ${at} wins: create() rejects with exactly its reason, no second event`, async () => {
        const out = await page.evaluate(
          async ({ api, at }) => {
            const web = (window as any).web;
            let resolve!: () => void;
            const event = new Promise<void>((r) => (resolve = r));
            let seen = 0;
            const controller = new AbortController();
            const monitor = (m: EventTarget) =>
              m.addEventListener('downloadprogress', (e: any) => {
                if (e.loaded !== at) return;
                seen++;
                resolve();
              });
            const options = api === 'Translator' ? { sourceLanguage: 'fr', targetLanguage: 'en' } : { expectedInputLanguages: ['en'] };
            const created = web[api].create({ ...options, monitor, signal: controller.signal });
            await event;
            const err = new Error('test');
            controller.abort(err);
            const result = await created.then(() => 'resolved', (e: unknown) => (e === err ? 'exactly' : String(e)));
            await new Promise((r) => setTimeout(r, 50));
            return { result, seen };
          },
          { api, at },
        );
        expect(out).toEqual({ result: 'exactly', seen: 1 });
      });
    }
  }

  it('echoes input with nothing to translate (empty, white space, each control character) and translates it once words are added', async () => {
    const out = await page.evaluate(async () => {
      const { Translator } = (window as any).web;
      const t = await Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' });
      const blank = ['', ' ', '     ', ' \r\n\t\f'];
      for (let c = 0; c < 0x1f; c++) blank.push(String.fromCharCode(c));
      const echoed = await Promise.all(blank.map((s) => t.translate(s)));
      const worded = blank.map((s) => `Bonjour ${s} monde`);
      const translated = await Promise.all(worded.map((s) => t.translate(s)));
      return { blank, echoed, worded, translated };
    });
    expect(out.echoed).toEqual(out.blank);
    out.translated.forEach((t, i) => expect(t).not.toBe(out.worded[i]));
  });

  it("summarises input with nothing to summarise as '' without the model", async () => {
    const out = await page.evaluate(async () => {
      const { Summarizer } = (window as any).web;
      const s = await Summarizer.create({ expectedInputLanguages: ['en'] });
      return Promise.all(['', ' \n', '\u0000\u0001', '\u0007\t\u001b'].map((x) => s.summarize(x)));
    });
    expect(out).toEqual(['', '', '', '']);
  });

  it("answers 'unavailable' and rejects create() with NotSupportedError for pairs and languages fr2en lacks; RangeError for a bad tag, TypeError for a missing one", async () => {
    const out = await page.evaluate(async () => {
      const { Translator, Summarizer } = (window as any).web;
      const name = (p: Promise<unknown>) => p.then(() => 'resolved', (e: any) => `${e.constructor.name}:${e.name}`);
      return {
        availability: await Promise.all([
          Translator.availability({ sourceLanguage: 'en', targetLanguage: 'fr' }),
          Translator.availability({ sourceLanguage: 'de', targetLanguage: 'en' }),
          Summarizer.availability({ expectedInputLanguages: ['ja'] }),
          Summarizer.availability({ outputLanguage: 'de' }),
          Summarizer.availability({ expectedContextLanguages: ['es'] }),
        ]),
        create: await Promise.all([
          name(Translator.create({ sourceLanguage: 'en', targetLanguage: 'fr' })),
          name(Summarizer.create({ expectedInputLanguages: ['ja'] })),
          name(Summarizer.create({ outputLanguage: 'de' })),
        ]),
        bad: await Promise.all([
          name(Translator.create({ sourceLanguage: 'not a tag!', targetLanguage: 'en' })),
          name(Translator.create({ sourceLanguage: 'fr' })),
          name(Translator.create()),
          name(Summarizer.availability({ expectedInputLanguages: ['not a tag!'] })),
        ]),
      };
    });
    expect(out.availability).toEqual(Array(5).fill('unavailable'));
    expect(out.create).toEqual(Array(3).fill('DOMException:NotSupportedError'));
    expect(out.bad).toEqual(['RangeError:RangeError', 'TypeError:TypeError', 'TypeError:TypeError', 'RangeError:RangeError']);
  });

  it('rejects create() with the monitor callback\'s exception, even for a pair fr2en lacks', async () => {
    const out = await page.evaluate(async () => {
      const { Translator } = (window as any).web;
      const error = new Error('CreateMonitorCallback threw an error');
      const monitor = () => {
        throw error;
      };
      return Translator.create({ sourceLanguage: 'und', targetLanguage: 'de', monitor }).then(() => 'resolved', (e: unknown) => (e === error ? 'exactly' : String(e)));
    });
    expect(out).toBe('exactly');
  });

  it('Summarizer: canonicalises and de-duplicates expectedInputLanguages, and keeps sharedContext', async () => {
    const out = await page.evaluate(async () => {
      const { Summarizer } = (window as any).web;
      const s = await Summarizer.create({ expectedInputLanguages: ['EN', 'en', 'en-us'], sharedContext: 'Background: weather news.' });
      return { langs: s.expectedInputLanguages, frozen: Object.isFrozen(s.expectedInputLanguages), same: s.expectedInputLanguages === s.expectedInputLanguages, shared: s.sharedContext };
    });
    expect(out).toEqual({ langs: ['en', 'en-US'], frozen: true, same: true, shared: 'Background: weather news.' });
  });
});

describe("Chromium's own Translator and Summarizer", () => {
  it('are left alone by polyfill(), replaced with force (reported as fr2en, and fr2en then translates), and put back by restoreNative()', async () => {
    const { page, close } = await ctx.open();
    try {
      const out = await page.evaluate(async (setup) => {
        const web = await (window as any).importModule('/dist/web.js');
        web.setup(setup);
        const g = window as any;
        const original = g.Translator;
        const before = [web.implementation('Translator'), web.implementation('Summarizer')];
        const nativeAvailability = await original.availability({ sourceLanguage: 'fr', targetLanguage: 'en' });
        const polite = web.polyfill();
        const unchanged = g.Translator === original;
        const replaced = web.polyfill({ force: ['Translator'] });
        const afterTranslator = [web.implementation('Translator'), web.implementation('Summarizer')];
        const all = web.polyfill({ force: true });
        const after = [web.implementation('Translator'), web.implementation('Summarizer')];
        const ours = g.Translator === web.Translator && g.Summarizer === web.Summarizer;
        const t = await g.Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' });
        const text = await t.translate('Bonjour.');
        // preferBuiltIn still reaches the replaced native class, which is not available offline: fr2en serves
        web.setup({ preferBuiltIn: true });
        const preferred = (await web.Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' })) instanceof web.Translator;
        web.setup({ preferBuiltIn: false });
        const restored = web.restoreNative();
        return {
          before,
          nativeAvailability,
          polite,
          unchanged,
          replaced,
          afterTranslator,
          all,
          after,
          ours,
          text,
          preferred,
          restored,
          back: g.Translator === original,
          final: web.implementation('Translator'),
        };
      }, NO_ACTIVATION_CHECK);
      expect(out.before).toEqual(['native', 'native']);
      expect(out.nativeAvailability).not.toBe('available');
      expect(out.polite).toEqual([]);
      expect(out.unchanged).toBe(true);
      expect(out.replaced).toEqual(['Translator']);
      expect(out.afterTranslator).toEqual(['fr2en', 'native']);
      expect(out.all).toEqual(['Summarizer']);
      expect(out.after).toEqual(['fr2en', 'fr2en']);
      expect(out.ours).toBe(true);
      expect(out.text).toBe('Hello.');
      expect(out.preferred).toBe(true);
      expect(out.restored).toEqual(['Translator', 'Summarizer']);
      expect(out.back).toBe(true);
      expect(out.final).toBe('native');
    } finally {
      await close();
    }
  });
});
