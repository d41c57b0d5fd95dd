/**
 * Opening a vocabulary shortlist with a model: read the file (the `shortlist` setting, else the
 * model folder's `shortlist.bin`), split the decoder graph at its output layer, and swap the
 * model's decoder session for the split one plus a head session.
 */
import { InputError } from '../../../errors.js';
import { onnxSuffix } from '../../../models/manifest.js';
import { platform } from '../../../platform/index.js';
import type { Warning } from '../../../warnings.js';
import type { TransformersModule } from '../load.js';
import type { OrtSession } from '../ops.js';
import { sliceSelfCaches, splitDecoder, UnsupportedGraphError } from './surgery.js';
import { decodeShortlist, SHORTLIST_FILE, ShortlistFormatError, type ShortlistTable } from './table.js';

/** A shortlist in use: its table, where it came from, and the head session. */
export interface LoadedShortlist {
  table: ShortlistTable;
  /** The file it was read from. */
  file: string;
  /** SHA-256 of the file's bytes (lowercase hex), when Web Crypto is there to compute it. */
  sha256?: string;
  /** The output layer over gathered rows (`hidden`, `ids` → `logits`). */
  head: OrtSession;
}

/** Key of the head session among the model's sessions (so that disposing the model frees it). */
export const HEAD_SESSION = 'fr2en_lm_head';

/** Reads and checks a shortlist file for a vocabulary of `vocabSize`. @throws InputError naming the `shortlist` option */
export function readShortlist(file: string, vocabSize: number | undefined): ShortlistTable {
  return readShortlistFile(file, vocabSize).table;
}

/** {@link readShortlist}, with the bytes the table was decoded from. */
function readShortlistFile(file: string, vocabSize: number | undefined): { table: ShortlistTable; bytes: Uint8Array } {
  if (!platform.exists(file)) throw new InputError(`\`shortlist\` file ${file} does not exist. Build one with \`fr2en shortlist build\`, or pass \`shortlist: false\`.`, { option: 'shortlist' });
  let table: ShortlistTable;
  const bytes = platform.readBytes(file);
  try {
    table = decodeShortlist(bytes);
  } catch (error) {
    if (!(error instanceof ShortlistFormatError)) throw error;
    throw new InputError(`\`shortlist\` file ${file} is not usable: ${error.message}.`, { option: 'shortlist', cause: error });
  }
  if (vocabSize !== undefined && table.vocabSize !== vocabSize) {
    throw new InputError(`\`shortlist\` file ${file} was built for a vocabulary of ${table.vocabSize} pieces; this model has ${vocabSize}. Build one for this model with \`fr2en shortlist build\`.`, { option: 'shortlist' });
  }
  return { table, bytes };
}

/** Lowercase hex SHA-256 of `bytes`, or undefined where Web Crypto is missing. */
async function sha256Hex(bytes: Uint8Array): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Opens the shortlist `choice` asks for (`false`: none; a path; absent: the folder's own
 * `shortlist.bin` if there is one) and swaps in the split decoder. A graph that cannot be split
 * leaves the model as it was, with a `shortlist-unsupported` warning.
 * @throws InputError when the file is missing, malformed or built for another vocabulary
 */
export async function attachShortlist(
  model: TransformersModule,
  o: { choice: string | false | undefined; dir: string; dtype: string; threads: number; lean: boolean },
): Promise<{ shortlist?: LoadedShortlist; warnings: Warning[] }> {
  if (o.choice === false) return { warnings: [] };
  const own = platform.path.join(o.dir, SHORTLIST_FILE);
  const file = o.choice ?? (platform.exists(own) ? own : undefined);
  if (file === undefined) return { warnings: [] };
  const vocabSize: number | undefined = model.config?.vocab_size;
  const { table, bytes } = readShortlistFile(file, vocabSize);
  const unsupported = (why: string) => ({ warnings: [{ code: 'shortlist-unsupported' as const, message: `The shortlist ${file} is not used: ${why}; decoding uses the full vocabulary.` }] });
  if (!o.lean) return unsupported('the model is decoded by transformers.js `generate()`, not fr2en\'s lean decoder');
  const decoderFile = platform.path.join(o.dir, 'onnx', `decoder_model_merged${onnxSuffix(o.dtype)}.onnx`);
  if (!platform.exists(decoderFile)) return unsupported(`${decoderFile} is not a file this process can read`);
  let split;
  try {
    split = splitDecoder(platform.readBytes(decoderFile), table.vocabSize);
  } catch (error) {
    if (error instanceof UnsupportedGraphError) return unsupported(`its decoder graph could not be split at the output layer (${error.message})`);
    throw error;
  }
  const [decoder, head] = await Promise.all([createLike(model, sliced(split.decoder), o.threads), createLike(model, split.head, o.threads)]);
  await swapDecoder(model, decoder);
  model.sessions[HEAD_SESSION] = head;
  const sha256 = await sha256Hex(bytes);
  return { shortlist: { table, file, head, ...(sha256 !== undefined ? { sha256 } : {}) }, warnings: [] };
}

/** The decoder graph with its self-attention caches sliced (see {@link sliceSelfCaches}), or as it was when it cannot be. */
function sliced(decoder: Uint8Array): Uint8Array {
  try {
    return sliceSelfCaches(decoder);
  } catch (error) {
    if (error instanceof UnsupportedGraphError) return decoder;
    throw error;
  }
}

/** A session over `bytes` made by the class of the model's own sessions, with fr2en's options. */
function createLike(model: TransformersModule, bytes: Uint8Array, threads: number): Promise<OrtSession> {
  const Session = model.sessions.decoder_model_merged.constructor;
  return Session.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, enableCpuMemArena: false });
}

async function swapDecoder(model: TransformersModule, decoder: OrtSession): Promise<void> {
  const old = model.sessions.decoder_model_merged;
  await old.release?.();
  model.sessions.decoder_model_merged = decoder;
}

/**
 * Swaps the lean decoder's merged decoder session for one whose self-attention caches come back
 * one position per step ({@link sliceSelfCaches}): the runtime then stops handing back the
 * whole, growing cache every step (three quarters of its output bytes on opus-mt), and fr2en's
 * loop keeps it in buffers of its own. Costs a second session creation at load (the graph is
 * rewritten in memory, ~0.15 s for opus-mt's 57 MB int8 decoder). Returns false, leaving the
 * model as it was, when the graph is not one the surgery knows or the model is not decoded lean;
 * {@link attachShortlist} slices the split decoder itself.
 */
export async function attachSlicedCaches(model: TransformersModule, o: { dir: string; dtype: string; threads: number; lean: boolean }): Promise<boolean> {
  // already cut (a shortlist's split decoder is sliced when it is made)
  if (!o.lean || (model.sessions.decoder_model_merged.outputNames ?? []).some((n: string) => n.startsWith('fr2en_'))) return false;
  const decoderFile = platform.path.join(o.dir, 'onnx', `decoder_model_merged${onnxSuffix(o.dtype)}.onnx`);
  // weights in an external data file are found beside the file, not beside bytes in memory
  if (!platform.exists(decoderFile) || platform.exists(`${decoderFile}_data`)) return false;
  const bytes = platform.readBytes(decoderFile);
  const cut = sliced(bytes);
  if (cut === bytes) return false;
  let session: OrtSession;
  try {
    session = await createLike(model, cut, o.threads);
  } catch {
    // the runtime refuses the rewritten graph: decode with the model's own session, as before
    return false;
  }
  await swapDecoder(model, session);
  return true;
}
