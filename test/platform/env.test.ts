/**
 * Environment variables are read in one place, typed.
 */
import { describe, expect, it } from 'vitest';
import { platform, readEnv } from '../../src/platform/index.js';
import { remoteAllowedByDefault } from '../../src/models/resolve.js';

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
  ])('offline for %o: %s', (vars, offline) => {
    expect(readEnv(vars).offline).toBe(offline);
    expect(remoteAllowedByDefault(readEnv(vars))).toBe(!offline);
  });

  it('treats empty values as unset', () => {
    expect(readEnv({ FR2EN_MODELS_DIR: '', FR2EN_HUB_URL: '  ' })).toMatchObject({ modelsDir: undefined, hubUrl: undefined });
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
