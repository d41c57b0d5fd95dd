/**
 * Pure reading of a decoder-only (causal) language model's configs: whether a config is one,
 * its cache shape, context window, end tokens and stop strings. Unit-tested on plain objects.
 */

type Json = Record<string, unknown>;

/** `model_type`s of decoder-only language models transformers.js runs (onnx-community exports). */
export const CAUSAL_MODEL_TYPES = [
  'llama', 'qwen2', 'qwen3', 'gemma', 'gemma2', 'gemma3', 'gemma3_text', 'mistral', 'phi', 'phi3',
  'smollm3', 'granite', 'olmo', 'olmo2', 'cohere', 'starcoder2', 'gpt2', 'gpt_neox',
] as const;

/**
 * Context tokens fr2en uses at most, whatever the model's `max_position_embeddings` (32 768 for
 * Qwen2.5, 131 072 for Llama 3.2): the key/value cache grows with it, so longer articles go
 * through map-reduce instead of one huge prompt.
 */
export const CAUSAL_CONTEXT_CAP = 4096;

/** True when `config.json` describes a decoder-only model (by `model_type`, `is_encoder_decoder: false` or a `…ForCausalLM` architecture). */
export function isDecoderOnly(config: Json): boolean {
  if (config.is_encoder_decoder === true) return false;
  const type = typeof config.model_type === 'string' ? config.model_type : '';
  if ((CAUSAL_MODEL_TYPES as readonly string[]).includes(type)) return true;
  const archs = Array.isArray(config.architectures) ? config.architectures : [];
  return archs.some((a) => typeof a === 'string' && a.endsWith('ForCausalLM'));
}

/** What the causal loop needs to know about a model. */
export interface CausalSettings {
  modelType: string | undefined;
  /** Layers, key/value heads and head size of the cache (`past_key_values.N.key|value` is `[batch, kvHeads, past, headDim]`). */
  layers: number;
  kvHeads: number;
  headDim: number;
  /** Tokens of prompt + output the model is run with: `max_position_embeddings` (or the tokenizer's limit), capped at {@link CAUSAL_CONTEXT_CAP}. */
  context: number;
  /** End tokens (`eos_token_id`, one or several, generation config first); never empty. */
  eos: number[];
  /** `stop_strings` of the generation config: generation ends before any of them. */
  stopStrings: string[];
  /** `no_repeat_ngram_size`, else 0. */
  noRepeatNgram: number;
}

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/**
 * Reads a decoder-only model's settings (gemma3's `text_config` is looked into).
 * @returns the settings, or a string saying what is missing
 */
export function readCausalSettings(input: { config: Json; generationConfig: Json; tokenizerMaxLength?: unknown; tokenizerEos?: unknown }): CausalSettings | string {
  const outer = input.config;
  const config = { ...((outer.text_config as Json | undefined) ?? {}), ...outer } as Json;
  const gen = input.generationConfig;
  const layers = int(config.num_hidden_layers) ?? int(config.n_layer);
  const heads = int(config.num_attention_heads) ?? int(config.n_head);
  const hidden = int(config.hidden_size) ?? int(config.n_embd);
  if (!layers || !heads || !hidden) return 'no `num_hidden_layers`, `num_attention_heads` or `hidden_size` in config.json';
  const eosRaw = gen.eos_token_id ?? config.eos_token_id ?? input.tokenizerEos;
  const eos = (Array.isArray(eosRaw) ? eosRaw : [eosRaw]).filter((x: unknown): x is number => typeof x === 'number');
  if (eos.length === 0) return 'no `eos_token_id` in config.json or generation_config.json';
  const positions = int(config.max_position_embeddings) ?? int(config.n_positions) ?? 2048;
  const tokLimit = typeof input.tokenizerMaxLength === 'number' && input.tokenizerMaxLength > 0 && input.tokenizerMaxLength < 1e7 ? input.tokenizerMaxLength : positions;
  const stops = gen.stop_strings;
  return {
    modelType: typeof outer.model_type === 'string' ? outer.model_type : undefined,
    layers,
    kvHeads: int(config.num_key_value_heads) ?? heads,
    headDim: int(config.head_dim) ?? hidden / heads,
    context: Math.min(positions, tokLimit, CAUSAL_CONTEXT_CAP),
    eos,
    stopStrings: (Array.isArray(stops) ? stops : typeof stops === 'string' ? [stops] : []).filter((s): s is string => typeof s === 'string' && s.length > 0),
    noRepeatNgram: Number(gen.no_repeat_ngram_size ?? 0) || 0,
  };
}
