/**
 * The errors fr2en throws. Every one is a {@link Fr2enError} with a stable `code`;
 * check with `Fr2enError.isInstance(err)` (or the subclass's `isInstance`), which also
 * recognises errors thrown by another copy of the package.
 */

const MARKER = Symbol.for('fr2en.error');

/** Stable codes of the errors fr2en throws. */
export type Fr2enErrorCode = 'INPUT' | 'MODEL_LOAD' | 'ABORTED' | 'BACKEND' | 'DISPOSED' | 'MISSING_DEPENDENCY';

/** Base class of every error thrown by fr2en. */
export class Fr2enError extends Error {
  /** Stable, machine-readable code. */
  readonly code: Fr2enErrorCode;
  private readonly [MARKER] = true;

  constructor(code: Fr2enErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Fr2enError';
    this.code = code;
  }

  /** The error as a JSON-safe record ({@link SerializedError}), its `cause` chain included. */
  toJSON(): SerializedError {
    return serializeError(this);
  }

  /** True for any fr2en error, from this copy of the package or another. */
  static isInstance(error: unknown): error is Fr2enError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}

function hasCode(error: unknown, code: Fr2enErrorCode): boolean {
  return Fr2enError.isInstance(error) && error.code === code;
}

/** An argument or option is invalid. `option` names it when there is one. */
export class InputError extends Fr2enError {
  /** The option or argument at fault, e.g. `batchSize`. */
  readonly option: string | undefined;
  constructor(message: string, options?: { option?: string; cause?: unknown }) {
    super('INPUT', message, options);
    this.name = 'InputError';
    this.option = options?.option;
  }
  /** True for an {@link InputError} from any copy of the package. */
  static override isInstance(error: unknown): error is InputError {
    return hasCode(error, 'INPUT');
  }
}

/** A model could not be found, downloaded or opened. */
export class ModelLoadError extends Fr2enError {
  /** The model id or folder asked for. */
  readonly model: string;
  /** Local folders that were searched, in order. */
  readonly searched: string[];
  /** The file at fault, when one is known (a missing or corrupt file). */
  readonly file: string | undefined;
  constructor(
    message: string,
    options: { model: string; searched?: string[]; file?: string; cause?: unknown },
  ) {
    super('MODEL_LOAD', message, options);
    this.name = 'ModelLoadError';
    this.model = options.model;
    this.searched = options.searched ?? [];
    this.file = options.file;
  }
  /** True for a {@link ModelLoadError} from any copy of the package. */
  static override isInstance(error: unknown): error is ModelLoadError {
    return hasCode(error, 'MODEL_LOAD');
  }
}

/** The call was cancelled through its `signal`. The instance stays usable. */
export class AbortError extends Fr2enError {
  constructor(message = 'The operation was aborted.', options?: { cause?: unknown }) {
    super('ABORTED', message, options);
    this.name = 'AbortError';
  }
  /** True for an {@link AbortError} from any copy of the package. */
  static override isInstance(error: unknown): error is AbortError {
    return hasCode(error, 'ABORTED');
  }
}

/** The model backend failed while running (the cause is kept). */
export class BackendError extends Fr2enError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND', message, options);
    this.name = 'BackendError';
  }
  /** True for a {@link BackendError} from any copy of the package. */
  static override isInstance(error: unknown): error is BackendError {
    return hasCode(error, 'BACKEND');
  }
}

/** The factory that makes a new instance of each kind fr2en disposes; others get a generic hint. */
const FACTORIES: Record<string, string> = { translator: 'createTranslator', summarizer: 'createSummarizer' };

/** The instance was disposed with `dispose()`; create a new one. */
export class DisposedError extends Fr2enError {
  /** @param what the kind of instance, e.g. `translator`, `summarizer`, `backend`. */
  constructor(what: string) {
    const factory = FACTORIES[what];
    super('DISPOSED', `This ${what} was disposed: create a new one${factory ? ` with \`${factory}()\`` : ''}.`);
    this.name = 'DisposedError';
  }
  /** True for a {@link DisposedError} from any copy of the package. */
  static override isInstance(error: unknown): error is DisposedError {
    return hasCode(error, 'DISPOSED');
  }
}

/** An optional dependency a feature needs is not installed; `dependency` names the package to install. */
export class MissingDependencyError extends Fr2enError {
  /** The npm package to install, e.g. `better-sqlite3`. */
  readonly dependency: string;
  constructor(message: string, options: { dependency: string; cause?: unknown }) {
    super('MISSING_DEPENDENCY', message, options);
    this.name = 'MissingDependencyError';
    this.dependency = options.dependency;
  }
  /** True for a {@link MissingDependencyError} from any copy of the package. */
  static override isInstance(error: unknown): error is MissingDependencyError {
    return hasCode(error, 'MISSING_DEPENDENCY');
  }
}

/** Throws an {@link AbortError} when `signal` is aborted (its reason is kept as `cause`). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
}

/**
 * An error as a JSON-safe record, to cross a thread boundary (or be logged): fr2en's errors keep
 * their `code` and structured fields, any error keeps `name`, `message`, `stack` and its `cause`
 * chain (up to {@link MAX_CAUSE_DEPTH} levels; a non-error cause becomes `{ name: 'Error', message }`).
 */
export interface SerializedError {
  name: string;
  message: string;
  /** fr2en's code; absent for an error fr2en did not make. */
  code?: Fr2enErrorCode;
  stack?: string;
  /** {@link InputError.option}. */
  option?: string;
  /** {@link ModelLoadError.model}. */
  model?: string;
  /** {@link ModelLoadError.searched}. */
  searched?: string[];
  /** {@link ModelLoadError.file}. */
  file?: string;
  /** {@link MissingDependencyError.dependency}. */
  dependency?: string;
  cause?: SerializedError;
}

/** Causes kept below an error when it is serialised: deeper ones are cut (a cycle ends there too). */
export const MAX_CAUSE_DEPTH = 8;

/** Turns any thrown value into a {@link SerializedError}, its cause chain included. */
export function serializeError(error: unknown, depth = MAX_CAUSE_DEPTH): SerializedError {
  if (typeof error !== 'object' || error === null) return { name: 'Error', message: String(error) };
  const e = error as Record<string, unknown>;
  const out: SerializedError = {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
  };
  if (typeof e.stack === 'string') out.stack = e.stack;
  if (Fr2enError.isInstance(error)) {
    out.code = error.code;
    if (typeof e.option === 'string') out.option = e.option;
    if (typeof e.model === 'string') out.model = e.model;
    if (Array.isArray(e.searched)) out.searched = e.searched.map(String);
    if (typeof e.file === 'string') out.file = e.file;
    if (typeof e.dependency === 'string') out.dependency = e.dependency;
  }
  if (e.cause !== undefined && depth > 0) out.cause = serializeError(e.cause, depth - 1);
  return out;
}

/**
 * Rebuilds an error from {@link serializeError}'s record: fr2en's errors as their own class (same
 * code, message, fields, stack and cause), others as a plain `Error` with their name and stack.
 */
export function deserializeError(json: SerializedError): Error {
  const cause = json.cause ? { cause: deserializeError(json.cause) } : {};
  let error: Error;
  switch (json.code) {
    case 'INPUT':
      error = new InputError(json.message, { ...(json.option !== undefined ? { option: json.option } : {}), ...cause });
      break;
    case 'MODEL_LOAD':
      error = new ModelLoadError(json.message, { model: json.model ?? '', searched: json.searched ?? [], ...(json.file !== undefined ? { file: json.file } : {}), ...cause });
      break;
    case 'ABORTED':
      error = new AbortError(json.message, cause);
      break;
    case 'BACKEND':
      error = new BackendError(json.message, cause);
      break;
    case 'MISSING_DEPENDENCY':
      error = new MissingDependencyError(json.message, { dependency: json.dependency ?? '', ...cause });
      break;
    case 'DISPOSED':
      error = new DisposedError('instance');
      error.message = json.message;
      if (json.cause) error.cause = cause.cause;
      break;
    default:
      error = new Error(json.message, cause);
      error.name = json.name;
  }
  if (json.stack !== undefined) error.stack = json.stack;
  return error;
}
