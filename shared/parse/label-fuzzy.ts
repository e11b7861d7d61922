/**
 * Row labels as clerks really print them: a character dropped or mistyped ("2.其他法律行政止公开"
 * for "2.其他法律行政法规禁止公开"). A label the exact patterns miss is taken by its position (it
 * sits where its row belongs, between the rows found before and after it) and its similarity to
 * the printed label, and only when no other row could claim it. Otherwise it stays unfound.
 */
import { canonicalCore } from './label-index';
import { compact } from './normalize';
import type { Token } from './tokens';

/** Similarity needed to take a label: 0.857 for the real misprint above, ~0.5 between sibling rows. */
export const FUZZY_MIN = 0.75;
/** Every other row must stay below this, or the label is ambiguous. */
const OTHERS_MAX = 0.6;
/** How many tokens after the row before a misprinted label may sit. */
const NEAR = 40;
/** Labels shorter than this (其他, 规章) are too short to tell a misprint from another label. */
const MIN_CHARS = 4;

/** Length of the longest common subsequence; labels have tens of characters. */
function lcs(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1).fill(0);
  const cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    // Both rows are filled with numbers for every j read here; the ?? 0 only satisfies the index type.
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j] ?? 0;
  }
  return prev[b.length] ?? 0;
}

/** Character-level similarity relative to length (Dice over the longest common subsequence), 0 to 1. */
export function labelSimilarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  return (2 * lcs(a, b)) / (a.length + b.length);
}

const LAST_NUMBERING = /(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|(?<!\d)\d{1,2}[.、)])$/;

/** The outline number printed right before a label's core ("2." of "2.其他…"), if any. */
export function numberingBefore(compact: string, core: string): string | undefined {
  const at = compact.lastIndexOf(core);
  if (at <= 0) return undefined;
  return LAST_NUMBERING.exec(compact.slice(0, at))?.[0];
}

export interface FuzzyRow {
  /** the printed label, as the format has it */
  label: string;
}

/**
 * The one token in [from, to) that can be row `p`'s label, or -1. `core` gives a token's label
 * core without a run of digits; `exact` says whether that core is some row's or group's exact
 * label (such a token belongs to that row, never to a fuzzy match).
 */
export function fuzzyLabel(
  tokens: readonly Token[],
  rows: readonly FuzzyRow[],
  p: number,
  from: number,
  to: number,
  core: (t: Token) => string,
  exact: (core: string) => boolean,
): number {
  const row = rows[p];
  if (!row) return -1;
  const target = canonicalCore(row.label);
  if (target.length < MIN_CHARS) return -1;
  const targetNumber = numberingBefore(compact(row.label), target);
  let found = -1;
  // A row sits right after the one before it: its label is among the next few tokens (the last
  // row's values, blank cells and group labels come between), not anywhere in the section.
  const end = Math.min(to, Math.max(from, 0) + NEAR);
  for (let i = Math.max(from, 0); i < end; i++) {
    const t = tokens[i];
    if (!t || t.value !== undefined) continue;
    const c = core(t);
    // Far from the label's length no misprint of it is similar enough: skip before comparing.
    if (c.length < MIN_CHARS - 1 || c.length > 60 || Math.min(c.length, target.length) * 2 < FUZZY_MIN * (c.length + target.length) || exact(c)) continue;
    if (labelSimilarity(c, target) < FUZZY_MIN) continue;
    // Another row as close, or closer: the label could be either.
    if (rows.some((r, q) => q !== p && labelSimilarity(c, canonicalCore(r.label)) >= OTHERS_MAX)) continue;
    const printedNumber = numberingBefore(t.compact, c);
    if (printedNumber !== undefined && targetNumber !== undefined && printedNumber !== targetNumber) continue;
    // Two tokens in the gap could be the row: neither is taken.
    if (found !== -1) return -1;
    found = i;
  }
  return found;
}
