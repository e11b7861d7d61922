/**
 * Many rows of table 三 run together, each with a few ways to split: too many combinations to try
 * them all. The column equations prune them first, one equation at a time: a split of a row is
 * dropped when no choice of the other rows' splits lets that column add up (arc consistency). This
 * only drops splits that no full solution could use; the rows are then decided by trying every
 * remaining combination, as before.
 */
import { BALANCE, resultTotal, rowGroups } from '../model/equations';
import { APPLICANT_COLUMNS } from '../model/keys';

/** A row's candidate splits; a known row has one; undefined cells are unknown (wildcards). */
export type Domains = Map<string, (number | undefined)[][]>;

/** Past this many reachable sums an equation is not used to prune (it would cost too much). */
const MAX_SUMS = 20_000;
/** Past this many pairs one step of the sums costs too much: the equation is not used. */
const MAX_PAIRS = 200_000;

interface Term {
  row: string;
  sign: 1 | -1;
}

/** Table 三's column equations as signed terms over the rows present; a group's total stands in for absent rows. */
function equationTerms(format: '2021' | '2019', present: (row: string) => boolean): Term[][] {
  const out: Term[][] = [];
  for (const eq of [resultTotal(format), BALANCE]) {
    let lhs = [...eq.lhs];
    for (const g of rowGroups(format)) {
      if (g.parts.some((p) => lhs.includes(p) && !present(p)) && present(g.total)) lhs = [...lhs.filter((t) => !g.parts.includes(t)), g.total];
    }
    out.push([...lhs.map((row): Term => ({ row, sign: 1 })), ...eq.rhs.map((row): Term => ({ row, sign: -1 }))]);
  }
  return out;
}

/** {a + b : a ∈ xs, b ∈ ys}, or undefined past MAX_SUMS. */
function plus(xs: ReadonlySet<number>, ys: ReadonlySet<number>): Set<number> | undefined {
  if (xs.size * ys.size > MAX_PAIRS) return undefined;
  const out = new Set<number>();
  for (const x of xs) for (const y of ys) if (out.add(x + y).size > MAX_SUMS) return undefined;
  return out;
}

/**
 * Drops the splits no solution can use, in place. Returns false when some row is left with none:
 * the table does not add up under any split (an arithmetic error), and nothing may be decided from
 * the pruning.
 */
export function pruneByColumns(format: '2021' | '2019', domains: Domains): boolean {
  const present = (row: string) => domains.has(row);
  const equations = equationTerms(format, present);
  for (let round = 0, changed = true; changed && round < 20; round++) {
    changed = false;
    for (let col = 0; col < APPLICANT_COLUMNS.length; col++) {
      for (const terms of equations) {
        const values: Set<number>[] = [];
        let open = false;
        for (const t of terms) {
          const d = domains.get(t.row);
          if (!d) {
            open = true;
            break;
          }
          const s = new Set<number>();
          for (const cand of d) {
            const v = cand[col];
            if (v === undefined) open = true;
            else s.add(t.sign * v);
          }
          if (open) break;
          values.push(s);
        }
        // An unknown term lets the column be anything: nothing to prune by.
        if (open) continue;
        // Sums reachable by the terms before and after each term.
        const before: (Set<number> | undefined)[] = [new Set([0])];
        for (const [k, s] of values.entries()) before.push(before[k] && plus(before[k], s));
        const after: (Set<number> | undefined)[] = Array.from({ length: values.length + 1 });
        after[values.length] = new Set([0]);
        for (let k = values.length - 1; k >= 0; k--) {
          const next = after[k + 1];
          const value = values[k];
          after[k] = next && value !== undefined ? plus(next, value) : undefined;
        }
        for (const [k, t] of terms.entries()) {
          const pre = before[k];
          const post = after[k + 1];
          const d = domains.get(t.row);
          if (!pre || !post || !d || d.length < 2) continue;
          const reachable = (v: number) => {
            for (const p of pre) if (post.has(-v - p)) return true;
            return false;
          };
          const kept = d.filter((cand) => reachable(t.sign * (cand[col] ?? 0)));
          if (kept.length === 0) return false;
          if (kept.length < d.length) {
            domains.set(t.row, kept);
            changed = true;
          }
        }
      }
    }
  }
  return true;
}
