/**
 * Fitting text under a token limit, the one place that does it: `splitToLimit` cuts a text
 * longer than the model's input limit (at clause boundaries first, then between words, then,
 * for a run with no space at all, between characters; pieces are trimmed and together hold
 * every non-space character, in order), and `packToLimit` groups sentences into chunks under
 * the limit (splitting over-long ones first). Both measure with a {@link TokenCounter}, so a
 * fake counter tests them without a model.
 */

/** Counts tokens of texts (the backend's tokenizer). */
export type TokenCounter = (texts: readonly string[]) => Promise<number[]>;

const CLAUSE = /(?<=[,;:)\]»”])\s+|\s+(?=[–—(«“])|(?<=[–—])\s+/u;

function pieces(text: string, separator: RegExp | 'word' | 'char'): string[] {
  if (separator === 'char') return Array.from(text);
  if (separator === 'word') return text.split(/(?<=\S)\s+(?=\S)/u);
  return text.split(separator).filter((p) => p.length > 0);
}

async function pack(parts: string[], limit: number, count: TokenCounter, joiner: string): Promise<string[] | undefined> {
  // Greedy packing with a counter call per candidate would be quadratic on huge inputs,
  // so estimate with per-part counts and verify each packed piece.
  const counts = await count(parts);
  const out: string[] = [];
  let current: string[] = [];
  let estimate = 0;
  const overhead = 2; // special tokens counted once per piece, not per part
  for (let i = 0; i < parts.length; i++) {
    const c = Math.max(1, counts[i]! - overhead);
    if (c + overhead > limit) return undefined; // one part alone is too long: a finer separator is needed
    if (current.length > 0 && estimate + c + overhead > limit) {
      out.push(current.join(joiner));
      current = [];
      estimate = 0;
    }
    current.push(parts[i]!);
    estimate += c;
  }
  if (current.length > 0) out.push(current.join(joiner));
  return out;
}

/**
 * Splits `text` into pieces of at most `limit` tokens (as `count` measures them).
 * Returns `[text]` when it already fits.
 */
export async function splitToLimit(text: string, limit: number, count: TokenCounter): Promise<string[]> {
  const [total] = await count([text]);
  if (total! <= limit) return [text];
  const levels: Array<RegExp | 'word' | 'char'> = [CLAUSE, 'word', 'char'];
  for (let level = 0; level < levels.length; level++) {
    const sep = levels[level]!;
    const parts = pieces(text, sep);
    if (parts.length < 2 && sep !== 'char') continue;
    const joiner = sep === 'char' ? '' : ' ';
    const packed = await pack(parts, limit, count, joiner);
    if (!packed) {
      // some part is too long at this level: split those parts further, keep the others
      const result: string[] = [];
      const partCounts = await count(parts);
      let run: string[] = [];
      const flushRun = async () => {
        if (run.length === 0) return;
        result.push(...((await pack(run, limit, count, joiner)) ?? run));
        run = [];
      };
      for (let i = 0; i < parts.length; i++) {
        if (partCounts[i]! > limit) {
          await flushRun();
          result.push(...(await splitFiner(parts[i]!, limit, count, level + 1, levels)));
        } else run.push(parts[i]!);
      }
      await flushRun();
      return verify(result, limit, count);
    }
    return verify(packed, limit, count);
  }
  return [text];
}

async function splitFiner(
  text: string,
  limit: number,
  count: TokenCounter,
  level: number,
  levels: Array<RegExp | 'word' | 'char'>,
): Promise<string[]> {
  for (let l = level; l < levels.length; l++) {
    const sep = levels[l]!;
    const parts = pieces(text, sep);
    if (parts.length < 2) continue;
    const joiner = sep === 'char' ? '' : ' ';
    const packed = await pack(parts, limit, count, joiner);
    if (packed) return packed;
    const counts = await count(parts);
    const out: string[] = [];
    let run: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      if (counts[i]! > limit) {
        if (run.length) out.push(...((await pack(run, limit, count, joiner)) ?? run));
        run = [];
        out.push(...(await splitFiner(parts[i]!, limit, count, l + 1, levels)));
      } else run.push(parts[i]!);
    }
    if (run.length) out.push(...((await pack(run, limit, count, joiner)) ?? run));
    return out;
  }
  return [text];
}

/** Re-splits any piece the estimate let through over the limit (token merges across parts). */
async function verify(piecesIn: string[], limit: number, count: TokenCounter): Promise<string[]> {
  const counts = await count(piecesIn);
  const out: string[] = [];
  for (let i = 0; i < piecesIn.length; i++) {
    const p = piecesIn[i]!;
    if (counts[i]! <= limit) {
      out.push(p);
      continue;
    }
    // halve by words (or characters) until it fits
    const words = p.split(/\s+/u).filter(Boolean);
    const units = words.length > 1 ? words : Array.from(p);
    const joiner = words.length > 1 ? ' ' : '';
    const mid = Math.ceil(units.length / 2);
    if (units.length < 2) {
      out.push(p);
      continue;
    }
    out.push(...(await verify([units.slice(0, mid).join(joiner), units.slice(mid).join(joiner)], limit, count)));
  }
  return out;
}

/**
 * Packs `sentences` in order into chunks (sentences joined by a space) of at most `limit` tokens;
 * a sentence over the limit is split first. Every non-space character ends up in a chunk.
 */
export async function packToLimit(sentences: readonly string[], limit: number, count: TokenCounter): Promise<string[]> {
  const units: string[] = [];
  const counts0 = await count(sentences);
  for (const [i, s] of sentences.entries()) {
    if (counts0[i]! > limit) units.push(...(await splitToLimit(s, limit, count)));
    else units.push(s);
  }
  const counts = await count(units);
  const chunks: string[] = [];
  let current: string[] = [];
  let tokens = 0;
  for (const [i, u] of units.entries()) {
    const c = counts[i]!;
    if (current.length > 0 && tokens + c > limit) {
      chunks.push(current.join(' '));
      current = [];
      tokens = 0;
    }
    current.push(u);
    tokens += c;
  }
  if (current.length > 0) chunks.push(current.join(' '));
  // per-sentence counts add special tokens each time, so the joined chunk is never longer; verify anyway
  const joined = await count(chunks);
  const out: string[] = [];
  for (const [i, c] of chunks.entries()) {
    out.push(...(joined[i]! > limit ? await splitToLimit(c, limit, count) : [c]));
  }
  return out;
}
