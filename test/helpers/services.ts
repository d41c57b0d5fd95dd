/**
 * System services some tests need (Debian packages, not npm ones): found on the machine, or the
 * tests that need them are skipped with one line saying what is missing and how to install it.
 * CI sets `FR2EN_REQUIRE_SERVICES=1` (`.ci/run`): then a missing service is an error, so those
 * tests fail instead of being skipped.
 *
 *   const redis = requireService('redis-server');
 *   describe.skipIf(!redis.available)('the queue', () => { … redis.path … });
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseBoolean } from '../../src/platform/env.js';

/** The services tests may ask for: the command, the variable that overrides its path, how to install it. */
export const SERVICES = {
  'redis-server': { command: 'redis-server', override: 'FR2EN_REDIS_SERVER', install: 'apt-get install -y redis-server', defaultPath: undefined },
  chromium: { command: 'chromium', override: 'FR2EN_CHROMIUM', install: 'apt-get install -y chromium', defaultPath: '/usr/bin/chromium' },
  soffice: { command: 'soffice', override: 'FR2EN_SOFFICE', install: 'apt-get install -y libreoffice-writer-nogui', defaultPath: undefined },
} as const;

/** A service's name. */
export type ServiceName = keyof typeof SERVICES;

/** What {@link requireService} found. */
export interface ServiceCheck {
  name: ServiceName;
  /** True when the executable was found. */
  available: boolean;
  /** The executable's path when available. */
  path: string | undefined;
  /** Why it is unavailable and how to install it (empty when available). */
  reason: string;
}

/** True when `file` is an executable regular file. */
function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first executable `command` on `PATH`. */
function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

/**
 * Where service `name` is: its override variable when set (a path that is not executable means
 * "missing", which is how a test run simulates a machine without it), else its default path,
 * else `PATH`.
 */
export function findService(name: ServiceName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const s = SERVICES[name];
  const override = env[s.override]?.trim();
  if (override) return isExecutable(override) ? override : undefined;
  if (s.defaultPath && isExecutable(s.defaultPath)) return s.defaultPath;
  return onPath(s.command, env);
}

/** True when `FR2EN_REQUIRE_SERVICES` is on (CI): missing services fail instead of skipping. */
export function servicesRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.FR2EN_REQUIRE_SERVICES?.trim();
  return raw ? parseBoolean(raw, 'FR2EN_REQUIRE_SERVICES') : false;
}

/**
 * Looks for service `name`. Missing: prints one line (what is missing, how to install it) and
 * returns `available: false` for a `describe.skipIf`, or, with `FR2EN_REQUIRE_SERVICES=1`,
 * throws, so the test file fails. `quiet` leaves the printing to the caller (e.g. a global setup
 * that has already said it once).
 */
export function requireService(name: ServiceName, options: { quiet?: boolean; env?: NodeJS.ProcessEnv } = {}): ServiceCheck {
  const env = options.env ?? process.env;
  const found = findService(name, env);
  if (found) return { name, available: true, path: found, reason: '' };
  const s = SERVICES[name];
  const where = env[s.override]?.trim() ? `${s.override}=${env[s.override]!.trim()} is not an executable` : `no ${s.command} on PATH`;
  const reason = `not found (${where}); install it with: ${s.install} (or point ${s.override} at it)`;
  if (servicesRequired(env)) throw new Error(`FR2EN_REQUIRE_SERVICES is set and ${name} is missing: ${reason}`);
  if (!options.quiet) console.warn(`skipping the tests that need ${name}: ${reason}`);
  return { name, available: false, path: undefined, reason };
}

/** The data sets beside the repository (`../shared/`: the segmentation dev sets, newstest2013, the seed). */
export const SHARED_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared');

/**
 * A file of the shared data sets (`relative` to `../shared/`), like {@link requireService}: missing,
 * one line says so and the caller skips; with `FR2EN_REQUIRE_SERVICES=1` it throws.
 */
export function requireSharedData(relative: string, options: { quiet?: boolean; env?: NodeJS.ProcessEnv } = {}): { available: boolean; path: string } {
  const file = path.join(SHARED_DIR, relative);
  if (existsSync(file)) return { available: true, path: file };
  const reason = `${file} is missing: the project's shared data sets sit beside the repository, in ../shared/`;
  if (servicesRequired(options.env ?? process.env)) throw new Error(`FR2EN_REQUIRE_SERVICES is set and ${reason}`);
  if (!options.quiet) console.warn(`skipping the tests that need ${relative}: ${reason}`);
  return { available: false, path: file };
}
