/**
 * A value the code guarantees by construction (a key just set, a match group the pattern always captures).
 * Where the guarantee is broken the code is wrong, so this throws an Error naming the invariant rather than
 * letting `undefined` travel on. Content from outside is never "guaranteed": guard and skip it instead.
 */
export function must<T>(value: T | null | undefined, why: string): T {
  if (value === undefined || value === null) throw new Error(`invariant broken: ${why}`);
  return value;
}
