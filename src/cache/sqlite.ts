/**
 * The persistent translation cache: one SQLite file beside the model store, shared by the CLI,
 * servers and queue workers of the machine. SQLite (through `better-sqlite3`, an optional
 * dependency loaded on first use) keeps the file consistent when several processes read and
 * write it at once: write-ahead logging lets readers run beside a writer, and a writer waits its
 * turn (`busy_timeout`) instead of failing.
 */
import { Fr2enError, MissingDependencyError } from '../errors.js';
import { storeRoot } from '../models/store/index.js';
import { platform } from '../platform/index.js';
import { checkInteger } from '../validate.js';
import { entryBytes } from './memory.js';
import type { CacheEntry, CacheStats, ManagedCacheStore } from './types.js';

/** Options of {@link openTranslationCache}. */
export interface PersistentCacheOptions {
  /**
   * The cache file. @default `<model store>/cache/translations.sqlite` (the store: `cacheDir`, else
   * `FR2EN_CACHE_DIR`, else `~/.cache/fr2en`)
   */
  file?: string;
  /** The model store's root, when `file` is not given. @default FR2EN_CACHE_DIR, else ~/.cache/fr2en */
  cacheDir?: string;
  /** Most entries kept; the least recently used go first. @default 1_000_000 */
  maxEntries?: number;
  /** Most bytes of entries kept (keys and values). @default 256 MiB */
  maxBytes?: number;
}

/** Default bounds of the persistent cache. */
export const PERSISTENT_CACHE_DEFAULTS = { maxEntries: 1_000_000, maxBytes: 256 * 1024 * 1024 } as const;

/** A persistent store: a {@link ManagedCacheStore} with the path of its file. */
export interface PersistentCacheStore extends ManagedCacheStore {
  /** The SQLite file. */
  readonly file: string;
}

/** The part of better-sqlite3's API used here (it ships no types of its own). */
interface Statement {
  get(...args: unknown[]): unknown;
  run(...args: unknown[]): unknown;
}
interface Database {
  pragma(source: string): unknown;
  exec(source: string): unknown;
  prepare(source: string): Statement;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}
type DatabaseConstructor = new (file: string, options?: { timeout?: number }) => Database;

const DRIVER = 'better-sqlite3';
let driver: Promise<DatabaseConstructor> | undefined;

/** Loads better-sqlite3 once (dropped on failure so that a retry after installing it works). */
function loadDriver(): Promise<DatabaseConstructor> {
  // a specifier in a variable: bundlers leave the optional dependency alone
  const specifier = DRIVER;
  driver ??= import(specifier).then(
    (mod: { default?: DatabaseConstructor }) => (mod.default ?? (mod as unknown as DatabaseConstructor)),
    (error: unknown) => {
      driver = undefined;
      throw new MissingDependencyError(
        `The persistent translation cache needs \`${DRIVER}\`, an optional dependency that is not installed (or did not build): ` +
          `run \`npm install ${DRIVER}@12\`, or use the in-memory cache (\`cache: true\`).`,
        { dependency: DRIVER, cause: error },
      );
    },
  );
  return driver;
}

/** The default cache file for a model store root. */
export function translationCacheFile(cacheDir?: string): string {
  return platform.path.join(storeRoot(cacheDir), 'cache', 'translations.sqlite');
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, value TEXT NOT NULL, bytes INTEGER NOT NULL, used INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS translations_used ON translations (used);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO counters (name, value) VALUES ('hits', 0), ('misses', 0);
`;

/** Entries written between two checks of the bounds. */
const CHECK_EVERY = 64;
/** A hit refreshes an entry's last use at most this often (ms): reads stay reads. */
const TOUCH_AFTER_MS = 60_000;
/** Eviction frees down to this share of the bounds, so that it does not run on every write. */
const EVICT_TO = 0.9;

/** Opens the database file in write-ahead mode with its schema. */
function openDatabase(Sqlite: DatabaseConstructor, file: string): Database {
  try {
    const db = new Sqlite(file, { timeout: 10_000 });
    db.pragma('busy_timeout = 10000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    throw new Fr2enError('BACKEND', `Could not open the translation cache ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** The statements the store runs. */
function statements(db: Database) {
  return {
    select: db.prepare('SELECT value, used FROM translations WHERE key = ?'),
    touch: db.prepare('UPDATE translations SET used = ? WHERE key = ?'),
    upsert: db.prepare('INSERT OR REPLACE INTO translations (key, value, bytes, used) VALUES (?, ?, ?, ?)'),
    totals: db.prepare('SELECT count(*) AS entries, total(bytes) AS bytes FROM translations'),
    evict: db.prepare('DELETE FROM translations WHERE key IN (SELECT key FROM translations ORDER BY used LIMIT ?)'),
    count: db.prepare('UPDATE counters SET value = value + ? WHERE name = ?'),
    counters: db.prepare("SELECT (SELECT value FROM counters WHERE name = 'hits') AS hits, (SELECT value FROM counters WHERE name = 'misses') AS misses"),
  };
}

/**
 * The store over an open database: hits and misses counted in memory and written every
 * {@link CHECK_EVERY} (and on close). Its methods are bound (arrow fields): they may be passed around alone.
 */
class SqliteStore implements PersistentCacheStore {
  private readonly sql: ReturnType<typeof statements>;
  private readonly flushCounters: () => void;
  private writes = 0;
  private hits = 0;
  private misses = 0;
  private closed = false;

  constructor(
    private readonly db: Database,
    readonly file: string,
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {
    this.sql = statements(db);
    this.flushCounters = db.transaction(() => {
      if (this.hits > 0) this.sql.count.run(this.hits, 'hits');
      if (this.misses > 0) this.sql.count.run(this.misses, 'misses');
      this.hits = 0;
      this.misses = 0;
    });
  }

  readonly get = (key: string): CacheEntry | undefined => {
    this.assertOpen();
    const row = this.sql.select.get(key) as { value: string; used: number } | undefined;
    if (!row) {
      if (++this.misses >= CHECK_EVERY) this.flushCounters();
      return undefined;
    }
    const now = Date.now();
    if (now - row.used > TOUCH_AFTER_MS) this.sql.touch.run(now, key);
    if (++this.hits >= CHECK_EVERY) this.flushCounters();
    return JSON.parse(row.value) as CacheEntry;
  };

  readonly set = (key: string, entry: CacheEntry): void => {
    this.assertOpen();
    const size = entryBytes(key, entry);
    if (size > this.maxBytes) return;
    this.sql.upsert.run(key, JSON.stringify(entry), size, Date.now());
    if (++this.writes % CHECK_EVERY === 0) this.enforceBounds();
  };

  readonly stats = (): CacheStats => {
    this.assertOpen();
    this.flushCounters();
    const t = this.sql.totals.get() as { entries: number; bytes: number };
    const c = this.sql.counters.get() as { hits: number; misses: number };
    return { entries: t.entries, bytes: t.bytes, maxEntries: this.maxEntries, maxBytes: this.maxBytes, hits: c.hits, misses: c.misses };
  };

  readonly clear = (): void => {
    this.assertOpen();
    this.db.exec('DELETE FROM translations; UPDATE counters SET value = 0;');
    this.hits = 0;
    this.misses = 0;
  };

  readonly close = (): void => {
    if (this.closed) return;
    this.flushCounters();
    this.enforceBounds();
    this.closed = true;
    this.db.close();
  };

  private assertOpen(): void {
    if (this.closed) throw new Fr2enError('DISPOSED', 'This translation cache was closed: open it again with `openTranslationCache()`.');
  }

  /** Evicts the least recently used entries down to {@link EVICT_TO} of the bounds once they are passed. */
  private enforceBounds(): void {
    const t = this.sql.totals.get() as { entries: number; bytes: number };
    if (t.entries <= this.maxEntries && t.bytes <= this.maxBytes) return;
    const average = t.bytes / Math.max(1, t.entries);
    const byEntries = t.entries - Math.floor(this.maxEntries * EVICT_TO);
    const byBytes = Math.ceil((t.bytes - this.maxBytes * EVICT_TO) / Math.max(1, average));
    this.sql.evict.run(Math.max(1, byEntries, byBytes));
  }
}

/**
 * Opens (creating it if needed) the persistent translation cache, a SQLite file safe to share
 * between processes. Needs the optional dependency `better-sqlite3` (else `MissingDependencyError`).
 *
 * @example
 * const cache = await openTranslationCache();
 * const translator = createTranslator({ cache });
 * // …
 * await translator.dispose();
 * cache.close();
 */
export async function openTranslationCache(options: PersistentCacheOptions = {}): Promise<PersistentCacheStore> {
  const maxEntries = checkInteger(options.maxEntries, 'maxEntries', 1) ?? PERSISTENT_CACHE_DEFAULTS.maxEntries;
  const maxBytes = checkInteger(options.maxBytes, 'maxBytes', 1) ?? PERSISTENT_CACHE_DEFAULTS.maxBytes;
  const file = platform.path.resolve(options.file ?? translationCacheFile(options.cacheDir));
  const Sqlite = await loadDriver();
  platform.mkdirp(platform.path.dirname(file));
  return new SqliteStore(openDatabase(Sqlite, file), file, maxEntries, maxBytes);
}
