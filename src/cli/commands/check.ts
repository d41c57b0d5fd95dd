/**
 * `fr2en check`: runs the translation checker over a line-aligned French file and English file
 * (one sentence per line, as `segment` prints), one JSON line per line out.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { checkTranslation, InputError, QUALITY_FLAG_CODES, type CheckOptions, type QualityFlagCode } from '../../index.js';
import { readInput } from '../input.js';
import { bufferedWriter } from '../output.js';
import { cliGlobals } from '../globals.js';

interface CheckFlags {
  flagged?: boolean;
  skip?: QualityFlagCode[];
  glossary?: string;
}

/** Parses `--skip a,b`: flag codes, each one of QUALITY_FLAG_CODES. */
function parseCodes(value: string): QualityFlagCode[] {
  const codes = value.split(',').map((c) => c.trim()).filter((c) => c !== '');
  for (const code of codes) {
    if (!(QUALITY_FLAG_CODES as readonly string[]).includes(code)) throw new InvalidArgumentError(`--skip takes flag codes among ${QUALITY_FLAG_CODES.join(', ')}; got ${code}.`);
  }
  return codes as QualityFlagCode[];
}

/** The lines of a text, without the line break that ends the last one. */
function lines(text: string): string[] {
  const all = text.split(/\r?\n/);
  if (all.length > 1 && all[all.length - 1] === '') all.pop();
  return all;
}

/** Reads a glossary file: a JSON object of French term → English term. */
function readGlossary(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readInput(file));
  } catch (error) {
    if (error instanceof SyntaxError) throw new InputError(`--glossary ${file} is not valid JSON: ${error.message}`, { option: 'glossary' });
    throw error;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new InputError(`--glossary ${file} must hold a JSON object of French term → English term, e.g. {"Assemblée nationale": "National Assembly"}.`, { option: 'glossary' });
  }
  return parsed as Record<string, string>;
}

/** Adds `fr2en check <french-file> <english-file>` to the program. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('flag suspect translations: line n of <english-file> translates line n of <french-file>')
    .argument('<french-file>', 'French text, one sentence per line (or - for stdin)')
    .argument('<english-file>', 'its translation, line-aligned (or - for stdin)')
    .option('--flagged', 'print only the lines that have flags')
    .option('--skip <codes>', `flag codes not to check, comma-separated (${QUALITY_FLAG_CODES.join(', ')})`, parseCodes)
    .option('--glossary <file>', 'a JSON object of French term → English term, for glossary-missed')
    .action(async (frenchFile: string, englishFile: string, opts: CheckFlags) => {
      if (frenchFile === '-' && englishFile === '-') throw new InputError('Only one of <french-file> and <english-file> can be - (stdin).');
      const name = (file: string) => (file === '-' ? 'stdin' : file);
      const french = lines(readInput(frenchFile));
      const english = lines(readInput(englishFile));
      if (french.length !== english.length) {
        throw new InputError(
          `${name(frenchFile)} has ${french.length} line${french.length === 1 ? '' : 's'} and ${name(englishFile)} has ${english.length}: check needs line-aligned files (line n of one translates line n of the other).`,
        );
      }
      const options: CheckOptions = {};
      if (opts.skip) options.skip = opts.skip;
      if (opts.glossary) options.glossary = readGlossary(opts.glossary);
      const out = bufferedWriter(process.stdout);
      const counts = new Map<string, number>();
      let flaggedLines = 0;
      for (let i = 0; i < french.length; i++) {
        const flags = checkTranslation(french[i]!, english[i]!, options);
        if (flags.length) flaggedLines++;
        for (const f of flags) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
        if (flags.length || !opts.flagged) await out.write(`${JSON.stringify({ line: i + 1, flags })}\n`);
      }
      await out.end();
      if (!cliGlobals.quiet) {
        const byCode = [...counts].map(([code, n]) => `${code} ${n}`).join(', ');
        process.stderr.write(`checked ${french.length} line${french.length === 1 ? '' : 's'}: ${flaggedLines} flagged${byCode ? ` (${byCode})` : ''}\n`);
      }
    });
}
