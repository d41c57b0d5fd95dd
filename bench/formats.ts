/**
 * `npx tsx bench/formats.ts`: document formats at size. Generates a 30-page .docx (about 15 000
 * words in paragraphs, bold runs, a table per page) and a 1-hour .srt (a cue every 3 s) from
 * newstest2013.fr, then reports, for each:
 * - the format's own cost: reading and rebuilding with the French as its own "translation" (no model);
 * - a full translation with a model (default: the tiny random fixture marian-tiny; pass
 *   `--model <dir>` for a real one): wall time, sentences, peak RSS.
 *
 *   npx tsx bench/formats.ts [--model <dir>] [--data <newstest2013.fr>] [--no-model]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { parseDocument } from '../src/formats/index.js';
import { createTranslator, type InputFormat } from '../src/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const model = flag('--model') ?? path.join(ROOT, 'test/fixtures/models/marian-tiny');
const data = flag('--data') ?? path.join(ROOT, '..', 'shared', 'data', 'newstest2013.fr');
const lines = readFileSync(data, 'utf8').split('\n').filter((l) => l.trim().length > 0);

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A .docx of `pages` pages of about 500 words each: paragraphs of 4 lines, a bold name, a 3×2 table per page. */
function makeDocx(pages: number): Uint8Array {
  let body = '';
  let k = 0;
  const next = () => lines[k++ % lines.length]!;
  for (let p = 0; p < pages; p++) {
    body += `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${escape(next())}</w:t></w:r></w:p>`;
    for (let q = 0; q < 5; q++) {
      const [a, b, c, d] = [next(), next(), next(), next()];
      const words = b.split(' ');
      const bold = words.slice(0, 2).join(' ');
      body += `<w:p><w:r><w:rPr><w:lang w:val="fr-FR"/></w:rPr><w:t xml:space="preserve">${escape(a)} </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>${escape(bold)}</w:t></w:r><w:r><w:t xml:space="preserve"> ${escape(words.slice(2).join(' '))} ${escape(c)} ${escape(d)}</w:t></w:r></w:p>`;
    }
    body += '<w:tbl>';
    for (let r = 0; r < 3; r++) body += `<w:tr><w:tc><w:p><w:r><w:t>${escape(next())}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>${escape(next())}</w:t></w:r></w:p></w:tc></w:tr>`;
    body += '</w:tbl><w:p><w:r><w:br w:type="page"/></w:r></w:p>';
  }
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`),
  });
}

/** An SRT of `minutes` minutes: a cue every 3 s, lines cut at about 40 characters, sentences running across cues. */
function makeSrt(minutes: number): string {
  const words = lines.join(' ').split(/\s+/);
  const cues: string[] = [];
  let w = 0;
  const time = (ms: number) => {
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor(ms / 60_000) % 60;
    const s = Math.floor(ms / 1000) % 60;
    return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
  };
  for (let i = 0; i * 3000 < minutes * 60_000; i++) {
    const text: string[] = [];
    while (text.join(' ').length < 60) text.push(words[w++ % words.length]!);
    const joined = text.join(' ');
    const cut = joined.lastIndexOf(' ', 40);
    cues.push(`${i + 1}\n${time(i * 3000)} --> ${time(i * 3000 + 2800)}\n${cut > 0 ? `${joined.slice(0, cut)}\n${joined.slice(cut + 1)}` : joined}\n`);
  }
  return cues.join('\n');
}

const mb = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

async function measure(name: string, input: string | Uint8Array, format: InputFormat) {
  const size = typeof input === 'string' ? input.length : input.length;
  let t = performance.now();
  const doc = (await parseDocument(input, format))!;
  const parseMs = performance.now() - t;
  t = performance.now();
  const rendered = doc.render(doc.units.map((u) => u.source));
  const renderMs = performance.now() - t;
  console.log(`${name}: ${mb(size)}, ${doc.units.length} sentences; read ${parseMs.toFixed(0)} ms, rebuild ${renderMs.toFixed(0)} ms (output ${mb(rendered.document?.length ?? rendered.text.length)})`);
  if (argv.includes('--no-model')) return;
  const translator = createTranslator({ model, allowRemote: false, beams: 1 });
  try {
    await translator.load();
    t = performance.now();
    const result = await translator.translate(input, { inputFormat: format, generation: { maxNewTokens: 24 } });
    const ms = performance.now() - t;
    const warnings = new Map<string, number>();
    for (const w of result.warnings) warnings.set(w.code, (warnings.get(w.code) ?? 0) + 1);
    console.log(
      `${name} with ${path.basename(model)} (greedy, ≤ 24 new tokens): ${(ms / 1000).toFixed(1)} s, ${(result.sentences.length / (ms / 1000)).toFixed(0)} sentences/s, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; warnings ${JSON.stringify(Object.fromEntries(warnings))}`,
    );
  } finally {
    await translator.dispose();
  }
}

await measure('30-page .docx', makeDocx(30), 'docx');
await measure('1-hour .srt', makeSrt(60), 'srt');
