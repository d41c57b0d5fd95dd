/**
 * .docx in, .docx out, on documents a real word processor made: LibreOffice wrote
 * test/fixtures/docx/article.docx from article.html (scripts/fixtures/make-docx-fixtures.sh).
 * Translated with marian-memo (its English is known), the result is read back by LibreOffice:
 * the English is there, paragraphs and tables are as many, bold and italic survive. Those
 * round-trip checks skip (one console line) without soffice, unless FR2EN_REQUIRE_SERVICES=1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocx } from '../../src/formats/docx/index.js';
import { createTranslator, digest, InputError, MAX_COMPRESSION_RATIO, MAX_ZIP_ENTRIES, type TranslationResult } from '../../src/index.js';
import { MARIAN_MEMO, ROOT } from '../helpers.js';
import { requireService } from '../helpers/services.js';
import { en, fr } from './helpers.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'docx', 'article.docx');
const source = new Uint8Array(readFileSync(FIXTURE));
const textBoxSource = new Uint8Array(readFileSync(path.join(ROOT, 'test', 'fixtures', 'docx', 'textbox.docx')));
// LibreOffice: skipped with one line saying how to install it, mandatory with FR2EN_REQUIRE_SERVICES=1
const office = requireService('soffice');
const soffice = office.available;

const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-docx-'));
let result: TranslationResult;
let textBox: TranslationResult;
/** LibreOffice's HTML export of the French and the English documents. */
const html: { fr?: string; en?: string; textBox?: string } = {};

beforeAll(async () => {
  result = await translator.translate(source, { inputFormat: 'docx' });
  textBox = await translator.translate(textBoxSource, { inputFormat: 'docx' });
  writeFileSync(path.join(scratch, 'en.docx'), result.document!);
  writeFileSync(path.join(scratch, 'textbox-en.docx'), textBox.document!);
  writeFileSync(path.join(scratch, 'fr.docx'), source);
  if (soffice) {
    // one LibreOffice start for both files, with a profile of its own
    execFileSync(office.path!, [`-env:UserInstallation=file://${scratch}/profile`, '--headless', '--convert-to', 'html', '--outdir', scratch, path.join(scratch, 'fr.docx'), path.join(scratch, 'en.docx'), path.join(scratch, 'textbox-en.docx')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    html.fr = readFileSync(path.join(scratch, 'fr.html'), 'utf8');
    html.en = readFileSync(path.join(scratch, 'en.html'), 'utf8');
    html.textBox = readFileSync(path.join(scratch, 'textbox-en.html'), 'utf8');
  }
}, 180_000);

afterAll(async () => {
  await translator.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

const count = (text: string, re: RegExp) => [...text.matchAll(re)].length;
const xmlOf = (bytes: Uint8Array, name: string) => strFromU8(unzipSync(bytes)[name]!);
const unescapeHtml = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('.docx made by LibreOffice translates in place', () => {
  it('translates the body, table cells, list items, header, footer and footnote', () => {
    const sources = result.sentences.map((s) => s.source);
    for (const s of [fr(5), 'Le chat dort.', fr(11), fr(6), fr(15), fr(9), fr(7), fr(8), 'Bonjour.', "Il pleut aujourd'hui."]) expect(sources).toContain(s);
    expect(result.text).toContain(`${en('Le chat dort.')} ${en('Merci beaucoup.')}`);
    expect(xmlOf(result.document!, 'word/header1.xml')).toContain(`>${en('Bonjour.')}<`);
    expect(xmlOf(result.document!, 'word/footer1.xml')).toContain(`>${en('Merci beaucoup.')}<`);
    expect(xmlOf(result.document!, 'word/footnotes.xml')).toContain(en("Il pleut aujourd'hui."));
  });

  it('keeps every other zip entry byte for byte, in the same order', () => {
    const before = unzipSync(source);
    const after = unzipSync(result.document!);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const rewritten = ['word/document.xml', 'word/header1.xml', 'word/footer1.xml', 'word/footnotes.xml'];
    for (const name of Object.keys(before)) if (!rewritten.includes(name)) expect(after[name], name).toEqual(before[name]);
  });

  it('changes only the text of w:t elements and French w:lang values', () => {
    const before = xmlOf(source, 'word/document.xml');
    const after = xmlOf(result.document!, 'word/document.xml');
    const skeleton = (xml: string) => xml.replace(/(<w:t(?: [^>]*)?>)[^<]*(<\/w:t>)/g, '<w:t>$2').replace(/w:val="(?:fr-FR|en-US)"/g, 'w:val="lang"');
    expect(skeleton(after)).toBe(skeleton(before));
    expect(before).toMatch(/<w:lang w:val="fr-FR"/);
    expect(after).not.toMatch(/w:val="fr-FR"/);
    expect(after).toMatch(/<w:lang w:val="en-US"/);
  });

  it('keeps bold and italic on whole sentences and on names the translation repeats; drops it (with a warning) elsewhere', () => {
    const after = xmlOf(result.document!, 'word/document.xml');
    expect(after).toContain(`<w:rPr><w:b/></w:rPr><w:t>${en('Le chat dort.')}</w:t>`);
    expect(after).toContain(`<w:rPr><w:i/></w:rPr><w:t>${en("Il pleut aujourd'hui.")}</w:t>`);
    expect(after).toContain('<w:rPr><w:b/></w:rPr><w:t>Tour Utemuratov</w:t>');
    expect(after).toMatch(/<w:i\/>(?:<[^>]+>)*<\/w:rPr><w:t>Nazarbayev<\/w:t>/);
    expect(after).toContain('<w:t>Unicredit</w:t></w:r></w:hyperlink>');
    const dropped = result.warnings.filter((w) => w.code === 'markup-dropped');
    expect(dropped.map((w) => result.sentences[w.sentence!]!.source)).toEqual(['Le chat dort.']);
  });

  it.skipIf(!soffice)('LibreOffice reads the English back, with as many paragraphs and tables, bold and italic kept', () => {
    const text = unescapeHtml(html.en!.replace(/<[^>]+>/g, ''));
    for (const s of [fr(5), fr(11), fr(8), fr(9), fr(15), 'Bonjour.', 'Merci beaucoup.']) expect(text).toContain(en(s));
    expect(text).not.toContain('Le chat dort.');
    expect(count(html.en!, /<p\b/g)).toBe(count(html.fr!, /<p\b/g));
    expect(count(html.en!, /<table\b/g)).toBe(count(html.fr!, /<table\b/g));
    expect(count(html.en!, /<td\b/g)).toBe(count(html.fr!, /<td\b/g));
    expect(unescapeHtml(html.en!)).toMatch(new RegExp(`<b>${en('Le chat dort.')}</b>`));
    expect(unescapeHtml(html.en!)).toMatch(new RegExp(`<i>${en("Il pleut aujourd'hui.")}</i>`));
    expect(count(html.en!, /<b>/g)).toBe(count(html.fr!, /<b>/g) - 1); // "dort" lost its bold: see the warning
    expect(count(html.en!, /<i>/g)).toBe(count(html.fr!, /<i>/g));
  });
});

describe('text boxes (made by LibreOffice from textbox.fodt)', () => {
  it('translates a text box once, and writes the English into both copies Word keeps (mc:Choice and mc:Fallback)', () => {
    expect(textBox.sentences.map((s) => s.source)).toEqual(['Merci beaucoup.', 'Le chat dort.', 'Bonjour.', "Il pleut aujourd'hui."]);
    expect(textBox.text).toBe(`${en('Merci beaucoup.')}\n\n${en('Le chat dort.')} ${en('Bonjour.')}\n\n${en("Il pleut aujourd'hui.")}`);
    const xml = xmlOf(textBox.document!, 'word/document.xml');
    const copy = `<w:r><w:rPr><w:b/></w:rPr><w:t>${en('Le chat dort.')}</w:t></w:r><w:r><w:rPr></w:rPr><w:t xml:space="preserve"> ${en('Bonjour.')}</w:t></w:r>`;
    expect(xml.split(copy).length - 1).toBe(2);
    expect(xml).not.toContain('Le chat dort.');
  });

  it.skipIf(!soffice)('LibreOffice reads the text box back in English, bold kept', () => {
    expect(unescapeHtml(html.textBox!)).toContain(`<b>${en('Le chat dort.')}</b>`);
    expect(unescapeHtml(html.textBox!.replace(/<[^>]+>/g, ''))).toContain(en('Bonjour.'));
  });
});

describe('digest reads a .docx', () => {
  it('translates it (the .docx in `document`, its English text in `translation`) and summarises the English', async () => {
    const result = await digest(source, { inputFormat: 'docx', translator, method: 'extractive', length: 'short' });
    expect(result.translation).toContain(en('Le chat dort.'));
    expect(strFromU8(unzipSync(result.document!)['word/document.xml']!)).toContain(en('Le chat dort.'));
    expect(result.summary.length).toBeGreaterThan(0);
    expect(result.sentences.length).toBe(parseDocx(source).units.length);
  });
});

describe('bad .docx input', () => {
  const zip = (files: Record<string, Uint8Array>, level: 0 | 9 = 0) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level }]])));
  const minimal = (body: string) => ({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
    'word/document.xml': strToU8(`<?xml version="1.0"?><w:document xmlns:w="w"><w:body>${body}</w:body></w:document>`),
  });

  it('refuses a password-protected (OLE) file', () => {
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(() => parseDocx(ole)).toThrow(/password-protected/);
  });

  it('refuses what is not a zip, a truncated zip, and a zip without a Word document', () => {
    expect(() => parseDocx(strToU8('Le chat dort.'))).toThrow(/not a zip/);
    expect(() => parseDocx(source.slice(0, source.length - 200))).toThrow(InputError);
    expect(() => parseDocx(zip({ 'a.txt': strToU8('x') }))).toThrow(/no word\/document\.xml/);
  });

  it(`refuses a zip bomb: an entry inflating over ${MAX_COMPRESSION_RATIO} times, or more than ${MAX_ZIP_ENTRIES} entries`, () => {
    const bomb = zip({ ...minimal(''), 'word/media/zeros.bin': new Uint8Array(4 * 1024 * 1024) }, 9);
    expect(() => parseDocx(bomb)).toThrow(/zip bomb/);
    const many: Record<string, Uint8Array> = minimal('');
    for (let i = 0; i <= MAX_ZIP_ENTRIES; i++) many[`x/${i}`] = new Uint8Array(0);
    expect(() => parseDocx(zip(many))).toThrow(/zip entries/);
  });

  it('reads a minimal hand-made document with a text box inside a paragraph, and gives a valid zip back', () => {
    const body =
      '<w:p><w:r><w:t>Bonjour.</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Le chat dort.</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r><w:r><w:t xml:space="preserve"> Merci beaucoup.</w:t></w:r></w:p>';
    const doc = parseDocx(zip(minimal(body)));
    expect(doc.units.map((u) => u.source)).toEqual(['Bonjour.', 'Merci beaucoup.', 'Le chat dort.']);
    const out = doc.render(['Hello.', 'Thank you very much.', 'The cat & the dog <sleep>.']);
    const xml = strFromU8(unzipSync(out.document!)['word/document.xml']!);
    expect(xml).toContain('<w:t>Hello.</w:t>');
    expect(xml).toContain('<w:t xml:space="preserve"> Thank you very much.</w:t>');
    expect(xml).toContain('<w:b/></w:rPr><w:t>The cat &amp; the dog &lt;sleep&gt;.</w:t>');
    expect(out.text).toBe('Hello. Thank you very much.\n\nThe cat & the dog <sleep>.');
  });
});

describe('fields', () => {
  const zip = (body: string) =>
    zipSync({ 'word/document.xml': [strToU8(`<?xml version="1.0"?><w:document xmlns:w="w"><w:body>${body}</w:body></w:document>`), { level: 0 }] });
  const run = (inner: string) => `<w:r>${inner}</w:r>`;

  it('translates the result of a HYPERLINK field like a link, and keeps other fields (a page number) as they are', () => {
    const body =
      `<w:p>${run('<w:t xml:space="preserve">Le chat </w:t>')}${run('<w:fldChar w:fldCharType="begin"/>')}${run('<w:instrText xml:space="preserve"> HYPERLINK "https://x.fr" </w:instrText>')}` +
      `${run('<w:fldChar w:fldCharType="separate"/>')}${run('<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>dort</w:t>')}${run('<w:fldChar w:fldCharType="end"/>')}${run('<w:t>.</w:t>')}</w:p>` +
      `<w:p>${run('<w:t xml:space="preserve">Page </w:t>')}${run('<w:fldChar w:fldCharType="begin"/>')}${run('<w:instrText> PAGE </w:instrText>')}${run('<w:fldChar w:fldCharType="separate"/>')}${run('<w:t>3</w:t>')}${run('<w:fldChar w:fldCharType="end"/>')}</w:p>`;
    const doc = parseDocx(zip(body));
    expect(doc.units.map((u) => u.source)).toEqual(['Le chat dort.', 'Page']);
    const xml = strFromU8(unzipSync(doc.render(['The cat is sleeping.', 'Page']).document!)['word/document.xml']!);
    expect(xml).toContain('<w:t>3</w:t>'); // the page number's result, as it was
    expect(xml).toContain('HYPERLINK "https://x.fr"');
    expect(doc.warningsFor(0, 'The cat is sleeping.').map((w) => w.code)).toEqual(['markup-dropped']); // "dort" is not repeated
  });
});

describe('tracked changes', () => {
  it('translates inserted and moved-to text, keeps moved-from and deleted text', () => {
    const body =
      '<w:p><w:ins><w:r><w:t>Bonjour.</w:t></w:r></w:ins><w:del><w:r><w:delText>Merci.</w:delText></w:r></w:del>' +
      '<w:moveFrom><w:r><w:t xml:space="preserve"> Le chat dort.</w:t></w:r></w:moveFrom></w:p><w:p><w:moveTo><w:r><w:t>Le chat dort.</w:t></w:r></w:moveTo></w:p>';
    const doc = parseDocx(zipSync({ 'word/document.xml': [strToU8(`<w:document xmlns:w="w"><w:body>${body}</w:body></w:document>`), { level: 0 }] }));
    expect(doc.units.map((u) => u.source)).toEqual(['Bonjour.', 'Le chat dort.']);
    const xml = strFromU8(unzipSync(doc.render(['Hello.', 'The cat is sleeping.']).document!)['word/document.xml']!);
    expect(xml).toContain('<w:delText>Merci.</w:delText>');
    expect(xml).toContain('<w:moveFrom><w:r><w:t xml:space="preserve"> Le chat dort.</w:t>');
    expect(xml).toContain('<w:moveTo><w:r><w:t>The cat is sleeping.</w:t>');
  });
});

describe('run formatting identity', () => {
  it('ignores properties that do not show (language, proofing)', async () => {
    const { styleKey } = await import('../../src/formats/docx/part.js');
    expect(styleKey('<w:rPr><w:lang w:val="fr-FR"/><w:noProof/></w:rPr>')).toBe('');
    expect(styleKey('<w:rPr></w:rPr>')).toBe('');
    expect(styleKey('<w:rPr><w:b/><w:lang w:val="fr-FR" w:eastAsia="en-US"/></w:rPr>')).toBe('<w:rPr><w:b/></w:rPr>');
  });
});
