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
}
