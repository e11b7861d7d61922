/**
 * GB/T 2260 codes by their shape alone: six digits, a province `xx0000`, a prefecture `xxxx00`, and
 * containment by prefix (the places under 440100 start with 4401). Kept apart from the dataset of
 * names (regions.ts), so that the functions that only file reports under regions do not carry it.
 */
export type RegionLevel = 1 | 2 | 3;

export const NATIONAL = '000000';

export const isRegionCode = (code: string): boolean => /^\d{6}$/.test(code);

/** The level a code names by its shape, whether or not the dataset lists it (0: the whole country). */
export function levelOf(code: string): 0 | RegionLevel {
  if (code === NATIONAL) return 0;
  if (code.endsWith('0000')) return 1;
  if (code.endsWith('00')) return 2;
  return 3;
}

/** The prefix every code inside a region starts with: 440000 → 44, 440100 → 4401, 440106 → 440106. */
export function regionPrefix(code: string): string {
  const level = levelOf(code);
  return level === 0 ? '' : code.slice(0, level * 2);
}

export const contains = (outer: string, inner: string): boolean => inner.startsWith(regionPrefix(outer));

/** The regions a code rolls up into, country first: 440106 → [000000, 440000, 440100, 440106]. */
export function rollUp(code: string): string[] {
  if (!isRegionCode(code) || code === NATIONAL) return [NATIONAL];
  const out = [NATIONAL, `${code.slice(0, 2)}0000`];
  if (levelOf(code) >= 2) out.push(`${code.slice(0, 4)}00`);
  if (levelOf(code) === 3) out.push(code);
  return out;
}
