/**
 * Environment variables: declared once in the registry (src/platform/env.ts), read through it,
 * one boolean parser, malformed values refused with the variable's name, and documented.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { remoteAllowedByDefault } from '../../src/models/resolve.js';
import { BOOLEAN_WORDS, ENV, ENV_READERS, ENV_VARIABLES, parseBoolean, readProxyEnv, readVariable } from '../../src/platform/env.js';
import { platform, readEnv } from '../../src/platform/index.js';
import { serverOptionsFromEnv } from '../../src/server/config.js';
import { ENVIRONMENT_DOC, withTable } from '../../scripts/build/env-docs.js';
import { ROOT } from '../helpers.js';

/** Calls `fn` and returns the error it throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('readEnv', () => {
  it('reads nothing from an empty environment', () => {
    expect(readEnv({})).toEqual({ modelsDir: undefined, hubUrl: undefined, offline: false, debug: false });
  });

  it('reads the models folder, the hub (without trailing slashes) and debug', () => {
    expect(readEnv({ FR2EN_MODELS_DIR: ' /m ', FR2EN_HUB_URL: 'http://h:1//', FR2EN_DEBUG: '1' })).toEqual({
      modelsDir: '/m',
      hubUrl: 'http://h:1',
      offline: false,
      debug: true,
    });
  });

  it.each([
    [{ FR2EN_OFFLINE: '1' }, true],
    [{ HF_HUB_OFFLINE: 'TRUE' }, true],
    [{ FR2EN_OFFLINE: ' yes ' }, true],
    [{ FR2EN_OFFLINE: 'on' }, true],
    [{ FR2EN_OFFLINE: '0' }, false],
    [{ FR2EN_OFFLINE: '' }, false],
    [{ HF_HUB_OFFLINE: 'no' }, false],
    [{ FR2EN_OFFLINE: 'off', HF_HUB_OFFLINE: '1' }, true],
  ])('offline for %o: %s', (vars, offline) => {
    expect(readEnv(vars).offline).toBe(offline);
    expect(remoteAllowedByDefault(readEnv(vars))).toBe(!offline);
  });

  it('treats empty values as unset', () => {
    expect(readEnv({ FR2EN_MODELS_DIR: '', FR2EN_HUB_URL: '  ' })).toMatchObject({ modelsDir: undefined, hubUrl: undefined });
  });

  it('takes the hub cache from HF_HUB_CACHE, else HF_HOME/hub', () => {
    expect(readEnv({ HF_HOME: '/hf/' }).hfHubCache).toBe('/hf/hub');
    expect(readEnv({ HF_HOME: '/hf', HF_HUB_CACHE: '/c' }).hfHubCache).toBe('/c');
  });

  it('reads FR2EN_DEBUG as a boolean: 0 is off', () => {
    expect(readEnv({ FR2EN_DEBUG: '0' }).debug).toBe(false);
    expect(readEnv({ FR2EN_DEBUG: 'yes' }).debug).toBe(true);
  });
});

describe('the boolean parser', () => {
  it.each([...BOOLEAN_WORDS.true.map((w) => [w, true] as const), ...BOOLEAN_WORDS.false.map((w) => [w, false] as const)])(
    '%s is %s, in any case',
    (word, value) => {
      expect(parseBoolean(word, 'X')).toBe(value);
      expect(parseBoolean(word.toUpperCase(), 'X')).toBe(value);
    },
  );

  it.each(['maybe', '2', 'enabled', 'y', 'true!'])('refuses %j with an InputError naming the variable and the accepted words', (word) => {
    const error = thrown(() => readVariable({ FR2EN_OFFLINE: word }, 'FR2EN_OFFLINE'));
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).option).toBe('FR2EN_OFFLINE');
    expect((error as Error).message).toBe(`Expected FR2EN_OFFLINE to be one of 1, true, yes, on, 0, false, no, off; got ${JSON.stringify(word)}.`);
  });

  it('is the parser of every boolean variable', () => {
    const booleans = ENV_VARIABLES.filter((name) => ENV[name].kind === 'boolean');
    expect(booleans).toEqual(expect.arrayContaining(['FR2EN_OFFLINE', 'HF_HUB_OFFLINE', 'FR2EN_DEBUG', 'FR2EN_REQUIRE_API_KEY']));
    for (const name of booleans) expect(ENV[name].parse).toBe(parseBoolean);
  });
});

describe('readVariable', () => {
  it('returns undefined for unset and blank values, the trimmed value otherwise', () => {
    expect(readVariable({}, 'FR2EN_MODELS_DIR')).toBeUndefined();
    expect(readVariable({ FR2EN_MODELS_DIR: '   ' }, 'FR2EN_MODELS_DIR')).toBeUndefined();
    expect(readVariable({ FR2EN_MODELS_DIR: ' /a b ' }, 'FR2EN_MODELS_DIR')).toBe('/a b');
  });

  it.each([
    ['FR2EN_TIMEOUT_MS', '0', /FR2EN_TIMEOUT_MS to be an integer from 1 and up/],
    ['FR2EN_TIMEOUT_MS', '1.5', /FR2EN_TIMEOUT_MS/],
    ['FR2EN_PORT', 'http', /FR2EN_PORT to be an integer from 0 and up/],
    ['FR2EN_CHAR_LIMIT', '-2', /FR2EN_CHAR_LIMIT to be an integer from -1 and up/],
    ['FR2EN_HUB_URL', 'huggingface.co', /FR2EN_HUB_URL to be an http\(s\) URL/],
    ['FR2EN_HUB_URL', 'ftp://mirror', /FR2EN_HUB_URL to be an http\(s\) URL/],
    ['FR2EN_REDIS_URL', '127.0.0.1:6379', /FR2EN_REDIS_URL to be a redis:\/\/ URL/],
  ] as const)('refuses %s=%j', (name, value, message) => {
    const error = thrown(() => readVariable({ [name]: value }, name));
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('parses integers and URLs', () => {
    expect(readVariable({ FR2EN_TIMEOUT_MS: '5000' }, 'FR2EN_TIMEOUT_MS')).toBe(5000);
    expect(readVariable({ FR2EN_CHAR_LIMIT: '-1' }, 'FR2EN_CHAR_LIMIT')).toBe(-1);
    expect(readVariable({ FR2EN_REDIS_URL: 'rediss://h:1' }, 'FR2EN_REDIS_URL')).toBe('rediss://h:1');
  });

  it('reads the proxies in upper case, else lower case', () => {
    expect(readProxyEnv({ https_proxy: 'http://p:1', HTTP_PROXY: 'http://P:2', http_proxy: 'http://p:2', no_proxy: 'localhost' })).toEqual({
      https: 'http://p:1',
      http: 'http://P:2',
      noProxy: 'localhost',
    });
  });
});

describe('the registry', () => {
  it('declares each variable with a meaning, a default, a kind and known readers', () => {
    for (const name of ENV_VARIABLES) {
      const v = ENV[name];
      expect(v.meaning.length, name).toBeGreaterThan(10);
      expect(v.default.length, name).toBeGreaterThan(0);
      expect(v.readers.length, name).toBeGreaterThan(0);
      for (const r of v.readers) expect(ENV_READERS).toContain(r);
      expect(`${v.meaning}${v.default}`, name).not.toContain('|');
    }
  });

  it('gives the download timeout and the server request timeout different names', () => {
    expect(serverOptionsFromEnv({ FR2EN_SERVER_TIMEOUT_MS: '5000' })).toEqual({ timeoutMs: 5000 });
    expect(serverOptionsFromEnv({ FR2EN_TIMEOUT_MS: '5000' })).toEqual({});
    expect(readEnv({ FR2EN_SERVER_TIMEOUT_MS: '5000' }).timeoutMs).toBeUndefined();
    expect(readEnv({ FR2EN_TIMEOUT_MS: '5000' }).timeoutMs).toBe(5000);
  });

  it('gives the server and the library one meaning of FR2EN_OFFLINE', () => {
    for (const word of ['1', 'true', 'yes', 'on']) {
      expect(serverOptionsFromEnv({ FR2EN_OFFLINE: word }).allowRemote).toBe(false);
      expect(readEnv({ FR2EN_OFFLINE: word }).offline).toBe(true);
    }
    expect(serverOptionsFromEnv({ FR2EN_OFFLINE: 'off' }).allowRemote).toBeUndefined();
    expect(() => serverOptionsFromEnv({ FR2EN_OFFLINE: 'maybe' })).toThrow(/FR2EN_OFFLINE/);
    expect(() => serverOptionsFromEnv({ FR2EN_REQUIRE_API_KEY: 'nope' })).toThrow(/FR2EN_REQUIRE_API_KEY/);
  });

  /** Every .ts file under `dir`. */
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
    });

  it('is the only way src/ reads the environment', () => {
    const reads: string[] = [];
    for (const file of sources(path.join(ROOT, 'src'))) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const m of code.matchAll(/.{0,30}process\.env\b.?/g)) {
        if (!/\b(readEnv|readVariable|readProxyEnv|serverOptionsFromEnv)\(process\.env[,)]/.test(m[0])) reads.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    expect(reads).toEqual([]);
  });

  it('registers every FR2EN_ variable src/ mentions', () => {
    const unknown = new Set<string>();
    for (const file of sources(path.join(ROOT, 'src'))) {
      for (const [name] of readFileSync(file, 'utf8').matchAll(/\bFR2EN_[A-Z_]+\b/g)) {
        if (!(name in ENV)) unknown.add(`${path.relative(ROOT, file)}: ${name}`);
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it('is what docs/reference/environment.md shows (npm run docs:env regenerates it)', () => {
    const doc = readFileSync(ENVIRONMENT_DOC, 'utf8');
    expect(withTable(doc)).toBe(doc);
    for (const name of ENV_VARIABLES) expect(doc).toContain(`| \`${name}\` |`);
  });
});

describe('the Node platform', () => {
  it('reads process.env through readEnv', () => {
    const before = process.env.FR2EN_MODELS_DIR;
    process.env.FR2EN_MODELS_DIR = '/somewhere';
    try {
      expect(platform.env().modelsDir).toBe('/somewhere');
    } finally {
      if (before === undefined) delete process.env.FR2EN_MODELS_DIR;
      else process.env.FR2EN_MODELS_DIR = before;
    }
  });

  it('expands ~ when resolving a path, and tells files from folders', () => {
    expect(platform.path.resolve('~/x')).not.toContain('~');
    expect(platform.isDirectory('.')).toBe(true);
    expect(platform.fileSize('package.json')).toBeGreaterThan(0);
    expect(platform.fileSize('.')).toBeUndefined();
    expect(platform.fileSize('no-such-file')).toBeUndefined();
  });
});
