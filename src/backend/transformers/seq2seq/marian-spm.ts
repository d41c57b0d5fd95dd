/**
 * Marian's own tokenizer: `source.spm` + `vocab.json` to encode, `target.spm` to decode, as
 * Marian and Python's `MarianTokenizer` do (the real Helsinki-NLP / Xenova opus-mt folders ship
 * these files beside transformers.js's `tokenizer.json`).
 *
 * SentencePiece itself runs in `@sctg/sentencepiece-js`, a WebAssembly build of Google's
 * sentencepiece, imported on first use.
 */
import { ModelLoadError } from '../../../errors.js';
import { platform } from '../../../platform/index.js';
import { memoizePromise } from '../../../util/memoize.js';
import { continuations, type ModelTokenizer } from '../model-tokenizer.js';
import type { ModelFiles } from '../source/types.js';

const { path } = platform;


/** The files that make a folder use Marian's own tokenizer. */
export const MARIAN_SPM_FILES = ['source.spm', 'target.spm', 'vocab.json'] as const;

export type { ModelFiles };

const exists = (file: string, files?: ModelFiles) => (files ? files.has(file) : platform.exists(file));
const readBytes = (file: string, files?: ModelFiles): Uint8Array => {
  if (!files) return platform.readBytes(file);
  const bytes = files.get(file);
  if (!bytes) throw new Error(`missing ${file}`);
  return bytes;
};

/** True when a model folder (on disk, or `files`) has Marian's SentencePiece files and a shared vocabulary. */
export function hasMarianSpm(dir: string, files?: ModelFiles): boolean {
  if (!MARIAN_SPM_FILES.every((f) => exists(path.join(dir, f), files))) return false;
  const config = readJson(path.join(dir, 'tokenizer_config.json'), files) ?? {};
  // separate source/target vocabularies (target_vocab.json) are not supported: tokenizer.json then
  return config.separate_vocabs !== true;
}

/**
 * For a Marian folder on disk (or in `files`) that fr2en will tokenise with its SentencePiece
 * files: the settings the loader would otherwise read from transformers.js's tokenizer
 * (`model_max_length`, `pad_token_id`), from tokenizer_config.json and vocab.json. Building
 * transformers.js's tokenizer only to read them costs ~0.35 s and ~30 MB of heap per model (and
 * per pool worker). Undefined when the folder is not such a Marian folder.
 */
export function marianSpmTokenizerSettings(dir: string, files?: ModelFiles): { model_max_length?: unknown; pad_token_id?: unknown } | undefined {
  if (readJson(path.join(dir, 'config.json'), files)?.model_type !== 'marian' || !hasMarianSpm(dir, files)) return undefined;
  const config = readJson(path.join(dir, 'tokenizer_config.json'), files) ?? {};
  const pad = typeof config.pad_token === 'string' ? config.pad_token : '<pad>';
  return {
    model_max_length: config.model_max_length,
    // read only when config.json has no pad_token_id (Marian's always has one): vocab.json is 1.5 MB
    get pad_token_id() {
      return readJson(path.join(dir, 'vocab.json'), files)?.[pad];
    },
  };
}

function readJson(file: string, files?: ModelFiles): Record<string, unknown> | undefined {
  try {
    const text = files ? new TextDecoder().decode(readBytes(file, files)) : platform.readText(file);
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** transformers' `clean_up_tokenization`: no space before `. ? ! ,` and English contractions. */
export function cleanUpTokenization(text: string): string {
  return text
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spm = any;

/** Imports the sentencepiece module once (retried after a failure). */
const importSpm = memoizePromise<Spm>(() => import('./spm.js'));

/** Base64 of bytes without Node's Buffer (btoa takes a binary string; built in chunks to spare the stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function loadProcessor(mod: Spm, file: string, files?: ModelFiles): Promise<Spm> {
  const processor = new mod.SentencePieceProcessor();
  await processor.loadFromB64StringModel(toBase64(readBytes(file, files)));
  return processor;
}

function pieceToId(spm: Spm, piece: string): number {
  const view = new spm.sentencepiece.StringView(piece);
  const abslView = view.getView();
  try {
    return spm.processor.PieceToId(abslView) as number;
  } finally {
    abslView.delete();
    view.delete();
  }
}

/** Marian's vocabulary and special tokens, from `vocab.json` and `tokenizer_config.json`. */
interface MarianVocab {
  vocab: Map<string, number>;
  inverse: Map<number, string>;
  unk: number;
  eos: number;
  /** Ids dropped when decoding. */
  special: Set<number>;
  cleanUp: boolean;
}

function readVocab(dir: string, files?: ModelFiles): MarianVocab {
  const vocabRaw = readJson(path.join(dir, 'vocab.json'), files);
  if (!vocabRaw) {
    throw new ModelLoadError(`Model folder ${dir}: file \`vocab.json\` is unreadable or corrupt.`, { model: dir, file: path.join(dir, 'vocab.json') });
  }
  const config = readJson(path.join(dir, 'tokenizer_config.json'), files) ?? {};
  const tokenName = (key: string, fallback: string) => {
    const v = config[key];
    return typeof v === 'string' ? v : typeof (v as { content?: unknown })?.content === 'string' ? (v as { content: string }).content : fallback;
  };
  const vocab = new Map<string, number>(Object.entries(vocabRaw).filter((e): e is [string, number] => typeof e[1] === 'number'));
  const unk = vocab.get(tokenName('unk_token', '<unk>'));
  const eos = vocab.get(tokenName('eos_token', '</s>'));
  if (unk === undefined || eos === undefined) {
    throw new ModelLoadError(`Model folder ${dir}: \`vocab.json\` lacks the unknown or end token.`, { model: dir, file: path.join(dir, 'vocab.json') });
  }
  const specialNames = [tokenName('unk_token', '<unk>'), tokenName('eos_token', '</s>'), tokenName('pad_token', '<pad>')];
  if (Array.isArray(config.additional_special_tokens)) {
    for (const t of config.additional_special_tokens) if (typeof t === 'string') specialNames.push(t);
  }
  return {
    vocab,
    inverse: new Map<number, string>([...vocab].map(([piece, id]) => [id, piece])),
    unk,
    eos,
    special: new Set(specialNames.map((t) => vocab.get(t)).filter((id): id is number => id !== undefined)),
    cleanUp: config.clean_up_tokenization_spaces !== false,
  };
}

/** Loads `source.spm` and `target.spm`. */
async function loadProcessors(dir: string, files?: ModelFiles): Promise<[Spm, Spm]> {
  let mod: Spm;
  try {
    mod = await importSpm();
  } catch (error) {
    throw new ModelLoadError(
      'Could not import `@sctg/sentencepiece-js`, which fr2en uses for Marian models that ship `source.spm`. Install it with `npm install @sctg/sentencepiece-js`.',
      { model: dir, cause: error },
    );
  }
  try {
    return await Promise.all([loadProcessor(mod, path.join(dir, 'source.spm'), files), loadProcessor(mod, path.join(dir, 'target.spm'), files)]);
  } catch (error) {
    throw new ModelLoadError(`Model folder ${dir}: \`source.spm\` or \`target.spm\` is not a SentencePiece model.`, { model: dir, cause: error });
  }
}

/** sentencepiece's decode_pieces on target.spm, with the wrapper's DecodeIds for the known pieces. */
function piecesDecoder(target: Spm): (pieces: readonly string[]) => string {
  const targetUnk = pieceToId(target, '<unk>');
  const targetIds = new Map<string, number>();
  const targetId = (piece: string) => {
    let id = targetIds.get(piece);
    if (id === undefined) targetIds.set(piece, (id = pieceToId(target, piece)));
    return id;
  };
  return (pieces) => {
    let out = '';
    let run: number[] = [];
    let runLeadingSpace = false;
    const flush = () => {
      if (run.length === 0) return;
      // DecodeIds drops the leading space of a run; only the very first piece loses it in decode_pieces
      out += (runLeadingSpace && out.length > 0 ? ' ' : '') + (target.decodeIds(run) as string);
      run = [];
    };
    for (const piece of pieces) {
      const id = targetId(piece);
      if (id === targetUnk && piece !== '<unk>') {
        flush();
        out += piece; // decode_pieces keeps a piece the model lacks as written
        continue;
      }
      if (run.length === 0) runLeadingSpace = piece.startsWith('\u2581');
      run.push(id);
    }
    flush();
    return out;
  };
}

/**
 * Loads Marian's tokenizer from a model folder holding `source.spm`, `target.spm`, `vocab.json`
 * (and `tokenizer_config.json` for the special tokens and `clean_up_tokenization_spaces`).
 *
 * - encode: `source.spm` pieces, each mapped through `vocab.json` (a piece the vocabulary lacks
 *   becomes `<unk>`), then `</s>`;
 * - decode: ids → pieces through `vocab.json`, special tokens dropped, `target.spm`'s
 *   detokenisation (`decode_pieces`: a piece target.spm lacks is kept verbatim), `▁` → space,
 *   trimmed, then transformers' clean-up when the config asks for it (default true).
 */
export async function loadMarianSpm(dir: string, files?: ModelFiles): Promise<ModelTokenizer> {
  const [source, target] = await loadProcessors(dir, files);
  const { vocab, inverse, unk, eos, special, cleanUp } = readVocab(dir, files);
  const decodePieces = piecesDecoder(target);
  let glued: ReadonlySet<number> | undefined;
  return {
    kind: 'marian-spm',
    encode(text) {
      const pieces: string[] = source.encodePieces(text);
      const ids = pieces.map((p) => vocab.get(p) ?? unk);
      ids.push(eos);
      return ids;
    },
    encodeTarget(text) {
      const pieces: string[] = target.encodePieces(text);
      return pieces.map((p) => vocab.get(p) ?? unk);
    },
    wordContinuations: () => (glued ??= continuations(vocab)),
    decode(ids) {
      const pieces: string[] = [];
      for (const raw of ids) {
        const id = Number(raw);
        if (special.has(id)) continue;
        const piece = inverse.get(id);
        if (piece !== undefined) pieces.push(piece);
      }
      const text = decodePieces(pieces).replaceAll('\u2581', ' ').trim();
      return cleanUp ? cleanUpTokenization(text) : text;
    },
  };
}
