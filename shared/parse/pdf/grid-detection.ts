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
    for (let up = parent[root]; up !== undefined && up !== root; up = parent[root]) root = up;
    for (let next = parent[i]; next !== undefined && next !== root; next = parent[i]) {
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const t = RULE_SNAP;
  // Events by height: a vertical rule enters (0) before and leaves (2) after the horizontal rules (1) at its ends.
  const events: [number, number, number][] = [];
  for (const [j, s] of v.entries()) events.push([s.from - t, 0, j], [s.to + t, 2, j]);
  for (const [i, s] of h.entries()) events.push([s.at, 1, i]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const active: { at: number; k: number }[] = []; // vertical rules (k indexes v), by x
  const lowerBound = (x: number) => {
    let lo = 0;
    let hi = active.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = active[mid];
      if (m && m.at < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const [, kind, k] of events) {
    if (kind === 1) {
      const a = h[k];
      if (!a) continue;
      for (let at = lowerBound(a.from - t); at < active.length; at++) {
        const crossing = active[at];
        if (!crossing || crossing.at > a.to + t) break;
        if (--budget.crossings < 0) throw tooComplex('表格线');
        parent[find(k)] = find(h.length + crossing.k);
      }
      continue;
    }
    const s = v[k];
    if (!s) continue;
    const at = lowerBound(s.at);
    if (kind === 0) active.splice(at, 0, { at: s.at, k });
    else {
      // Bounded: a rule whose end lay below its start would leave before it entered, and not be found.
      let found = at;
      while (found < active.length && active[found]?.k !== k) found++;
      if (found < active.length) active.splice(found, 1);
    }
  }
  const groups = new Map<number, { h: Segment[]; v: Segment[] }>();
  for (const [i, s] of [...h, ...v].entries()) {
    const root = find(i);
    const g = groups.get(root) ?? { h: [], v: [] };
    groups.set(root, g);
    if (i < h.length) g.h.push(s);
    else g.v.push(s);
  }
  const out: { grid: Grid; h: Segment[]; v: Segment[] }[] = [];
  for (const g of groups.values()) {
    const xs = cluster(g.v.map((s) => s.at));
    const ys = cluster(g.h.map((s) => s.at)).reverse();
    openEnds(ys, g.v);
    // A box or an underline is not a table: a grid has at least two rows or two columns of cells.
    if (xs.length < 2 || ys.length < 2 || xs.length + ys.length < 5) continue;
    const [top] = ys;
    const bottom = ys.at(-1);
    const [left] = xs;
    const right = xs.at(-1);
    if (top === undefined || bottom === undefined || left === undefined || right === undefined) continue;
    out.push({ grid: { xs, ys, top, bottom, left, right }, h: g.h, v: g.v });
  }
  return out;
}

/**
 * A row cut by a page break has no rule on its open side: Chromium draws no border there, only
 * the columns' rules running on to the page's edge. Where at least two vertical rules reach past
 * the last horizontal rule, their common end closes the grid, so the row's figures are in it.
 */
function openEnds(ys: number[], v: Segment[]): void {
  const [top] = ys;
  const bottom = ys.at(-1);
  if (top === undefined || bottom === undefined) return;
  const reach = 2 * RULE_SNAP;
  const below = v.filter((s) => s.from < bottom - reach).map((s) => s.from);
  const above = v.filter((s) => s.to > top + reach).map((s) => s.to);
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
  // A line: rules whose positions chain within the snap; its pieces are then joined in x order.
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let prev: Segment | undefined;
  for (const s of sorted) {
    if (prev === undefined || s.at - prev.at > RULE_SNAP) {
      line = [];
      lines.push(line);
    }
    line.push(s);
    prev = s;
  }
  const out: Segment[] = [];
  for (const pieces of lines) {
    const [first, ...rest] = pieces.sort((a, b) => a.from - b.from);
    if (!first) continue;
    let run: Segment = { ...first };
    for (const s of rest) {
      if (s.from <= run.to + RULE_SNAP) run.to = Math.max(run.to, s.to);
      else {
        out.push(run);
        run = { ...s };
      }
    }
    out.push(run);
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
      const m = sorted[mid];
      if (m && m.at < at - RULE_SNAP) lo = mid + 1;
      else hi = mid;
    }
    const near: [number, number][] = [];
    for (let k = lo; k < sorted.length; k++) {
      const s = sorted[k];
      if (!s || s.at > at + RULE_SNAP) break;
      near.push([s.from - RULE_SNAP, s.to + RULE_SNAP]);
    }
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
    // A line the grid does not have has no rule.
    const merged = spans[line];
    if (!merged) return false;
    let lo = 0;
    let hi = merged.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = merged[mid];
      if (m && m[0] <= point) lo = mid + 1;
      else hi = mid;
    }
    const span = merged[lo - 1];
    return span !== undefined && span[1] >= point;
  };
}

interface GridCell {
  runs: Run[];
  continued: boolean;
}

/** The spaces between successive lines of a grid, with their middles. */
function bands(lines: number[]): { from: number; to: number; mid: number }[] {
  const out: { from: number; to: number; mid: number }[] = [];
  let prev: number | undefined;
  for (const at of lines) {
    if (prev !== undefined) out.push({ from: prev, to: at, mid: (prev + at) / 2 });
    prev = at;
  }
  return out;
}

/** Reads a ruled table: cells are the grid's boxes, a missing rule inside a box merges cells. */
export function readGrid(grid: Grid, h: Segment[], v: Segment[], runs: Run[]): OutCell[][] {
  const { xs, ys } = grid;
  const rowBands = bands(ys);
  const colBands = bands(xs);
  const nRows = rowBands.length;
  const nCols = colBands.length;
  const owner: (GridCell | undefined)[] = new Array(nRows * nCols);
  const rowRule = ruleIndex(h, ys);
  const colRule = ruleIndex(v, xs);
  const starts: { row: number; col: number; cell: GridCell; x0: number; x1: number }[] = [];
  for (const [r, { mid: midY }] of rowBands.entries()) {
    for (const [c, { from: x0, to: x1, mid: midX }] of colBands.entries()) {
      if (owner[r * nCols + c]) continue;
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
      starts.push({ row: r, col: c, cell, x0, x1 });
    }
  }
  // A merged cell's right edge is the last column it covers.
  for (const s of starts) {
    for (let c = s.col + 1; c < nCols && owner[s.row * nCols + c] === s.cell; c++) {
      const band = colBands[c];
      if (band) s.x1 = band.to;
    }
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
      const y = ys[mid];
      if (y !== undefined && cy < y) lo = mid + 1;
      else hi = mid;
    }
    const r = lo - 1;
    const band = rowBands[r];
    const cell = c >= 0 && c < nCols ? owner[r * nCols + c] : undefined;
    if (!band || !cell) continue;
    // A figure run across a drawn column rule: pdfjs joined the figures of squeezed columns
    // into one run ("579625"). Split it at the rule where the rule falls between two digits.
    const cuts: number[] = [];
    for (let k = upperIndex(xs, run.x + STRADDLE) + 1; k < nCols; k++) {
      const x = xs[k];
      if (x === undefined || x >= run.x1 - STRADDLE) break;
      if (k > 0 && colRule(band.mid, k)) cuts.push(x);
    }
    if (cuts.length === 0 || !FIGURE_RUN.test(run.str)) {
      cell.runs.push(run);
      continue;
    }
    const parts = splitAt(run, cuts);
    if (!parts) unplacedRows.add(r);
    else
      for (const part of parts) {
        const pc = upperIndex(xs, (part.x + part.x1) / 2);
        const target = pc >= 0 && pc < nCols ? owner[r * nCols + pc] : undefined;
        // Figures split off past the grid's outer rules belong to no cell: the row cannot be read whole.
        if (target) target.runs.push(part);
        else unplacedRows.add(r);
      }
  }
  const rows: OutCell[][] = [];
  for (const { row, cell, x0, x1 } of starts) {
    const text = cellText(cell.runs);
    if (cell.continued && text === '') continue;
    const line = rows[row] ?? [];
    rows[row] = line;
    // The top row without a rule above it goes on from the page before.
    line.push(row === 0 && cell.continued ? { text, x0, x1, open: true } : { text, x0, x1 });
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
  const [first] = xs;
  if (first === undefined || x < first) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const at = xs[mid];
    if (at !== undefined && x >= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
