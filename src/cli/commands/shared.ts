/** Helpers shared by the serve/worker/submit/job commands (the integer flags use ../options.ts). */
import { InvalidArgumentError } from 'commander';
import { readVariable } from '../../platform/env.js';

/** The Redis URL: the flag, else FR2EN_REDIS_URL. */
export function redisUrl(flag: string | undefined): string {
  const url = flag ?? readVariable(process.env, 'FR2EN_REDIS_URL');
  if (!url) throw new InvalidArgumentError('--redis <url> is required (or set FR2EN_REDIS_URL).');
  return url;
}

/** Drops the keys whose value is undefined (flags not given, so the environment's values stand). */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
