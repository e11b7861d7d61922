import type { Line, OutCell, Run } from './page-model';
import { cellText, spreadLabel, toLines, toPieces } from './text-layout';

/**
 * The label side of a borderless table whose labels wrap: label runs grouped into the columns they
 * stand in, lines set 分散对齐 taken as one run, and the two tests of where a label's lines belong
 * (a label wraps only when its line is full; only its first line opens with an item's number).
 */

/** The number an item of a report's table opens with: 二、 （一） 3. */
export const ITEM_START = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])/;

/**
 * A label wraps only when its line is full: in each of the row's label cells every line but the
 * last is as wide as the cell's widest, give or take a character (a digit is narrower, a closing
 * mark may not start a line). A short line with more below it is the end of another row's label.
 */
export function wrapsFull(runs: Run[]): boolean {
  return columnsOf(runs).every((g) => {
    const lines = toLines(g.runs);
    const width = (l: Line) => (l.runs[l.runs.length - 1]?.x1 ?? 0) - (l.runs[0]?.x ?? 0);
    const widest = Math.max(...lines.map(width));
    // Or the next line's first character would not have fitted on the line as wide as the widest:
    // a column one character wide whose first line is wider by an item's number ("1.属" over "于").
    // An opening mark is never set at a line's end: it goes down with the character after it.
    const glyph = (l: Line | undefined) => {
      const r = l?.runs[0];
      const chars = [...(r?.str ?? '')];
      return r ? ((r.x1 - r.x) / Math.max(1, chars.length)) * (OPENING.test(chars[0] ?? '') && chars.length > 1 ? 2 : 1) : 0;
    };
    return lines
      .slice(0, -1)
      .every((l, i) => (width(l) >= widest - FULL_SLACK * l.size && width(l) >= FULL_SHARE * widest) || width(l) + glyph(lines[i + 1]) > widest + NO_ROOM);
  });
}

/**
 * An item's number (二、 （一） 3.) opens a label: in each of the row's label cells only the first
 * line may start with one. A line further down that does is the next row's head.
 */
export function opensOnce(runs: Run[]): boolean {
  return columnsOf(runs).every((g) =>
    toLines(g.runs)
      .slice(1)
      .every(
        (l) =>
          !ITEM_START.test(
            l.runs
              .map((r) => r.str)
              .join('')
              .trim(),
          ),
      ),
  );
}

/** How much narrower than the widest line (in font sizes, and as a share of it) a wrapped line may be. */
export const FULL_SLACK = 1.2;
/** How much wider (pt) than the widest line a line and the next character must be for that character not to have fitted. */
const NO_ROOM = 0.1;
const FULL_SHARE = 0.6;

/**
 * A line set 分散对齐 in its cell (each character a run, spread over the cell's width) is one
 * run: its characters stand farther apart than two columns do.
 */
function spreadLine(line: Line, others: Run[]): Run[] {
  // An item's number before the spread characters ("2." 重 复 申 请) stands apart from them.
  const [number, ...rest] = line.runs;
  if (number && rest.length >= 2 && ITEM_NUMBER.test(number.str.trim())) return [number, ...spreadLine({ ...line, runs: rest }, others)];
  const first = line.runs[0];
  const last = line.runs[line.runs.length - 1];
  if (line.runs.length < 2 || !first || !last || !line.runs.every((r) => ONE_CHAR.test(r.str.trim()))) return line.runs;
  // Text of other lines starting between two of the characters: they stand in columns of their own
  // (the first characters of two cells wrapped one to a line: 三 of （三）, 于 of 1.属于).
  const gaps = line.runs.slice(1).map((r, i): [number, number] => [line.runs[i]?.x1 ?? r.x, r.x]);
  if (others.some((o) => !line.runs.includes(o) && gaps.some(([a, z]) => o.x > a + GAP_SLACK && o.x < z - GAP_SLACK))) return line.runs;
  // Two characters over two characters at the same places, line after line: two columns one
  // character wide (（三）不予公开 beside 1.属于国家秘密), not one cell's text spread over it.
  if (line.runs.length === 2 && pairedLines(line, others) > 1) return line.runs;
  const spread = spreadLabel(toPieces(line));
  return spread.length === 1 ? [{ ...first, x1: last.x1, str: spread[0]?.text ?? '' }] : line.runs;
}

/** How many lines of `runs` hold two runs that start where the line's two do. */
function pairedLines(line: Line, runs: Run[]): number {
  const [a, b] = line.runs;
  if (!a || !b) return 0;
  const at = (x: number, r: Run) => Math.abs(r.x - x) <= GAP_SLACK * 2;
  return toLines(runs).filter((l) => l.runs.length === 2 && l.runs.some((r) => at(a.x, r)) && l.runs.some((r) => at(b.x, r))).length;
}

/** Opening brackets and quotes: a line may not end with one. */
const OPENING = /[“‘（(《〈「『【〔［]/;
const ITEM_NUMBER = /^\d+[.．、]$/;

/** How far inside a gap (pt) a run must start to stand in it. */
const GAP_SLACK = 0.5;

/** One Chinese character or full-width mark: how a 分散对齐 line comes out, a run per character. */
const ONE_CHAR = /^[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff08\uff09]$/;

/** A row's label runs as cells: runs whose x-extents overlap stand in one column, top to bottom. */
export function labelCells(runs: Run[]): OutCell[] {
  return columnsOf(runs).map((g) => ({ text: cellText(g.runs), x0: g.x0, x1: g.x1 }));
}

/** Runs grouped by the column they stand in: x-extents that overlap or all but touch. */
export function columnsOf(runs: Run[]): { x0: number; x1: number; runs: Run[] }[] {
  const sorted = toLines(runs)
    .flatMap((l) => spreadLine(l, runs))
    .sort((a, b) => a.x - b.x);
  const groups: { x0: number; x1: number; runs: Run[] }[] = [];
  for (const r of sorted) {
    const g = groups[groups.length - 1];
    if (g && r.x < g.x1 + 0.25 * r.size) {
      g.x1 = Math.max(g.x1, r.x1);
      g.runs.push(r);
    } else groups.push({ x0: r.x, x1: r.x1, runs: [r] });
  }
  return groups;
}
