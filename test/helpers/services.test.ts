/**
 * The system-service check the queue, browser and document tests share: found, skipped with one
 * line, or (CI, FR2EN_REQUIRE_SERVICES) an error.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/errors.js';
import { findService, requireService, servicesRequired, SERVICES } from './services.js';

/** A folder holding an executable `name` (and a non-executable `plain-<name>`). */
function binDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-bin-'));
  writeFileSync(path.join(dir, name), '#!/bin/sh\n');
  chmodSync(path.join(dir, name), 0o755);
  writeFileSync(path.join(dir, `plain-${name}`), '');
  return dir;
}

afterEach(() => vi.restoreAllMocks());

describe('findService', () => {
  it('finds the command on PATH', () => {
    const dir = binDir('redis-server');
    expect(findService('redis-server', { PATH: `/nowhere${path.delimiter}${dir}` })).toBe(path.join(dir, 'redis-server'));
    expect(findService('redis-server', { PATH: '/nowhere' })).toBeUndefined();
  });

  it('takes the override variable first; a path that is not an executable means missing', () => {
    const dir = binDir('redis-server');
    expect(findService('redis-server', { PATH: dir, FR2EN_REDIS_SERVER: process.execPath })).toBe(process.execPath);
    expect(findService('redis-server', { PATH: dir, FR2EN_REDIS_SERVER: '/nonexistent' })).toBeUndefined();
    expect(findService('redis-server', { PATH: dir, FR2EN_REDIS_SERVER: path.join(dir, 'plain-redis-server') })).toBeUndefined();
  });

  it('declares an install command and an override for every service', () => {
    for (const s of Object.values(SERVICES)) {
      expect(s.install).toMatch(/^apt-get install -y \S+/);
      expect(s.override).toMatch(/^FR2EN_[A-Z_]+$/);
    }
  });
});

describe('requireService', () => {
  it('returns the path of a service that is there, silently', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const check = requireService('soffice', { env: { FR2EN_SOFFICE: process.execPath } });
    expect(check).toEqual({ name: 'soffice', available: true, path: process.execPath, reason: '' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('prints one line saying what is missing and how to install it, and reports it unavailable', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const check = requireService('redis-server', { env: { PATH: '/nowhere' } });
    expect(check.available).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe(
      'skipping the tests that need redis-server: not found (no redis-server on PATH); install it with: apt-get install -y redis-server (or point FR2EN_REDIS_SERVER at it)',
    );
    requireService('redis-server', { env: { PATH: '/nowhere' }, quiet: true });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('throws instead when FR2EN_REQUIRE_SERVICES is on, so CI never skips', () => {
    expect(() => requireService('chromium', { env: { PATH: '/nowhere', FR2EN_CHROMIUM: '/nonexistent', FR2EN_REQUIRE_SERVICES: '1' } })).toThrow(
      /FR2EN_REQUIRE_SERVICES is set and chromium is missing: .*apt-get install -y chromium/,
    );
  });

  it('reads FR2EN_REQUIRE_SERVICES with the project boolean parser', () => {
    expect(servicesRequired({ FR2EN_REQUIRE_SERVICES: 'yes' })).toBe(true);
    expect(servicesRequired({ FR2EN_REQUIRE_SERVICES: '0' })).toBe(false);
    expect(servicesRequired({})).toBe(false);
    expect(() => servicesRequired({ FR2EN_REQUIRE_SERVICES: 'sure' })).toThrow(InputError);
  });
});
