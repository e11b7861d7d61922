import { tooComplex } from '../limits';
import { type Budget, RULE_SNAP, findGrids, readGrid } from './grid-detection';
import { PDF_LIMITS } from './limits';
import type { Grid, PageItem, Run, Segment } from './page-model';
import { UNPLACED_WHY, cutAtEdge, unplaceRow } from './row-placement';
import { toLines } from './text-layout';
import { unruledTables } from './unruled-tables';

/** One page: ruled tables as grids, everything else as pieces of lines, top to bottom. */
export function layoutPage(
  runs: Run[],
  rules: { h: Segment[]; v: Segment[]; clip?: { right: number } },
  budget: Budget,
  box: { width: number; height: number },
): PageItem[] {
  let grids = rules.h.length > 0 && rules.v.length > 0 ? findGrids(rules.h, rules.v, budget) : [];
  if (grids.length > PDF_LIMITS.maxGridsPerPage) grids = [];
  for (const { grid } of grids) {
    budget.cells -= grid.xs.length * grid.ys.length;
    if (budget.cells < 0) throw tooComplex('表格单元格');
  }
  // A table cut off at the edge takes in what is left of its cut column (the first digits of a
  // number, past its last vertical rule but under its horizontal ones): those glyphs are dropped.
  const tables = grids.map(({ grid, h, v }) => {
    const cut = cutOff(grid, h, box.width);
    return { grid, h, v, cut, region: cut ? widened(grid, h) : grid, inside: [] as Run[], overflow: false };
  });
  const spilled: { run: Run; table: (typeof tables)[number] }[] = [];
  const free: Run[] = [];
  for (const run of runs) {
    const cx = (run.x + run.x1) / 2;
    const cy = run.y + run.size * 0.3;
    const table = tables.find(({ region: r }) => cx > r.left && cx < r.right && cy < r.top && cy > r.bottom);
    if (table) {
      table.inside.push(run);
      continue;
    }
    // Text run out of a cell of fixed height (Word's exact row height): the last line of a figure
    // wrapped in a narrow cell lies under the table. The row's figures are not all in their cells.
    const under = tables.find(({ region: r }) => cx > r.left && cx < r.right && cy <= r.bottom && cy > r.bottom - 1.2 * run.size && FIGURE_PART.test(run.str));
    if (under) spilled.push({ run, table: under });
    else free.push(run);
  }
  // Digits on a line with words (a dated note under the table: "截至2023年…") are that line's.
  for (const { run, table } of spilled) {
    const inLine = free.some((o) => Math.abs(o.y - run.y) <= 0.35 * Math.min(o.size, run.size) && !FIGURE_PART.test(o.str));
    if (inLine) free.push(run);
    else table.overflow = true;
  }
  const items: PageItem[] = tables.map(({ grid, h, v, cut, inside, overflow }): PageItem => {
    let rows = readGrid(grid, h, v, inside);
    const last = rows.at(-1);
    if (overflow && last) rows[rows.length - 1] = unplaceRow(last, UNPLACED_WHY.overflow);
    // A table wider than the page, printed without fitting: its rules go on past the edge, and the
    // columns there are not in the file. Cut on the right only, the columns wholly inside the page
    // are read by their rules and the rest of each row is unknown; cut on the left, no column can
    // be told by its place in the row, and no figure is read.
    if (cut) {
      const edge = rightCutOnly(grid, h) ? Math.min(box.width, rules.clip?.right ?? Infinity) + EDGE : undefined;
      rows = rows.map((row) => (edge === undefined ? unplaceRow(row, UNPLACED_WHY.cutOff) : cutAtEdge(row, edge)));
    }
    return { top: grid.top, kind: 'table', table: { grid, rows, ruled: true } };
  });
  items.push(...unruledTables(toLines(free)));
  items.sort((a, b) => b.top - a.top || (a.kind === 'piece' && b.kind === 'piece' ? a.piece.x0 - b.piece.x0 : 0));
  return items;
}

const FIGURE_PART = /^[\s\d０-９.,，]+$/;

/** Half a point past the page's edge is still the edge (a border drawn on it). */
const EDGE = 1;

/** A cut-off table's region reaches as far as its horizontal rules run. */
function widened(grid: Grid, h: Segment[]): Grid {
  let left = grid.left;
  let right = grid.right;
  for (const s of h) {
    left = Math.min(left, s.from);
    right = Math.max(right, s.to);
  }
  return { ...grid, left: left - EDGE, right: right + EDGE };
}

/** A table cut off on its right only: nothing of it lies left of the page or of its first column rule. */
const rightCutOnly = (grid: Grid, h: Segment[]) => grid.left >= -EDGE && h.every((s) => s.from >= -EDGE && s.from >= grid.left - 2 * RULE_SNAP);

/**
 * A table cut off at the page's edge (or at the printable area's clip): its rules run on past the
 * page, or its horizontal rules run on past its last vertical rule, where the next column's
 * border would be, had it been drawn.
 */
function cutOff(grid: Grid, h: Segment[], width: number): boolean {
  const over = 2 * RULE_SNAP;
  return (
    grid.left < -EDGE ||
    grid.right > width + EDGE ||
    h.some((s) => s.from < -EDGE || s.to > width + EDGE || s.from < grid.left - over || s.to > grid.right + over)
  );
}
