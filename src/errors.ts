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
