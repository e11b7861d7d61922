/**
 * The numbers a corpus report is printed with, drawn from a fixed seed so the generator and the
 * tests rebuild the same report from the recipe alone. The shapes follow what agencies publish:
 * every cell different, a small department's page of zeros, a city's five- and six-digit counts,
 * and rows left empty instead of written as 0.
 */
import { REVIEW_GROUPS, disclosureBlocks, resultRows } from '../../shared/model/keys';
import type { Numbers } from './sample-reports';
import { defined } from './defined';

export type NumberPattern = 'distinct' | 'sparse' | 'large' | 'blanks';

/** mulberry32: a tiny seeded generator, enough for test data and the same on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function numbersFor(format: '2021' | '2019', pattern: NumberPattern, seed: number): Numbers {
  const rnd = seeded(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  // Distinct small numbers come from a shuffled pool, so neighbouring cells differ and a column
  // read one off cannot match by chance.
  let pool: number[] = [];
  const distinct = () => {
    if (pool.length === 0)
      pool = shuffle(
        Array.from({ length: 60 }, (_, i) => i + 1),
        rnd,
      );
    return pool.pop() ?? 1;
  };
  const small = pattern === 'sparse' || pattern === 'blanks';
  const resultCell = (): number => {
    if (pattern === 'distinct') return distinct();
    if (pattern === 'large') return int(1000, 60000);
    return 0;
  };
  const resultKeys = resultRows(format).map((r) => r.key);
  const results: Record<string, number[]> = Object.fromEntries(resultKeys.map((k) => [k, [0, 1, 2, 3, 4, 5].map(resultCell)]));
  if (pattern === 'large') for (const k of resultKeys) defined(results[k])[0] = int(10000, 150000);
  if (small) {
    // A small department: a handful of requests, nearly all from natural persons.
    const granted = results.granted ?? [];
    granted[0] = int(1, 12);
    for (let n = int(3, 6); n > 0; n--) {
      const row = results[resultKeys[int(0, resultKeys.length - 2)] ?? 'granted'];
      if (row) row[rnd() < 0.75 ? 0 : int(1, 5)] = int(1, 4);
    }
  }
  const handled = [0, 1, 2, 3, 4, 5].map((i) => resultKeys.reduce((s, k) => s + (results[k]?.[i] ?? 0), 0));
  const carry = (i: number, lo: number, hi: number) => Math.min(handled[i] ?? 0, int(lo, hi));
  const carriedOver = [0, 1, 2, 3, 4, 5].map((i) =>
    pattern === 'large' ? carry(i, 100, 5000) : pattern === 'distinct' ? carry(i, 0, 9) : i === 0 ? carry(i, 0, 1) : 0,
  );
  const carriedForward = [0, 1, 2, 3, 4, 5].map((i) => (pattern === 'large' ? int(100, 5000) : pattern === 'distinct' ? int(0, 9) : i === 0 ? int(0, 1) : 0));
  const reviewCell = () => (pattern === 'large' ? int(10, 400) : pattern === 'distinct' ? int(0, 9) : rnd() < 0.15 ? 1 : 0);
  const review = REVIEW_GROUPS.map(() => [0, 1, 2, 3].map(reviewCell));
  const disclosure: Record<string, number[]> = {};
  for (const block of disclosureBlocks(format)) {
    for (const row of block.rows) {
      disclosure[row.key] = block.columns.map((col) => {
        if (col.signed) return pattern === 'large' ? int(-900, 900) : int(-5, 5);
        if (col.decimal) return pattern === 'large' ? int(100000, 9999999) / 100 : pattern === 'distinct' ? int(1, 9999) / 100 : 0;
        if (pattern === 'large') return int(1000, 999999);
        if (pattern === 'distinct') return distinct();
        return rnd() < 0.4 ? int(1, 30) : 0;
      });
    }
  }
  return { results, carriedOver, carriedForward, review, disclosure };
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const a = xs[i];
    const b = xs[j];
    if (a === undefined || b === undefined) continue;
    xs[i] = b;
    xs[j] = a;
  }
  return xs;
}
