import { defined } from '../test/support/defined';
/** Small timing helpers shared by the benchmarks: figures are printed as ratios from one run. */

/** Calls per second; `fn` may be async (the parse pipeline is), and is awaited one call at a time. */
export async function throughput(fn: () => unknown, minMs = 1500): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(); // warm the JIT
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 50; i++) await fn();
    n += 50;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (n * 1000) / elapsed;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return defined(s[Math.floor(s.length / 2)]);
};

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function table(rows: (string | number)[][]): string {
  const widths = defined(rows[0]).map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(defined(widths[i]))).join('  ')).join('\n');
}
