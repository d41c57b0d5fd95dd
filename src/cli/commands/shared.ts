/** Flag parsers shared by the serve/worker/submit/job commands. */
import { InvalidArgumentError } from 'commander';

/** Parses an integer flag of at least `min`. */
export function intArg(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer from ${min} and up.`);
    return n;
  };
}

/** The Redis URL: the flag, else FR2EN_REDIS_URL. */
export function redisUrl(flag: string | undefined): string {
  const url = flag ?? process.env.FR2EN_REDIS_URL;
  if (!url) throw new InvalidArgumentError('--redis <url> is required (or set FR2EN_REDIS_URL).');
  return url;
}

/** Drops the keys whose value is undefined (flags not given, so the environment's values stand). */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
