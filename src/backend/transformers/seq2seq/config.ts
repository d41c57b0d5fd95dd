/**
 * Pure reading of a model's `config.json` and `generation_config.json` into the typed settings
 * the backend decodes with. No ONNX, no files: unit-tested on plain objects.
 */

/** The generation settings fr2en takes from a model's generation_config.json (or config.json). */
export interface ModelGeneration {
  /** `num_beams`, else 1. */
  beams: number;
  /** `length_penalty`, else 1. */
  lengthPenalty: number;
  /** `early_stopping`, else false. */
  earlyStopping: boolean | 'never';
  /** `min_length` − 1 (the decoder start token counts in transformers' lengths), else 0. */
  minNewTokens: number;
  /** `renormalize_logits`, else false. */
  renormalize: boolean;
  /** `repetition_penalty`, else 1 (off). */
  repetitionPenalty: number;
}

/** Everything the backend needs to know about a loaded model, read from its configs. */
export interface ModelSettings {
  /** `model_type`, e.g. `marian`, `bart`. */
  modelType: string | undefined;
  /** Largest input in tokens: `max_position_embeddings` (else 512), capped by the tokenizer's `model_max_length`. */
  maxInputTokens: number;
  /** Largest output in tokens: `max_position_embeddings`, else 512. */
  maxOutputTokens: number;
  /** End tokens (`eos_token_id`, one or several); never empty. */
  eos: number[];
  /** Padding id: `pad_token_id`, else the first end token. */
  padId: number;
  /** Text put before every input (`prefix`, or the task's prefix of `task_specific_params`). */
  prefix: string;
  /** `decoder_start_token_id`, when given (the lean decoder needs it). */
  decoderStart: number | undefined;
  /** `forced_bos_token_id`: the first generated token, when given. */
  forcedBos: number | undefined;
  /** Single-token `bad_words_ids`: never generated. */
  banned: number[];
  /** `no_repeat_ngram_size`, else 0 (off). */
  noRepeatNgram: number;
  /** The defaults of every call. */
  generation: ModelGeneration;
}

type Json = Record<string, unknown>;

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Reads the generation defaults of a model from its generation config, then its config. */
export function modelGeneration(gen: Json, config: Json): ModelGeneration {
  const pick = (key: string) => gen[key] ?? config[key];
  const early = pick('early_stopping');
  const lp = Number(pick('length_penalty'));
  return {
    beams: Math.max(1, Math.floor(Number(pick('num_beams')) || 1)),
    lengthPenalty: Number.isFinite(lp) && pick('length_penalty') !== null && pick('length_penalty') !== undefined ? lp : 1,
    earlyStopping: early === 'never' ? 'never' : early === true,
    minNewTokens: Math.max(0, Math.floor(Number(pick('min_length')) || 0) - 1),
    renormalize: pick('renormalize_logits') === true,
    repetitionPenalty: positive(pick('repetition_penalty')) ?? 1,
  };
}

/**
 * Reads a model's settings. Generation keys are looked up in `generation_config.json` first,
 * then `config.json`, as transformers does.
 * @returns the settings, or a string saying what is missing (the caller raises `ModelLoadError`).
 */
export function readModelSettings(input: {
  config: Json;
  generationConfig: Json;
  /** The tokenizer's `model_max_length` (transformers.js reports 1e30 when unset). */
  tokenizerMaxLength?: unknown;
  /** The tokenizer's `pad_token_id`, used when the configs give none. */
  tokenizerPadId?: unknown;
  task: 'translation' | 'summarization';
}): ModelSettings | string {
  const { config, generationConfig: gen, task } = input;
  const pick = (key: string) => gen[key] ?? config[key];
  const positions = positive(config.max_position_embeddings) ?? 512;
  const tokLimit = positive(input.tokenizerMaxLength);
  const eosRaw = pick('eos_token_id');
  const eos = (Array.isArray(eosRaw) ? eosRaw : [eosRaw]).filter((x: unknown): x is number => typeof x === 'number');
  if (eos.length === 0) return 'no `eos_token_id` in config.json or generation_config.json';
  const taskParams = (config.task_specific_params as Record<string, Json | undefined> | undefined)?.[task];
  const prefix = typeof config.prefix === 'string' ? config.prefix : typeof taskParams?.prefix === 'string' ? taskParams.prefix : '';
  const badWords = pick('bad_words_ids');
  const start = pick('decoder_start_token_id');
  const forced = pick('forced_bos_token_id');
  const pad = Number(config.pad_token_id ?? gen.pad_token_id ?? input.tokenizerPadId ?? eos[0]);
  return {
    modelType: typeof config.model_type === 'string' ? config.model_type : undefined,
    maxInputTokens: Math.min(positions, tokLimit && tokLimit < 1e6 ? tokLimit : positions),
    maxOutputTokens: positions,
    eos,
    padId: Number.isFinite(pad) ? pad : eos[0]!,
    prefix,
    decoderStart: typeof start === 'number' ? start : undefined,
    forcedBos: typeof forced === 'number' ? forced : undefined,
    banned: Array.isArray(badWords) ? badWords.filter((w): w is number[] => Array.isArray(w) && w.length === 1).map((w) => w[0]!) : [],
    noRepeatNgram: Number(pick('no_repeat_ngram_size') ?? 0) || 0,
    generation: modelGeneration(gen, config),
  };
}
