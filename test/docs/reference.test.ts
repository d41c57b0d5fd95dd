/**
 * The reference pages name everything the code declares: every `WarningCode` of src/warnings.ts
 * in docs/reference/warnings.md, every `Fr2enErrorCode` of src/errors.ts in
 * docs/reference/errors.md, and every command and flag the CLI's `--help` prints in
 * docs/guide/cli.md. The lists are read from the source and from the CLI itself, so a feature
 * that adds a code or a flag without its line in the reference fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

/** The string literals of a `type Name = 'a' | 'b' …` union, comments between members allowed. */
export function unionMembers(source: string, typeName: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const start = code.search(new RegExp(`export type ${typeName}\\s*=`));
  if (start < 0) throw new Error(`type ${typeName} not found`);
  const body = code.slice(start, code.indexOf(';', start));
  return [...body.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

/** Subcommand names of a `--help` page's "Commands:" section (`help` left out). */
export function commandsOf(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1];
  if (section === undefined) return [];
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

/** Long flags of a `--help` page's "Options:" section (`--help` and `--version` left out). */
export function flagsOf(help: string): string[] {
  const section = help.split(/^Options:$/m)[1]?.split(/^Commands:$/m)[0] ?? '';
  return [...section.matchAll(/^ {2}(?:-\w, )?(--[a-z][\w-]*)/gm)]
    .map((m) => m[1]!)
    .filter((flag) => flag !== '--help' && flag !== '--version');
}

/** True when `page` names `word` in backticks (alone or at the start of a `flag <arg>` form). */
const named = (page: string, word: string): boolean => new RegExp('`' + word.replace(/[-/]/g, '\\$&') + '(?:`|[ |=\\[<])').test(page);

describe('reading the declarations', () => {
  it('reads the members of a union written with comments between them', () => {
    const source = "export type Code =\n  /** 'not-me' in a comment; a semicolon */\n  | 'a-b'\n  // 'nor-me'\n  | 'c';\nconst x = 'd';";
    expect(unionMembers(source, 'Code')).toEqual(['a-b', 'c']);
  });

  it('reads commands and flags from a commander help page', () => {
    const help = [
      'Usage: fr2en [options] [command]',
      '',
      'Options:',
      '  -V, --version      output the version number',
      '  -q, --quiet        no progress',
      '  --no-cache         neither read nor write',
      '                     --not-a-flag in a wrapped description',
      '  -h, --help         display help for command',
      '',
      'Commands:',
      '  translate [options] <input>  translate',
      '  help [command]               display help for command',
    ].join('\n');
    expect(flagsOf(help)).toEqual(['--quiet', '--no-cache']);
    expect(commandsOf(help)).toEqual(['translate']);
  });

  it('finds a name only in backticks', () => {
    expect(named('| `--cache-dir <dir>` | all |', '--cache-dir')).toBe(true);
    expect(named('| `--cache` | all |', '--cache')).toBe(true);
    expect(named('| `--cache-dir <dir>` |', '--cache')).toBe(false);
    expect(named('the --cache flag', '--cache')).toBe(false);
  });
});

describe('docs/reference/warnings.md', () => {
  const codes = unionMembers(read('src/warnings.ts'), 'WarningCode');
  const page = read('docs/reference/warnings.md');

  it('reads the codes of WarningCode', () => {
    expect(codes).toContain('sentence-split');
    expect(codes.length).toBeGreaterThan(10);
  });

  it('names every warning code', () => {
    expect(codes.filter((code) => !named(page, code))).toEqual([]);
  });
});

describe('docs/reference/errors.md', () => {
  const codes = unionMembers(read('src/errors.ts'), 'Fr2enErrorCode');
  const page = read('docs/reference/errors.md');

  it('reads the codes of Fr2enErrorCode', () => {
    expect(codes).toContain('INPUT');
  });

  it('names every error code', () => {
    expect(codes.filter((code) => !named(page, code))).toEqual([]);
  });
});

describe('docs/guide/cli.md', () => {
  const page = read('docs/guide/cli.md');
  /** Every command path (`[]` is the program itself) with its `--help` page. */
  const helps = new Map<string, string>();

  beforeAll(async () => {
    const help = async (command: string[]): Promise<string> => {
      const { code, stdout } = await runCli([...command, '--help']);
      if (code !== 0) throw new Error(`fr2en ${command.join(' ')} --help exited ${code}`);
      return stdout;
    };
    const top = await help([]);
    helps.set('', top);
    const commands = commandsOf(top);
    const pages = await Promise.all(commands.map((command) => help([command])));
    const nested: string[][] = [];
    commands.forEach((command, i) => {
      helps.set(command, pages[i]!);
      for (const sub of commandsOf(pages[i]!)) nested.push([command, sub]);
    });
    const subPages = await Promise.all(nested.map((command) => help(command)));
    nested.forEach((command, i) => helps.set(command.join(' '), subPages[i]!));
  }, 180_000);

  it('runs the help of every command', () => {
    expect([...helps.keys()]).toEqual(expect.arrayContaining(['', 'translate', 'models', 'models pull', 'cache stats']));
  });

  it('names every command', () => {
    const commands = [...helps.keys()].filter((name) => name !== '');
    expect(commands.filter((command) => !page.includes(`fr2en ${command}`) && !named(page, command))).toEqual([]);
  });

  it('names every flag of every command', () => {
    const missing = [...helps].flatMap(([command, help]) => flagsOf(help).filter((flag) => !named(page, flag)).map((flag) => `${command || '(global)'} ${flag}`));
    expect(missing).toEqual([]);
  });
});
