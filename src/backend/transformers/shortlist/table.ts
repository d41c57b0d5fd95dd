/**
 * The shortlist file: for every source piece the target pieces most often aligned with it, plus
 * the most frequent target pieces, as token ids of one model's vocabulary.
 *
 * Layout (little-endian, 4-byte aligned):
 * | offset | type | field |
 * |---|---|---|
 * | 0 | 8 bytes | magic `FR2ENSL` + `\n` |
 * | 8 | u32 | format version ({@link SHORTLIST_VERSION}) |
 * | 12 | u32 | target vocabulary size (the model's `vocab_size`) |
 * | 16 | u32 | source rows `S` (source ids `0..S-1`) |
 * | 20 | u32 | frequent pieces `F` |
 * | 24 | u32 | entries `E` (all rows) |
 * | 28 | u32 | metadata length `M` |
 * | 32 | M bytes | metadata, UTF-8 JSON (model, corpus, k, …), zero-padded to a multiple of 4 |
 * | … | u32 × F | frequent target ids, most frequent first |
 * | … | u32 × (S + 1) | row offsets into the entries |
 * | … | u32 × E | target ids, per source row best aligned first |
 */

/** File name of a model folder's own shortlist, used by default when present. */
export const SHORTLIST_FILE = 'shortlist.bin';
/** Version of the layout this code reads and writes. */
export const SHORTLIST_VERSION = 1;
const MAGIC = 'FR2ENSL\n';
const HEADER = 32;

/** A decoded shortlist. */
export interface ShortlistTable {
  /** Target vocabulary size of the model it was built for. */
  vocabSize: number;
  /** Most frequent target ids, most frequent first. */
  frequent: Uint32Array;
  /** `targets[offsets[s] .. offsets[s + 1])` are the ids listed for source id `s`. */
  offsets: Uint32Array;
  targets: Uint32Array;
  /** Free-form facts about the build (model, corpus, k, iterations). */
  meta: Record<string, unknown>;
}

/** A file that is not a shortlist of a version this code reads; the message says why. */
export class ShortlistFormatError extends Error {
  override name = 'ShortlistFormatError';
}

/** Builds a table from per-source-id lists (index = source id). */
export function makeShortlist(vocabSize: number, rows: readonly (readonly number[])[], frequent: readonly number[], meta: Record<string, unknown> = {}): ShortlistTable {
  const offsets = new Uint32Array(rows.length + 1);
  rows.forEach((r, s) => (offsets[s + 1] = offsets[s]! + r.length));
  const targets = new Uint32Array(offsets[rows.length]!);
  rows.forEach((r, s) => targets.set(r, offsets[s]!));
  for (const id of [...targets, ...frequent]) if (id >= vocabSize) throw new ShortlistFormatError(`target id ${id} is outside a vocabulary of ${vocabSize}`);
  return { vocabSize, frequent: Uint32Array.from(frequent), offsets, targets, meta };
}

/** The file's bytes. */
export function encodeShortlist(t: ShortlistTable): Uint8Array {
  const meta = new TextEncoder().encode(JSON.stringify(t.meta));
  const metaPadded = Math.ceil(meta.length / 4) * 4;
  const rows = t.offsets.length - 1;
  const size = HEADER + metaPadded + 4 * (t.frequent.length + t.offsets.length + t.targets.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  [SHORTLIST_VERSION, t.vocabSize, rows, t.frequent.length, t.targets.length, meta.length].forEach((v, i) => view.setUint32(8 + 4 * i, v, true));
  out.set(meta, HEADER);
  let at = HEADER + metaPadded;
  for (const arr of [t.frequent, t.offsets, t.targets]) {
    for (const v of arr) {
      view.setUint32(at, v, true);
      at += 4;
    }
  }
  return out;
}

/** Reads a shortlist file. @throws ShortlistFormatError when the bytes are not a shortlist this version reads */
export function decodeShortlist(bytes: Uint8Array): ShortlistTable {
  if (bytes.length < HEADER || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new ShortlistFormatError('it does not start with the shortlist magic `FR2ENSL`');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, vocabSize, rows, frequentCount, entries, metaLength] = [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(8 + 4 * i, true)) as [number, number, number, number, number, number];
  if (version !== SHORTLIST_VERSION) throw new ShortlistFormatError(`it is format version ${version}; this fr2en reads version ${SHORTLIST_VERSION}`);
  const metaPadded = Math.ceil(metaLength / 4) * 4;
  const expected = HEADER + metaPadded + 4 * (frequentCount + rows + 1 + entries);
  if (bytes.length !== expected) throw new ShortlistFormatError(`it is ${bytes.length} bytes where its header announces ${expected}`);
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + metaLength))) as Record<string, unknown>;
  } catch {
    throw new ShortlistFormatError('its metadata is not JSON');
  }
  let at = HEADER + metaPadded;
  const read = (n: number) => {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++, at += 4) out[i] = view.getUint32(at, true);
    return out;
  };
  const frequent = read(frequentCount);
  const offsets = read(rows + 1);
  const targets = read(entries);
  if (offsets[0] !== 0 || offsets[rows] !== entries || offsets.some((o, i) => i > 0 && o < offsets[i - 1]!)) throw new ShortlistFormatError('its row offsets are not increasing');
  for (const id of targets) if (id >= vocabSize) throw new ShortlistFormatError(`it lists target id ${id} outside its vocabulary of ${vocabSize}`);
  for (const id of frequent) if (id >= vocabSize) throw new ShortlistFormatError(`it lists target id ${id} outside its vocabulary of ${vocabSize}`);
  return { vocabSize, frequent, offsets, targets, meta };
}

/**
 * The target ids a sentence may produce, sorted: the listed pieces of its source ids, the
 * frequent pieces, the source ids themselves (copies: names, numbers; the vocabulary is shared
 * between source and target, as in Marian's `vocab.json`), and `always` (special tokens,
 * constraint pieces).
 */
export function sentenceList(t: ShortlistTable, sourceIds: Iterable<number>, always: Iterable<number>): Int32Array {
  const ids = new Set<number>(t.frequent);
  for (const s of sourceIds) {
    if (s < t.vocabSize) ids.add(s);
    if (s + 1 < t.offsets.length) for (let i = t.offsets[s]!; i < t.offsets[s + 1]!; i++) ids.add(t.targets[i]!);
  }
  for (const a of always) if (a >= 0 && a < t.vocabSize) ids.add(a);
  return Int32Array.from(ids).sort();
}
