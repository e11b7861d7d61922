/**
 * How much of two texts is the same wording: Jaccard similarity of their character 5-shingles,
 * after whitespace and punctuation are removed so that reflowed lines and changed commas do not
 * count as new text. Each text is capped so a hostile upload cannot make a page slow.
 *
 * Note: the BOILERPLATE rule (shared/rules/cross-year.ts) has its own 4-gram version; the two can
 * give slightly different percentages for the same pair.
 */
export const SHINGLE = 5;
export const MAX_CHARS = 50_000;

const NOISE = /[\s\p{P}\p{S}]+/gu;

export function shingles(text: string): Set<string> {
  const t = text.slice(0, MAX_CHARS).replace(NOISE, '');
  const set = new Set<string>();
  if (t.length === 0) return set;
  // A text shorter than one shingle is its own single shingle, so two equal short texts still match.
  if (t.length < SHINGLE) set.add(t);
  for (let i = 0; i + SHINGLE <= t.length; i++) set.add(t.slice(i, i + SHINGLE));
  return set;
}

/** In [0, 1]: 1 for the same wording (two empty texts included), 0 when one side is empty or nothing is shared. */
export function similarity(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  if (x.size === 0 && y.size === 0) return 1;
  if (x.size === 0 || y.size === 0) return 0;
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  let common = 0;
  for (const g of small) if (large.has(g)) common++;
  return common / (x.size + y.size - common);
}
