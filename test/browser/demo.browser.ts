/**
 * The demo page end to end in headless Chromium: load the sample article (the seed), press
 * Translate, read the side-by-side table, summarise, stop; a screenshot is kept as a test
 * artefact (test/browser/artifacts/demo.png) with the page's time to first translated sentence.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumService } from './chromium.js';
import { ROOT, SEED } from '../helpers.js';
import { segment } from '../../src/segment/index.js';
import { PAIRS, useBrowser } from './fixture.js';

const ctx = useBrowser();
const ARTIFACTS = path.join(ROOT, 'test/browser/artifacts');

describe.skipIf(!chromiumService.available)('the demo page', () => {
  it('translates the seed sentence by sentence beside the source, summarises it, and stops on Stop', async () => {
    const { page, errors, close } = await ctx.open('/?model=marian-memo&summaryModel=bart-tiny');
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('#seed');
    await page.waitForFunction(() => (document.getElementById('source') as HTMLTextAreaElement).value.length > 100);
    await page.click('#translate');
    await page.waitForSelector('body[data-total-ms]', { timeout: 120_000 });
    const rows = await page.$$eval('#sentences tbody tr', (trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((td) => td.textContent ?? '')));
    const expected = segment(SEED).map((s) => s.text);
    expect(rows.map((r) => r[1])).toEqual(expected);
    expect(rows.every((r) => r[2] !== '…' && r[2]!.length > 0)).toBe(true);
    const known = new Map(PAIRS.map((p) => [p.fr, p.en]));
    const exact = rows.filter((r) => known.has(r[1]!));
    expect(exact.length).toBeGreaterThan(5);
    for (const r of exact) expect(r[2]).toBe(known.get(r[1]!));

    await page.selectOption('#type', 'tldr');
    await page.click('#summarize');
    await page.waitForFunction(() => (document.getElementById('summary')?.textContent ?? '').length > 0, undefined, { timeout: 120_000 });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo.png'), fullPage: true });
    const cold = await page.evaluate(() => ({ firstSentenceMs: Number(document.body.dataset.firstSentenceMs), totalMs: Number(document.body.dataset.totalMs) }));

    // Stop: the second run (model loaded: warm) is aborted as soon as its first sentence shows
    await page.click('#translate');
    await page.waitForSelector('body[data-first-sentence-ms]');
    await page.click('#stop');
    const warmFirstSentenceMs = await page.evaluate(() => Number(document.body.dataset.firstSentenceMs));
    writeFileSync(
      path.join(ARTIFACTS, 'demo-timing.json'),
      JSON.stringify({ cold, warmFirstSentenceMs, sentences: rows.length, model: 'marian-memo', note: 'ms from the Translate click; cold includes compiling ORT WASM and loading the model in the worker' }, null, 2),
    );
    await page.waitForFunction(() => /Stopped|Translated/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.textContent('#status')).toMatch(/^Stopped after \d+ sentences\.$/);
    expect(errors).toEqual([]);
    expect(readFileSync(path.join(ARTIFACTS, 'demo.png')).length).toBeGreaterThan(1000);
    await close();
  });
});
