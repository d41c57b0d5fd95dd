/**
 * fr2en's environment variables, parsed from any string record (pure: no Node import; the
 * platform passes `process.env` or its equivalent).
 */
import type { Fr2enEnv } from './types.js';

/** The environment variables fr2en reads, documented in the README's "Offline use". */
export const ENV_VARIABLES = ['FR2EN_MODELS_DIR', 'FR2EN_HUB_URL', 'FR2EN_OFFLINE', 'HF_HUB_OFFLINE', 'FR2EN_DEBUG', 'FR2EN_CACHE_DIR', 'FR2EN_TIMEOUT_MS', 'XDG_CACHE_HOME', 'HF_HUB_CACHE', 'HF_HOME'] as const;

const isOn = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);

const positiveInt = (v: string | undefined) => {
  const n = Number(nonEmpty(v));
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** Parses fr2en's variables out of `vars` (empty values count as unset). */
export function readEnv(vars: Readonly<Record<string, string | undefined>>): Fr2enEnv {
  return {
    modelsDir: nonEmpty(vars.FR2EN_MODELS_DIR),
    hubUrl: nonEmpty(vars.FR2EN_HUB_URL)?.replace(/\/+$/, ''),
    offline: isOn(vars.FR2EN_OFFLINE) || isOn(vars.HF_HUB_OFFLINE),
    debug: nonEmpty(vars.FR2EN_DEBUG) !== undefined,
    cacheDir: nonEmpty(vars.FR2EN_CACHE_DIR),
    xdgCacheHome: nonEmpty(vars.XDG_CACHE_HOME),
    hfHubCache: nonEmpty(vars.HF_HUB_CACHE) ?? (nonEmpty(vars.HF_HOME) ? `${nonEmpty(vars.HF_HOME)!.replace(/[\\/]+$/, '')}/hub` : undefined),
    timeoutMs: positiveInt(vars.FR2EN_TIMEOUT_MS),
  };
}
