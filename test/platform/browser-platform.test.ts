/** The browser platform: URL-style paths, no file system, the environment from setBrowserEnv. */
import { describe, expect, it } from 'vitest';
import { browserPlatform, setBrowserEnv } from '../../src/platform/browser.js';

describe('browser platform', () => {
  it('joins and resolves POSIX-style paths without a working folder', () => {
    const { path } = browserPlatform;
    expect(path.join('models', 'Xenova/opus-mt-fr-en', '../x', 'config.json')).toBe('models/Xenova/x/config.json');
    expect(path.resolve('models')).toBe('/models');
    expect(path.resolve('/a', 'b', '../c')).toBe('/a/c');
    expect(path.dirname('/a/b/c.json')).toBe('/a/b');
    expect(path.basename('/a/b/c.json')).toBe('c.json');
  });

  it('has no files: nothing exists and reading throws', () => {
    expect(browserPlatform.exists('/models/x/config.json')).toBe(false);
    expect(browserPlatform.fileSize('/x')).toBeUndefined();
    expect(() => browserPlatform.readText('/x')).toThrow(/not available in a browser/);
  });

  it('reads fr2en variables given with setBrowserEnv', () => {
    setBrowserEnv({ FR2EN_OFFLINE: '1', FR2EN_HUB_URL: 'https://mirror.example/' });
    expect(browserPlatform.env()).toMatchObject({ offline: true, hubUrl: 'https://mirror.example' });
    setBrowserEnv({});
    expect(browserPlatform.env().offline).toBe(false);
  });
});
