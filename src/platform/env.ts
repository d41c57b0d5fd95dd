/**
 * fr2en's environment variables, parsed from any string record (pure: no Node import; the
 * platform passes `process.env` or its equivalent).
 */
import type { Fr2enEnv } from './types.js';

/** The environment variables fr2en reads, documented in the README's "Offline use". */
export const ENV_VARIABLES = ['FR2EN_MODELS_DIR', 'FR2EN_HUB_URL', 'FR2EN_OFFLINE', 'HF_HUB_OFFLINE', 'FR2EN_DEBUG'] as const;

const isOn = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);

/** Parses fr2en's variables out of `vars` (empty values count as unset). */
export function readEnv(vars: Readonly<Record<string, string | undefined>>): Fr2enEnv {
  return {
    modelsDir: nonEmpty(vars.FR2EN_MODELS_DIR),
    hubUrl: nonEmpty(vars.FR2EN_HUB_URL)?.replace(/\/+$/, ''),
    offline: isOn(vars.FR2EN_OFFLINE) || isOn(vars.HF_HUB_OFFLINE),
    debug: nonEmpty(vars.FR2EN_DEBUG) !== undefined,
  };
}
