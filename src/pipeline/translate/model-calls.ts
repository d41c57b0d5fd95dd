/**
 * The translator's model calls: the cache first (a row found there costs no model call), then
 * the cross-call batcher for the rows left, whose outputs are kept in the cache.
 */
import type { Backend, BackendGenerateOptions, BackendGenerateResult, BackendModelInfo, BackendOutput } from '../../backend/spec.js';
import { cacheKey, sharedSettingsKey, shortlistScope, type CacheEntry, type TranslationCacheStore } from '../../cache/index.js';
import { throwIfAborted } from '../../errors.js';
import type { Warning } from '../../warnings.js';
import type { Batcher, RowLimits } from '../batcher.js';

/** What a model call needs beyond the backend options. */
export interface ModelCallContext {
  /** The loaded model (its id and weights' type are part of the cache key). */
  info: BackendModelInfo;
  /** Canonical glossary / do-not-translate scope of the call (`''` when none). */
  glossary: string;
  /** Source tokens per row. */
  tokens: readonly number[];
  /** Limits of a batch this call leads. */
  limits: RowLimits;
  /** True once the caller no longer wants the outputs. */
  stopped: () => boolean;
}

/** A model call's result: the backend's, with which rows came from the cache. */
export interface ModelCallResult extends BackendGenerateResult {
  /** Per row: true when the output came from the cache. */
  cached: boolean[];
}

/** Runs a translator's model calls through its cache and batcher. */
export interface ModelCalls {
  /** One output per row, in order; undefined when the call was dropped because the caller stopped. */
  generate(options: BackendGenerateOptions, context: ModelCallContext): Promise<ModelCallResult | undefined>;
}

/** An entry read from a store written by someone else: used only when it has the shape of one. */
function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.text === 'string' && typeof e.tokens === 'number' && typeof e.finished === 'boolean' && (e.score === undefined || typeof e.score === 'number');
}

function toEntry(out: BackendOutput): CacheEntry {
  return {
    text: out.text,
    tokens: out.tokens,
    finished: out.finished,
    ...(out.score !== undefined ? { score: out.score } : {}),
    ...(out.alternatives !== undefined ? { alternatives: out.alternatives } : {}),
    ...(out.unmetConstraints !== undefined ? { unmetConstraints: out.unmetConstraints } : {}),
  };
}

const pick = <T>(rows: readonly T[] | undefined, ids: readonly number[]) => (rows === undefined ? undefined : ids.map((i) => rows[i]!));

/** Builds the model calls of a translator: `cache` (optional) in front of `batcher`. */
export function createModelCalls(backend: Backend, batcher: Batcher, cache: TranslationCacheStore | undefined): ModelCalls {
  return {
    async generate(options, context) {
      const rows = options.inputs.length;
      const batched = (o: BackendGenerateOptions, tokens: readonly number[]) =>
        batcher.generate({ options: o, tokens, limits: context.limits, stopped: context.stopped });
      if (!cache) {
        const result = await batched(options, context.tokens);
        return result && { ...result, cached: new Array<boolean>(rows).fill(false) };
      }
      let failure: unknown;
      const scope = {
        provider: backend.provider,
        modelId: context.info.modelId,
        dtype: context.info.dtype,
        settings: sharedSettingsKey(options),
        glossary: context.glossary,
        shortlist: shortlistScope(context.info),
      };
      const keys = await Promise.all(
        options.inputs.map((input, i) =>
          cacheKey(scope, {
            input,
            maxNewTokens: options.maxNewTokens[i]!,
            minNewTokens: options.minNewTokens?.[i] ?? 0,
            constraints: options.constraints?.[i],
          }),
        ),
      );
      const found = await Promise.all(
        keys.map(async (key) => {
          try {
            const entry = await cache.get(key);
            return isEntry(entry) ? entry : undefined;
          } catch (error) {
            failure ??= error;
            return undefined;
          }
        }),
      );
      const outputs: BackendOutput[] = found.map((entry) => (entry ? toEntry(entry) : { text: '', tokens: 0, finished: false }));
      const cached = found.map((entry) => entry !== undefined);
      const misses = cached.flatMap((hit, i) => (hit ? [] : [i]));
      let result: BackendGenerateResult = { outputs: [], steps: 0 };
      if (misses.length === 0) {
        throwIfAborted(options.signal);
        if (context.stopped()) return undefined;
      } else {
        const sub: BackendGenerateOptions = {
          ...options,
          inputs: pick(options.inputs, misses)!,
          maxNewTokens: pick(options.maxNewTokens, misses)!,
          ...(options.minNewTokens ? { minNewTokens: pick(options.minNewTokens, misses)! } : {}),
          ...(options.constraints ? { constraints: pick(options.constraints, misses)! } : {}),
        };
        const ran = await batched(sub, pick(context.tokens, misses)!);
        if (!ran) return undefined;
        result = ran;
        for (const [j, i] of misses.entries()) {
          const out = ran.outputs[j]!;
          outputs[i] = out;
          try {
            await cache.set(keys[i]!, toEntry(out));
          } catch (error) {
            failure ??= error;
          }
        }
      }
      const warnings: Warning[] = [...(result.warnings ?? [])];
      if (failure !== undefined) {
        warnings.push({
          code: 'cache-error',
          message: `The translation cache failed (${(failure as Error)?.message ?? String(failure)}): the model translated what it could not serve, and new translations may not have been kept.`,
        });
      }
      return { ...result, outputs, cached, ...(warnings.length > 0 ? { warnings } : {}) };
    },
  };
}
