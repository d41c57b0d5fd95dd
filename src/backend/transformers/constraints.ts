/**
 * Lexical constraints as beam search tracks them: which of a row's token sequences a hypothesis
 * has produced, and how far it is into the one it is writing. Pure: no tensors.
 *
 * A hypothesis meets a constraint when the constraint's tokens appear in it as one contiguous
 * run. The state follows the hypothesis token by token: a token that continues the constraint in
 * progress advances it; any other token abandons that progress (its tokens stop counting, as in
 * Post & Vilar's dynamic beam allocation) and may start an unmet constraint itself.
 */

/** Where a hypothesis stands with its row's constraints; immutable (each token makes a new one). */
export interface ConstraintState {
  /** Per constraint: true once its whole run has been produced. */
  readonly met: readonly boolean[];
  /** Constraint being written, or -1. */
  readonly current: number;
  /** Tokens of {@link ConstraintState.current} produced so far. */
  readonly progress: number;
  /** Constraint tokens produced: those of met constraints plus the progress (the DBA bank). */
  readonly bank: number;
  /** True right after the last token of a constraint: the next token must not glue onto it. */
  readonly justMet?: boolean;
}

/** The state before any token: constraints with no tokens count as met. */
export function initialState(constraints: readonly (readonly number[])[]): ConstraintState {
  const met = constraints.map((c) => c.length === 0);
  return { met, current: -1, progress: 0, bank: 0 };
}

/** Total tokens of the constraints: the highest bank. */
export function totalTokens(constraints: readonly (readonly number[])[]): number {
  return constraints.reduce((n, c) => n + c.length, 0);
}

/** True when every constraint is met and none is half-written: the end token is allowed. */
export function allMet(state: ConstraintState): boolean {
  return state.current === -1 && state.met.every(Boolean);
}

/** Indexes of the constraints not met. */
export function unmetIndexes(state: ConstraintState): number[] {
  const out: number[] = [];
  state.met.forEach((m, i) => {
    if (!m) out.push(i);
  });
  return out;
}

function metTokens(constraints: readonly (readonly number[])[], met: readonly boolean[]): number {
  let n = 0;
  met.forEach((m, i) => {
    if (m) n += constraints[i]!.length;
  });
  return n;
}

/** The state after `token`. */
export function advance(constraints: readonly (readonly number[])[], state: ConstraintState, token: number): ConstraintState {
  if (state.current >= 0) {
    const c = constraints[state.current]!;
    if (c[state.progress] === token) {
      if (state.progress + 1 < c.length) return { ...state, progress: state.progress + 1, bank: state.bank + 1 };
      const met = state.met.slice();
      met[state.current] = true;
      return { met, current: -1, progress: 0, bank: metTokens(constraints, met), justMet: true };
    }
    // the run so far plus this token may still end with a shorter start of the same constraint
    const written = [...c.slice(0, state.progress), token];
    for (let m = state.progress; m > 0; m--) {
      if (written.slice(written.length - m).every((t, j) => t === c[j])) {
        return { met: state.met, current: state.current, progress: m, bank: metTokens(constraints, state.met) + m };
      }
    }
  }
  // no constraint in progress, or this token abandons it: the token may start an unmet one
  for (const [i, c] of constraints.entries()) {
    if (state.met[i] || c[0] !== token) continue;
    if (c.length === 1) {
      const met = state.met.slice();
      met[i] = true;
      return { met, current: -1, progress: 0, bank: metTokens(constraints, met), justMet: true };
    }
    return { met: state.met, current: i, progress: 1, bank: metTokens(constraints, state.met) + 1 };
  }
  if (state.current === -1) return state.justMet ? { met: state.met, current: -1, progress: 0, bank: state.bank } : state;
  return { met: state.met, current: -1, progress: 0, bank: metTokens(constraints, state.met) };
}

/**
 * The tokens that make progress from `state`: the next token of the constraint in progress, or
 * the first token of every unmet constraint. Beam search adds these to each beam's candidates.
 */
export function progressTokens(constraints: readonly (readonly number[])[], state: ConstraintState): number[] {
  if (state.current >= 0) return [constraints[state.current]![state.progress]!];
  const out = new Set<number>();
  for (const [i, c] of constraints.entries()) if (!state.met[i] && c.length > 0) out.add(c[0]!);
  return [...out];
}

/** The state of a whole token sequence (for tests and for checking an output). */
export function stateOf(constraints: readonly (readonly number[])[], tokens: readonly number[]): ConstraintState {
  let state = initialState(constraints);
  for (const t of tokens) state = advance(constraints, state, t);
  return state;
}

/** True when `tokens` contain `run` as a contiguous run. */
export function containsRun(tokens: readonly number[], run: readonly number[]): boolean {
  if (run.length === 0) return true;
  outer: for (let i = 0; i + run.length <= tokens.length; i++) {
    for (let j = 0; j < run.length; j++) if (tokens[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}
