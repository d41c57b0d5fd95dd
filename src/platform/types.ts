/**
 * What fr2en needs from the machine it runs on: files, paths, environment variables, cores.
 * Everything Node-specific lives in an implementation of {@link Platform} (`node.ts`); the rest
 * of fr2en reaches the machine only through `platform` (`index.ts`), so a browser implementation
 * can be added without touching the pipeline.
 */

/** The environment variables fr2en reads, typed. Read once, in one place (`readEnv`). */
export interface Fr2enEnv {
  /** `FR2EN_MODELS_DIR`: a folder holding models as `<org>/<name>/`. */
  modelsDir: string | undefined;
  /** `FR2EN_HUB_URL`: a mirror of the Hugging Face hub, without trailing slash. */
  hubUrl: string | undefined;
  /** `FR2EN_OFFLINE` or `HF_HUB_OFFLINE` set to 1/true/yes/on: no downloads by default. */
  offline: boolean;
  /** `FR2EN_DEBUG` set (non-empty): the CLI prints stack traces. */
  debug: boolean;
  /** `FR2EN_CACHE_DIR`: fr2en's model store (downloads land in `<dir>/models/<org>/<name>/`). */
  cacheDir: string | undefined;
  /** `XDG_CACHE_HOME`: the user's cache root (the store defaults to `<it>/fr2en`). */
  xdgCacheHome: string | undefined;
  /** `HF_HUB_CACHE`, else `HF_HOME/hub`: a Hugging Face hub cache searched (read-only) for models. */
  hfHubCache: string | undefined;
  /** `FR2EN_TIMEOUT_MS`: connect and idle timeout of downloads, in milliseconds. */
  timeoutMs: number | undefined;
}

/** What an HTTP request returns, as the model store uses it. */
export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

/** Options of {@link Platform.http}. */
export interface HttpOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** `manual`: a 3xx is returned as it is (its headers readable). @default 'follow' */
  redirect?: 'follow' | 'manual';
  signal?: AbortSignal;
  /** Milliseconds to open the connection. */
  connectTimeoutMs: number;
  /** Milliseconds without a byte (waiting for headers or between body chunks). */
  idleTimeoutMs: number;
}

/** Path operations (POSIX or the host's). */
export interface PlatformPath {
  join(...parts: string[]): string;
  /** An absolute path, resolved against the working folder. `~` is the home folder. */
  resolve(...parts: string[]): string;
  dirname(p: string): string;
  basename(p: string): string;
  isAbsolute(p: string): boolean;
}

/** The machine fr2en runs on. */
export interface Platform {
  /** Implementation name, e.g. `node`. */
  readonly name: string;
  readonly path: PlatformPath;
  /** The environment variables fr2en reads (see {@link Fr2enEnv}). */
  env(): Fr2enEnv;
  /** Cores available to this process. */
  cpuCount(): number;
  /** The machine's memory in MB: total, and available now (free plus reclaimable caches). */
  memory(): { totalMb: number; availableMb: number };
  /** Size in bytes of a file, or undefined when it is missing or not a file. */
  fileSize(file: string): number | undefined;
  /** True when `p` exists (file or folder). */
  exists(p: string): boolean;
  /** True when `p` is a folder. */
  isDirectory(p: string): boolean;
  /** A file's text (UTF-8). @throws when unreadable */
  readText(file: string): string;
  /** A file's bytes. @throws when unreadable */
  readBytes(file: string): Uint8Array;
  /**
   * Writes a stream to `file` atomically (through `<file>.part`, renamed when complete; parent
   * folders created), calling `onChunk` with each chunk's size. Resolves with the bytes written.
   * @throws the stream's or the file system's error (the partial file removed)
   */
  writeStream(
    file: string,
    body: ReadableStream<Uint8Array>,
    options?: { signal?: AbortSignal; onChunk?: (bytes: number) => void },
  ): Promise<number>;
  /**
   * An HTTP request through the proxies the environment names (`HTTPS_PROXY`, `HTTP_PROXY`,
   * `NO_PROXY`), with connect and idle timeouts.
   * @throws the transport's error (its `cause` chain names the real reason: refused, timeout, reset…)
   */
  http(url: string, options: HttpOptions): Promise<HttpResponse>;
  /** Appends a stream to `file` (created when missing), calling `onChunk` with each chunk's size. Resolves with the bytes appended. */
  appendStream(
    file: string,
    body: ReadableStream<Uint8Array>,
    options?: { signal?: AbortSignal; onChunk?: (bytes: number) => void },
  ): Promise<number>;
  /** The sha256 of a file's bytes, lowercase hex. */
  sha256File(file: string, signal?: AbortSignal): Promise<string>;
  /** Creates folders (and parents). */
  mkdirp(dir: string): void;
  /** Renames (atomically on one file system), replacing `to`. */
  rename(from: string, to: string): void;
  /** Removes a file or folder (recursively); no error when missing. */
  remove(p: string): void;
  /** Writes `text` to `file` atomically (through a temporary file, renamed). */
  writeTextAtomic(file: string, text: string): void;
  /** Entries of a folder (names), or [] when it is missing. */
  listDir(dir: string): string[];
  /** Creates `file` holding `text` only if it does not exist yet. @returns false when it existed */
  createExclusive(file: string, text: string): boolean;
  /** Last modification time in ms, or undefined when missing. */
  mtimeMs(file: string): number | undefined;
  /** Sets a file's modification time to now. */
  touch(file: string): void;
  /** This process's id and host name (written into lock files). */
  processId(): { pid: number; host: string };
  /** True when a process with `pid` runs on this host. */
  processAlive(pid: number): boolean;
  /** The user's cache root: `XDG_CACHE_HOME`, else the OS's (`~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`). */
  cacheHome(): string;
  /** The user's home folder. */
  homeDir(): string;
}
