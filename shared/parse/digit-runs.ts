/**
 * Table rows whose cells ran together: crawler text exports and copy-paste turn "69 | 3 | 665"
 * into "693665". Such a run is split only where the tables' own arithmetic leaves exactly one
 * split; otherwise its cells stay unknown. Never a guess.
 */

/** Longest number a cell of these tables holds; bounds every split. */
export const MAX_CELL_DIGITS = 7;
/** Work cap per run: past it the run is left unknown rather than searched further. */
export const MAX_SPLIT_NODES = 60_000;

export interface SplitSearch {
  /** splits that passed `accept`, at most `keep` of them */
  found: number[][];
  /** how many splits passed `accept` (may exceed found.length) */
  count: number;
  /** the search hit MAX_SPLIT_NODES: `count` is a lower bound */
  exhausted: boolean;
}

/**
 * A run's digits, where a cut is forced (at piece boundaries: pieces come from separate tokens) and
 * each digit's value; undefined when the digits cannot be n cells at all.
 */
function runOf(pieces: readonly string[], n: number): { digits: string; forced: Uint8Array; code: Uint8Array } | undefined {
  const digits = pieces.join('');
  if (!/^\d+$/.test(digits) || digits.length < n || digits.length > n * MAX_CELL_DIGITS) return undefined;
  const forced = new Uint8Array(digits.length + 1);
  let at = 0;
  for (const p of pieces) {
    at += p.length;
    forced[at] = 1;
  }
  return { digits, forced, code: Uint8Array.from(digits, (c) => c.charCodeAt(0) - 48) };
}

/**
 * Every way to cut the pieces into `n` numbers: each piece is one or more whole cells (pieces come
 * from separate tokens, so no cell crosses from one into the next), no number has a leading zero
 * or more than MAX_CELL_DIGITS digits. `accept` filters complete splits.
 */
export function splitRuns(pieces: readonly string[], n: number, accept: (cells: number[]) => boolean, keep = 64): SplitSearch {
  const out: SplitSearch = { found: [], count: 0, exhausted: false };
  const run = runOf(pieces, n);
  if (!run) return out;
  const { digits, forced, code } = run;
  const cells: number[] = [];
  let nodes = 0;
  const walk = (pos: number): void => {
    if (out.exhausted) return;
    if (++nodes > MAX_SPLIT_NODES) {
      out.exhausted = true;
      return;
    }
    const left = n - cells.length;
    const rest = digits.length - pos;
    if (left === 0) {
      if (rest === 0 && accept(cells)) {
        out.count++;
        if (out.found.length < keep) out.found.push([...cells]);
      }
      return;
    }
    if (rest < left || rest > left * MAX_CELL_DIGITS) return;
    const maxLen = code[pos] === 0 ? 1 : MAX_CELL_DIGITS;
    let value = 0;
    for (let len = 1; len <= maxLen && pos + len <= digits.length; len++) {
      // pos + len <= digits.length, the length of code.
      value = value * 10 + (code[pos + len - 1] ?? 0);
      cells.push(value);
      walk(pos + len);
      cells.pop();
      // No cell crosses a piece boundary.
      if (forced[pos + len] && pos + len < digits.length) break;
    }
  };
  walk(0);
  return out;
}

/**
 * The splits of a row whose last cell is the sum of the others (table 三: 总计 = the six), the same
 * as `splitRuns(pieces, n, rowTotalHolds)` but fast enough for long runs: the total is read off
 * the end first, and the other cells are cut only while their sum stays within it.
 */
export function splitSummedRuns(pieces: readonly string[], n: number, keep = 64): SplitSearch {
  const out: SplitSearch = { found: [], count: 0, exhausted: false };
  const run = runOf(pieces, n);
  if (!run) return out;
  const { digits, forced, code } = run;
  const cells: number[] = [];
  let nodes = 0;
  for (let totalLen = 1; totalLen <= MAX_CELL_DIGITS && totalLen <= digits.length - (n - 1); totalLen++) {
    const end = digits.length - totalLen;
    if (totalLen > 1 && code[end] === 0) continue;
    // The total is one cell: no piece boundary inside it.
    let crosses = false;
    for (let k = end + 1; k < digits.length; k++) if (forced[k]) crosses = true;
    if (crosses) continue;
    const total = Number(digits.slice(end));
    const walk = (pos: number, sum: number): void => {
      if (out.exhausted) return;
      if (++nodes > MAX_SPLIT_NODES) {
        out.exhausted = true;
        return;
      }
      const left = n - 1 - cells.length;
      const rest = end - pos;
      if (left === 0) {
        if (rest === 0 && sum === total) {
          out.count++;
          if (out.found.length < keep) out.found.push([...cells, total]);
        }
        return;
      }
      if (rest < left || rest > left * MAX_CELL_DIGITS) return;
      const maxLen = code[pos] === 0 ? 1 : MAX_CELL_DIGITS;
      let value = 0;
      for (let len = 1; len <= maxLen && pos + len <= end; len++) {
        value = value * 10 + (code[pos + len - 1] ?? 0);
        // Cells only grow with length: past the total, no longer cut can fit.
        if (sum + value > total) break;
        cells.push(value);
        walk(pos + len, sum + value);
        cells.pop();
        if (forced[pos + len] && pos + len < end) break;
      }
    };
    walk(0, 0);
    if (out.exhausted) break;
  }
  return out;
}

/** The single split of a run that fits, or why there is none. */
export type Resolution = { kind: 'one'; cells: number[] } | { kind: 'several'; count: number; exhausted: boolean } | { kind: 'none' };

export function resolve(search: SplitSearch): Resolution {
  const [only] = search.found;
  if (search.count === 1 && !search.exhausted && only) return { kind: 'one', cells: only };
  if (search.count === 0 && !search.exhausted) return { kind: 'none' };
  return { kind: 'several', count: search.count, exhausted: search.exhausted };
}

// The equations that choose among a run's splits live with the format's other equations; the
// PDF reader imports them from here too.
export { reviewTotalsHold, rowTotalHolds } from '../model/equations';

/**
 * Several rows with runs, one equation system (table 三's column totals and balance): the
 * combinations of each row's candidate splits that satisfy `holds`. A row is resolved where every
 * satisfying combination agrees on it. Bounded by `maxCombinations`.
 */
export function resolveJointly(
  candidates: readonly (readonly number[][])[],
  holds: (choice: readonly (readonly number[])[]) => boolean,
  maxCombinations = 100_000,
): { resolved: (number[] | undefined)[]; combinations: number; searched: boolean } {
  const total = candidates.reduce((p, c) => p * Math.max(c.length, 1), 1);
  const resolved: (number[] | undefined)[] = candidates.map(() => undefined);
  if (candidates.some((c) => c.length === 0) || total > maxCombinations) return { resolved, combinations: 0, searched: false };
  const agreed: (number[] | null | undefined)[] = candidates.map(() => undefined);
  let combinations = 0;
  const choice: number[][] = [];
  const walk = (k: number): void => {
    if (k === candidates.length) {
      if (!holds(choice)) return;
      combinations++;
      choice.forEach((c, i) => {
        const seen = agreed[i];
        if (seen === undefined) agreed[i] = c;
        else if (seen !== null && seen !== c) agreed[i] = null;
      });
      return;
    }
    for (const c of candidates[k] ?? []) {
      choice.push(c);
      walk(k + 1);
      choice.pop();
    }
  };
  walk(0);
  agreed.forEach((a, i) => {
    if (a) resolved[i] = a;
  });
  return { resolved, combinations, searched: true };
}
