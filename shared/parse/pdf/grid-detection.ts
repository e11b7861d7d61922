import { tooComplex } from '../limits';
import type { Grid, OutCell, Run, Segment } from './page-model';
import { UNPLACED_WHY, unplaceRow } from './row-placement';
import { cellText } from './text-layout';

/** Snap tolerance for rules: a table border drawn twice (cell and table) is one line. */
export const RULE_SNAP = 3;

function cluster(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let sum = 0;
  let n = 0;
  let last = -Infinity;
  for (const v of sorted) {
    if (v - last > RULE_SNAP && n > 0) {
      out.push(sum / n);
      sum = 0;
      n = 0;
    }
    sum += v;
    n++;
    last = v;
  }
  if (n > 0) out.push(sum / n);
  return out;
}

/**
 * What is left of the document's allowance for ruled tables: grid positions (columns × rows of
 * every grid read) and rule crossings found while grouping rules into tables.
 */
export interface Budget {
  cells: number;
  crossings: number;
}

/**
 * Groups rules into tables: rules that touch belong to one table. A sweep from the bottom of the
 * page up keeps the vertical rules that reach the current height ordered by x, so each horizontal
 * rule meets only the vertical rules it crosses.
 */
export function findGrids(hIn: Segment[], vIn: Segment[], budget: Budget): { grid: Grid; h: Segment[]; v: Segment[] }[] {
  const h = joinCollinear(hIn);
  const v = joinCollinear(vIn);
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const t = RULE_SNAP;
  // Events by height: a vertical rule enters (0) before and leaves (2) after the horizontal rules (1) at its ends.
  const events: [number, number, number][] = [];
  for (let j = 0; j < v.length; j++) events.push([v[j]!.from - t, 0, j], [v[j]!.to + t, 2, j]);
  for (let i = 0; i < h.length; i++) events.push([h[i]!.at, 1, i]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const active: number[] = []; // indices into v, by x
  const lowerBound = (x: number) => {
    let lo = 0;
    let hi = active.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v[active[mid]!]!.at < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const [, kind, k] of events) {
    if (kind === 0) active.splice(lowerBound(v[k]!.at), 0, k);
    else if (kind === 2) {
      let at = lowerBound(v[k]!.at);
      while (active[at] !== k) at++;
      active.splice(at, 1);
    } else {
      const a = h[k]!;
      for (let at = lowerBound(a.from - t); at < active.length && v[active[at]!]!.at <= a.to + t; at++) {
        if (--budget.crossings < 0) throw tooComplex('表格线');
        parent[find(k)] = find(h.length + active[at]!);
      }
    }
  }
  const groups = new Map<number, { h: Segment[]; v: Segment[] }>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    groups.set(find(i), g);
    if (i < h.length) g.h.push(h[i]!);
    else g.v.push(v[i - h.length]!);
  }
  const out: { grid: Grid; h: Segment[]; v: Segment[] }[] = [];
  for (const g of groups.values()) {
    const xs = cluster(g.v.map((s) => s.at));
    const ys = cluster(g.h.map((s) => s.at)).reverse();
    openEnds(ys, g.v);
    // A box or an underline is not a table: a grid has at least two rows or two columns of cells.
    if (xs.length < 2 || ys.length < 2 || xs.length + ys.length < 5) continue;
    out.push({ grid: { xs, ys, top: ys[0]!, bottom: ys[ys.length - 1]!, left: xs[0]!, right: xs[xs.length - 1]! }, h: g.h, v: g.v });
  }
  return out;
}

/**
 * A row cut by a page break has no rule on its open side: Chromium draws no border there, only
 * the columns' rules running on to the page's edge. Where at least two vertical rules reach past
 * the last horizontal rule, their common end closes the grid, so the row's figures are in it.
 */
function openEnds(ys: number[], v: Segment[]): void {
  if (ys.length === 0) return;
  const reach = 2 * RULE_SNAP;
  const below = v.filter((s) => s.from < ys[ys.length - 1]! - reach).map((s) => s.from);
  const above = v.filter((s) => s.to > ys[0]! + reach).map((s) => s.to);
  if (below.length >= 2) ys.push(Math.max(...below));
  if (above.length >= 2) ys.unshift(Math.min(...above));
}

/**
 * Rules on one line that meet or overlap are one rule. Chromium draws a border per cell side: the
 * top of a cell spanning three columns is three pieces, and the middle one touches no vertical
 * rule when the columns under it are merged, so the pieces must join before rules are grouped.
 */
function joinCollinear(segs: Segment[]): Segment[] {
  const sorted = [...segs].sort((a, b) => a.at - b.at);
  const out: Segment[] = [];
  // A line: rules whose positions chain within the snap; its pieces are then joined in x order.
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.at - sorted[j - 1]!.at <= RULE_SNAP) j++;
    const line = sorted.slice(i, j).sort((a, b) => a.from - b.from);
    let run: Segment = { ...line[0]! };
    for (const s of line.slice(1)) {
      if (s.from <= run.to + RULE_SNAP) run.to = Math.max(run.to, s.to);
      else {
        out.push(run);
        run = { ...s };
      }
    }
    out.push(run);
    i = j;
  }
  return out;
}

/**
 * Where the rules of one grid line reach: for each line at `lines[i]`, the spans (widened by the
 * snap) of the rules within the snap of it, merged and in order, to ask of a point in log time.
 */
function ruleIndex(segs: Segment[], lines: number[]): (point: number, line: number) => boolean {
  const sorted = [...segs].sort((a, b) => a.at - b.at);
  const spans = lines.map((at) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.at < at - RULE_SNAP) lo = mid + 1;
      else hi = mid;
    }
    const near: [number, number][] = [];
    for (let k = lo; k < sorted.length && sorted[k]!.at <= at + RULE_SNAP; k++) near.push([sorted[k]!.from - RULE_SNAP, sorted[k]!.to + RULE_SNAP]);
    near.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const span of near) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push(span);
    }
    return merged;
  });
  return (point, line) => {
    const merged = spans[line]!;
    let lo = 0;
    let hi = merged.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (merged[mid]![0] <= point) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && merged[lo - 1]![1] >= point;
  };
}

interface GridCell {
  runs: Run[];
  continued: boolean;
}

/** Reads a ruled table: cells are the grid's boxes, a missing rule inside a box merges cells. */
export function readGrid(grid: Grid, h: Segment[], v: Segment[], runs: Run[]): OutCell[][] {
  const { xs, ys } = grid;
  const nRows = ys.length - 1;
  const nCols = xs.length - 1;
  const owner: (GridCell | undefined)[] = new Array(nRows * nCols);
  const rowRule = ruleIndex(h, ys);
  const colRule = ruleIndex(v, xs);
  const starts: { row: number; col: number; cell: GridCell; x1: number }[] = [];
  for (let r = 0; r < nRows; r++) {
    const midY = (ys[r]! + ys[r + 1]!) / 2;
    for (let c = 0; c < nCols; c++) {
      if (owner[r * nCols + c]) continue;
      const midX = (xs[c]! + xs[c + 1]!) / 2;
      const topRule = rowRule(midX, r);
      const leftRule = c === 0 || colRule(midY, c);
      if (!leftRule && c > 0 && owner[r * nCols + c - 1]) {
        owner[r * nCols + c] = owner[r * nCols + c - 1];
        continue;
      }
      if (!topRule && r > 0 && owner[(r - 1) * nCols + c]) {
        owner[r * nCols + c] = owner[(r - 1) * nCols + c];
        continue;
      }
      const cell: GridCell = { runs: [], continued: !topRule };
      owner[r * nCols + c] = cell;
      starts.push({ row: r, col: c, cell, x1: xs[c + 1]! });
    }
  }
  // A merged cell's right edge is the last column it covers.
  for (const s of starts) {
    let c = s.col + 1;
    while (c < nCols && owner[s.row * nCols + c] === s.cell) c++;
    s.x1 = xs[c]!;
  }
  const unplacedRows = new Set<number>();
  for (const run of runs) {
    const cx = (run.x + run.x1) / 2;
    const cy = run.y + run.size * 0.3;
    const c = upperIndex(xs, cx);
    // ys descends: the row is the number of lines below the top that lie above cy.
    let lo = 1;
    let hi = ys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cy < ys[mid]!) lo = mid + 1;
      else hi = mid;
    }
    const r = lo - 1;
    if (c < 0 || c >= nCols || r >= nRows) continue;
    const midY = (ys[r]! + ys[r + 1]!) / 2;
    // A figure run across a drawn column rule: pdfjs joined the figures of squeezed columns
    // into one run ("579625"). Split it at the rule where the rule falls between two digits.
    const crossed: number[] = [];
    for (let k = upperIndex(xs, run.x + STRADDLE) + 1; k < nCols && xs[k]! < run.x1 - STRADDLE; k++) if (k > 0 && colRule(midY, k)) crossed.push(k);
    if (crossed.length === 0 || !FIGURE_RUN.test(run.str)) {
      owner[r * nCols + c]!.runs.push(run);
      continue;
    }
    const parts = splitAt(
      run,
      crossed.map((k) => xs[k]!),
    );
    if (!parts) unplacedRows.add(r);
    else for (const part of parts) owner[r * nCols + upperIndex(xs, (part.x + part.x1) / 2)]!.runs.push(part);
  }
  const rows: OutCell[][] = [];
  for (const { row, col, cell, x1 } of starts) {
    const text = cellText(cell.runs);
    if (cell.continued && text === '') continue;
    const line = rows[row] ?? [];
    rows[row] = line;
    // The top row without a rule above it goes on from the page before.
    line.push(row === 0 && cell.continued ? { text, x0: xs[col]!, x1, open: true } : { text, x0: xs[col]!, x1 });
  }
  // A row holding a figure run its rules cut through between digits cannot be placed.
  for (const r of unplacedRows) rows[r] = unplaceRow(rows[r] ?? [], UNPLACED_WHY.straddles, true);
  // A row without a glyph in any cell (the sliver between a double rule, the rest of a header cut
  // by the page break) says nothing, and read as blanks it would lead a row of figures.
  return rows.filter((r) => r?.some((c) => c.text !== ''));
}

/** How far (pt) a run must reach past a rule to be across it: glyph boxes touch their cell's edge. */
const STRADDLE = 1;
const FIGURE_RUN = /^[\d,.]+$/;

/**
 * Splits a run of digits at the given x positions, if each falls within a fifth of a digit of the
 * boundary between two digits (digits are set at one advance each). Undefined when one does not.
 */
function splitAt(run: Run, cuts: number[]): Run[] | undefined {
  const n = run.str.length;
  const advance = (run.x1 - run.x) / n;
  const parts: Run[] = [];
  let from = 0;
  for (const cut of cuts) {
    const at = (cut - run.x) / advance;
    const k = Math.round(at);
    if (Math.abs(at - k) > 0.2 || k <= from || k >= n) return undefined;
    parts.push({ ...run, str: run.str.slice(from, k), x: run.x + from * advance, x1: run.x + k * advance });
    from = k;
  }
  parts.push({ ...run, str: run.str.slice(from), x: run.x + from * advance, x1: run.x1 });
  return parts;
}

/** Index of the interval [xs[i], xs[i+1]) holding x. */
function upperIndex(xs: number[], x: number): number {
  if (x < xs[0]!) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (x >= xs[mid]!) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
