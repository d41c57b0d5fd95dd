/**
 * Early validation of public arguments: wrong types, unknown options and out-of-range
 * numbers become an `InputError` naming the option in backticks.
 */
import { InputError } from './errors.js';

/** Throws when `options` is not a plain object or holds a key not in `allowed`. */
export function checkOptions(options: unknown, allowed: readonly string[], where: string): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError(`Expected the options of \`${where}\` to be an object, got ${describe(options)}.`, { option: 'options' });
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InputError(
        `Unknown option \`${key}\` for \`${where}\`. Known options: ${allowed.map((k) => `\`${k}\``).join(', ')}.`,
        { option: key },
      );
    }
  }
  return options as Record<string, unknown>;
}

/** Short description of a value's type for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40) ?? ''}`.trim();
}

/** Checks an optional integer option lies in `[min, max]`. */
export function checkInteger(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(
      `Expected \`${name}\` to be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? ' and up' : ` to ${max}`}, got ${describe(value)}.`,
      { option: name },
    );
  }
  return value;
}

/** Checks an optional option is one of `values`. */
export function checkEnum<T extends string>(value: unknown, name: string, values: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !values.includes(value as T)) {
    throw new InputError(
      `Expected \`${name}\` to be one of ${values.map((v) => `'${v}'`).join(', ')}, got ${describe(value)}.`,
      { option: name },
    );
  }
  return value as T;
}

/** Checks an optional string option. */
export function checkString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw new InputError(`Expected \`${name}\` to be a non-empty string, got ${describe(value)}.`, { option: name });
  }
  return value;
}

/** Checks an optional boolean option. */
export function checkBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw new InputError(`Expected \`${name}\` to be a boolean, got ${describe(value)}.`, { option: name });
  }
  return value;
}

/** Checks an optional function option. */
export function checkFunction<T>(value: unknown, name: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') {
    throw new InputError(`Expected \`${name}\` to be a function, got ${describe(value)}.`, { option: name });
  }
  return value as T;
}

/** Checks an optional `signal` is an AbortSignal. */
export function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) {
    throw new InputError(`Expected \`signal\` to be an AbortSignal, got ${describe(value)}.`, { option: 'signal' });
  }
  return value;
}

/** Validates the beam-search options of a `generation` object (shared with summaries). */
export function checkBeamOptions(g: Record<string, unknown>, where = 'generation'): void {
  checkInteger(g.beams, `${where}.beams`, 1, 64);
  if (g.lengthPenalty !== undefined && (typeof g.lengthPenalty !== 'number' || !Number.isFinite(g.lengthPenalty))) {
    throw new InputError(`Expected \`${where}.lengthPenalty\` to be a finite number, got ${describe(g.lengthPenalty)}.`, { option: `${where}.lengthPenalty` });
  }
  if (g.earlyStopping !== undefined && typeof g.earlyStopping !== 'boolean' && g.earlyStopping !== 'never') {
    throw new InputError(`Expected \`${where}.earlyStopping\` to be true, false or 'never', got ${describe(g.earlyStopping)}.`, { option: `${where}.earlyStopping` });
  }
}
