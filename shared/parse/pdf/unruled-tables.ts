import { parseCellValue } from '../cell-value';
import type { Grid, Line, OutCell, PageItem, Piece, Run } from './page-model';
import { UNPLACED_WHY, unplaceRow } from './row-placement';
import { PAGE_NUMBER } from './running-lines';
import { joinRuns, spreadLabel, toPieces } from './text-layout';
import { FULL_SLACK, ITEM_START, columnsOf, labelCells, opensOnce, wrapsFull } from './label-columns';
import { partitionRows } from './wrapped-rows';

/** A figure as one run holds it: a number, or a dash or slash written for a blank. */
const isFigureRun = (r: Run) => parseCellValue(r.str.trim()) !== undefined;
const DIGIT = /\d/;
/** Two groups of digits in one run: pdfjs joined the figures of neighbouring columns. */
const TWO_FIGURES = /\d[\s\u00a0\u3000]+[\d+\-−]/;

interface TextLine {
  line: Line;
  pieces: Piece[];
  figures: Run[];
  /** a row of a table: figures beside a label or beside each other, not a sentence with a number */
  row: boolean;
}

/** Lines this far apart (in font sizes, baseline to baseline) are not one table's. */
const MAX_ROW_GAP = 3;
/** Label lines (a wrapped label, a header) that may stand between two rows of one table. */
const MAX_LABEL_LINES = 6;
/** A label in a narrow column may wrap over this many lines. */
const MAX_WRAPPED_LINES = 20;
/** More label lines than this per row of figures: the labels are too narrow to tell the rows apart. */
const MAX_WRAP_RATIO = 1.5;

/**
 * Tables without ruling lines (CSS `border:none`, rows told apart by shading only), read from
 * text positions. A line with figures set apart from its label is a row. The columns are the
 * x-extents the figures of the table's rows take, joined where they overlap: figures of one
 * column overlap whether they are set left, right or centred, figures of two columns never do.
 * Each figure goes to its column, a column without a figure in a row is a blank cell (''), so
 * a row keeps its width. A row with two figures in one column, or a figure run that holds two
 * (columns squeezed together), cannot be placed: its figures are left unread. Lines of a label
 * wrapped around a row's figures stay in the table as rows of their own, in reading order, where
 * the table reader joins them to their label.
 */
export function unruledTables(lines: Line[]): PageItem[] {
  const text: TextLine[] = lines.map((line) => {
    const pieces = toPieces(line);
    const figures = figureRuns(line.runs);
    // A row written all blank ("—" in every column) is a row too; a page number is not.
    const row =
      pieces.length >= 2 &&
      (figures.some((r) => DIGIT.test(r.str)) || figures.length >= 2) &&
      !(pieces.length <= 3 && PAGE_NUMBER.test(pieces.map((p) => p.text).join(' ')));
    return { line, pieces, figures, row };
  });
  const tables = new Map<number, PageItem>();
  const taken = new Set<number>();
  let i = 0;
  while (i < text.length) {
    if (!text[i]?.row) {
      i++;
      continue;
    }
    // The table: rows, and between them at most a few label lines set close together.
    let end = i + 1;
    for (;;) {
      let k = end;
      const edge = Math.min(...(text[end - 1]?.figures.map((f) => f.x) ?? []));
      const fits = (k: number) => k - end < MAX_LABEL_LINES || (k - end < MAX_WRAPPED_LINES && leftOf(text[k], edge));
      while (k < text.length && !isRow(text, k) && fits(k) && nearAt(text, k - 1, k)) k++;
      if (k < text.length && isRow(text, k) && nearAt(text, k - 1, k)) end = k + 1;
      else break;
    }
    for (const [from, to] of byLayout(text, i, end)) {
      // Rows far apart are one table only where their labels wrap between them. Its parts are
      // not partitioned on their own: a part loses the lines that told two partitions apart.
      const whole = readsWrapped(text, from, to);
      for (const [a = from, b = to] of whole ? [[from, to]] : byGaps(text, from, to)) {
        if (!text.slice(a, b).some((l) => l.row)) continue;
        const read = table(text, a, b, taken, whole);
        tables.set(read.first, read.item);
      }
    }
    i = end;
  }
  // Lines in reading order, each table where its first line stood: a table's rows may take label
  // lines printed above its first row of figures.
  const items: PageItem[] = [];
  for (const [k, l] of text.entries()) {
    const t = tables.get(k);
    if (t) items.push(t);
    if (!taken.has(k)) pushPieces(items, l.pieces);
  }
  return items;
}

const isRow = (text: TextLine[], k: number) => text[k]?.row === true;

/** The lines split where more than MAX_LABEL_LINES lines without figures part two rows. */
function byGaps(text: TextLine[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  let lastRow = -1;
  for (let k = from; k < to; k++) {
    if (!isRow(text, k)) continue;
    if (lastRow !== -1 && k - lastRow - 1 > MAX_LABEL_LINES) {
      out.push([start, lastRow + 1]);
      start = k;
    }
    lastRow = k;
  }
  out.push([start, to]);
  return out;
}
/** A line wholly left of `edge`, as a label line is of the figures. */
const leftOf = (l: TextLine | undefined, edge: number) => l?.line.runs.every((r) => r.x1 <= edge + 0.5 * r.size) === true;
const nearAt = (text: TextLine[], a: number, b: number) => {
  const x = text[a];
  const y = text[b];
  return x !== undefined && y !== undefined && near(x, y);
};

/**
 * The line's figures: runs that read as a figure and stand apart from the text around them. A
 * writer switches fonts for the digits of a sentence ("北京市" "2022" "年…"): those are glued to
 * their words and are not figures.
 */
function figureRuns(runs: Run[]): Run[] {
  const glued = (a: Run, b: Run) => b.x - a.x1 < 0.25 * Math.min(a.size, b.size);
  return runs.filter((r, k) => {
    if (!isFigureRun(r)) return false;
    const prev = runs[k - 1];
    const next = runs[k + 1];
    return !(prev && glued(prev, r) && !isFigureRun(prev)) && !(next && glued(r, next) && !isFigureRun(next));
  });
}

const near = (a: TextLine, b: TextLine) => a.line.y - b.line.y <= MAX_ROW_GAP * Math.max(a.line.size, b.line.size);

function pushPieces(items: PageItem[], pieces: Piece[]) {
  for (const p of pieces) items.push({ top: p.y + p.size, kind: 'piece', piece: p });
}

/**
 * Splits a run of table lines where the layout changes: a label line reaching into the figures'
 * columns is a caption or a header of the next block (table 二 changes its columns under each
 * caption), so the blocks are read apart.
 */
function byLayout(text: TextLine[], from: number, to: number): [number, number][] {
  let labelEdge = Infinity;
  // The rows' figures only: a label line may hold a word that reads as a written blank (无 of （四）无法提供).
  for (let k = from; k < to; k++) if (isRow(text, k)) for (const f of text[k]?.figures ?? []) labelEdge = Math.min(labelEdge, f.x);
  const parts: [number, number][] = [];
  let start = from;
  for (let k = from; k < to; k++) {
    const l = text[k];
    const header = l !== undefined && !l.row && l.line.runs.some((r) => r.x1 > labelEdge + 0.5 * r.size);
    if (!header) continue;
    if (k > start) parts.push([start, k]);
    parts.push([k, k + 1]);
    start = k + 1;
  }
  if (to > start) parts.push([start, to]);
  return parts;
}

/** The figure columns: the x-extents of the figure runs, joined where they overlap. */
function columns(lines: TextLine[]): [number, number][] {
  const spans = lines
    .filter((l) => l.row)
    .flatMap((l) => l.figures.map((f): [number, number] => [f.x, f.x1]))
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] < last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

const isWrapped = (lines: TextLine[]) => {
  const figureLines = lines.filter((l) => l.row).length;
  return lines.length - figureLines > MAX_WRAP_RATIO * figureLines;
};

/** The lines are a table whose wrapped labels tell its rows apart: one partition fits. */
function readsWrapped(text: TextLine[], from: number, to: number): boolean {
  const lines = text.slice(from, to);
  if (!lines.some((l) => !l.row)) return false;
  const bands = columns(lines);
  return rowsOfWrapped(text, from, to, bands, bands[0]?.[0] ?? Infinity) !== undefined;
}

/**
 * A table's lines `from` to `to` read as rows; `taken` gets every line the table takes.
 * `partitioned`: the lines are one table whose wrapped labels were found to part its rows.
 */
function table(text: TextLine[], from: number, to: number, taken: Set<number>, partitioned: boolean): { first: number; item: PageItem } {
  const lines = text.slice(from, to);
  const bands = columns(lines);
  const left = bands[0]?.[0] ?? Infinity;
  // Labels wrapped over more lines than there are rows (a narrow label column): which label a
  // line of figures belongs to is told by where the figures stand in their row, or not at all.
  const wrapped = isWrapped(lines);
  const wrappedRows = partitioned ? rowsOfWrapped(text, from, to, bands, left) : undefined;
  let rows: OutCell[][];
  let first = from;
  let last = to - 1;
  if (wrappedRows) {
    rows = wrappedRows.rows;
    first = wrappedRows.first;
    last = wrappedRows.last;
  } else {
    const torn = tornRows(text, from, lines, left);
    rows = lines.map((l, k) => {
      if (!l.row) return l.pieces.map((p) => ({ text: p.text, x0: p.x0, x1: p.x1 }));
      const row = figureRow(l, bands, left);
      return wrapped || torn.has(k) ? unplaceRow(row, UNPLACED_WHY.wrapped) : row;
    });
  }
  let x0 = Infinity;
  let x1 = -Infinity;
  for (let k = first; k <= last; k++) {
    taken.add(k);
    for (const r of text[k]?.line.runs ?? []) {
      x0 = Math.min(x0, r.x);
      x1 = Math.max(x1, r.x1);
    }
  }
  const top = (text[first]?.line.y ?? 0) + (text[first]?.line.size ?? 0);
  const bottom = text[last]?.line.y ?? 0;
  const grid: Grid = { xs: [x0, x1], ys: [top, bottom], top, bottom, left: x0, right: x1 };
  return { first, item: { top, kind: 'table', table: { grid, rows, ruled: false } } };
}

/**
 * Rows of figures read in reading order whose label is torn: the row's label starts on its line
 * (no label line above it in its column that it could continue) and wraps onto the label lines
 * below, which cannot be the head of the next row's label: the figures stand at the top of their
 * rows. Read in order, that tail completes the label after the figures and the next row's figures
 * are taken for its own, so the row and the next are left unread. `from`: where `lines` start in
 * `text`, whose lines above the table may hold the head of its first row's label.
 */
function tornRows(text: TextLine[], from: number, lines: TextLine[], left: number): Set<number> {
  const labelRunsAt = (j: number) => {
    const l = text[j];
    return !l ? [] : l.row ? labelRunsOf(l, left) : leftOf(l, left) ? l.line.runs : [];
  };
  const edge = Math.max(...lines.flatMap((_, k) => labelRunsAt(from + k)).map((r) => r.x1));
  const torn = new Set<number>();
  const rowLines = [...lines.keys()].filter((k) => lines[k]?.row);
  for (const [i, k] of rowLines.entries()) {
    const next = rowLines[i + 1];
    // The label cell nearest the figures: the row's own label (cells left of it may span rows).
    const own = columnsOf(labelRunsAt(from + k)).at(-1);
    if (next === undefined || !own || !own.runs.some((r) => r.x1 >= edge - FULL_SLACK * r.size)) continue;
    const inColumn = (j: number) => labelRunsAt(j).filter((r) => r.x < own.x1 && r.x1 > own.x0);
    let head: Run[] = [];
    for (let j = from + k - 1; j >= 0 && head.length === 0 && text[j]?.row === false && nearAt(text, j, j + 1); j--) head = inColumn(j);
    const tail: Run[] = [];
    for (let j = from + k + 1; j < from + next; j++) tail.push(...inColumn(j));
    // A line that opens with an item's number (二、 （一） 3.) starts a label: it may be the next row's head.
    const onlyTail =
      tail.length > 0 &&
      wrapsFull([...own.runs, ...tail]) &&
      !ITEM_START.test(
        tail
          .map((r) => r.str)
          .join('')
          .trim(),
      );
    if (onlyTail && !(head.length > 0 && wrapsFull([...head, ...own.runs]))) {
      torn.add(k);
      torn.add(next);
    }
  }
  return torn;
}

/** Baselines this close (in font sizes) are one: a figure font sits a little off the label's. */
const SAME_BASELINE = 0.3;

/**
 * A table whose labels wrap: each row's label lines found by where its figures stand (top,
 * middle or bottom of the row, see wrapped-rows.ts), taking label lines printed just above the
 * first row of figures and just below the last. A row is its label cells (the label runs
 * grouped by the column they stand in) and its figure cells. Undefined where no one partition fits.
 */
function rowsOfWrapped(text: TextLine[], from: number, to: number, bands: [number, number][], left: number) {
  const labelArea = (k: number) => !isRow(text, k) && leftOf(text[k], left);
  let first = from;
  while (first > 0 && from - first < MAX_WRAPPED_LINES && labelArea(first - 1) && nearAt(text, first - 1, first)) first--;
  let last = to - 1;
  while (last + 1 < text.length && last + 1 - to < MAX_WRAPPED_LINES && labelArea(last + 1) && nearAt(text, last, last + 1)) last++;
  const all: { y: number; k: number; runs: Run[] }[] = [];
  const figures: { y: number; k: number }[] = [];
  let size = 0;
  for (let k = first; k <= last; k++) {
    const l = text[k];
    if (!l) continue;
    size = Math.max(size, l.line.size);
    const runs = l.row ? labelRunsOf(l, left) : l.line.runs;
    if (runs.length > 0) all.push({ y: runs[0]?.y ?? l.line.y, k, runs });
    if (l.row) figures.push({ y: l.figures.reduce((a, f) => a + f.y, 0) / Math.max(1, l.figures.length), k });
  }
  // A cell spanning several rows (（六）其他处理 beside its three items), centred in its span, sets
  // its lines between its items' lines: those stand wholly left of the lines around them, and
  // are laid beside the rows rather than counted among their lines.
  const x0 = (x: { runs: Run[] }) => Math.min(...x.runs.map((r) => r.x));
  const x1 = (x: { runs: Run[] }) => Math.max(...x.runs.map((r) => r.x1));
  const beside = all.map((x, j) => {
    const around = [all[j - 1], all[j + 1]].filter((n) => n !== undefined);
    return !isRow(text, x.k) && around.length > 0 && around.every((n) => x1(x) < x0(n) - 0.25 * size);
  });
  const labels = all.filter((_, j) => !beside[j]);
  const before = labels.filter((x) => x.k < from).length;
  const after = labels.filter((x) => x.k >= to).length;
  const parts = partitionRows(
    labels.map((x) => x.y),
    figures.map((x) => x.y),
    before,
    after,
    SAME_BASELINE * size,
    ([a, z]) => {
      const runs = labels.slice(a, z + 1).flatMap((x) => x.runs);
      return wrapsFull(runs) && opensOnce(runs);
    },
  );
  if (!parts) return undefined;
  // The table's lines above its first row (a header, the tail of the row the page before ended with) are a row of labels.
  const lead = labels.slice(0, parts[0]?.[0] ?? 0).filter((x) => x.k >= from);
  // Each line set beside the rows goes with the row of the line above it.
  const besideRuns: Run[][] = parts.map(() => []);
  for (const [j, x] of all.entries()) {
    if (!beside[j]) continue;
    const above = labels.filter((l) => l.k < x.k).length - 1;
    const part = parts.findIndex(([a, z]) => above >= a && above <= z);
    if (part !== -1) besideRuns[part]?.push(...x.runs);
    else if (x.k >= from) lead.push(x);
  }
  const rows = parts.map(([a, z], i): OutCell[] => {
    const line = text[figures[i]?.k ?? -1];
    const cells = labelCells([...labels.slice(a, z + 1).flatMap((x) => x.runs), ...(besideRuns[i] ?? [])]);
    return line ? placeFigures(line, bands, labelRunsOf(line, left), cells) : cells;
  });
  const head = lead.length > 0 ? [labelCells(lead.flatMap((x) => x.runs))] : [];
  const ks = parts.flatMap(([a, z]) => [labels[a]?.k ?? from, labels[z]?.k ?? to - 1]);
  return { rows: [...head, ...rows], first: Math.min(from, ...ks), last: Math.max(to - 1, ...ks) };
}

/** A row line's label runs: left of the figure columns. */
const labelRunsOf = (l: TextLine, left: number) => {
  const figures = new Set(l.figures);
  return l.line.runs.filter((r) => !figures.has(r) && r.x1 <= left + 0.5 * r.size);
};

/** A row: its label pieces, then one cell per figure column, '' where the column has no figure. */
function figureRow(l: TextLine, bands: [number, number][], left: number): OutCell[] {
  const labelRuns = labelRunsOf(l, left);
  const label = labelRuns.length > 0 ? spreadLabel(toPieces({ ...l.line, runs: labelRuns })) : [];
  return placeFigures(
    l,
    bands,
    labelRuns,
    label.map((p) => ({ text: p.text, x0: p.x0, x1: p.x1 })),
  );
}

/** The row's label cells, then its figures one per column; the figures unplaced where a column is not certain. */
function placeFigures(l: TextLine, bands: [number, number][], labelRuns: Run[], label: OutCell[]): OutCell[] {
  const figures = new Set(l.figures);
  const cells = [...label];
  const inBand: Run[][] = bands.map(() => []);
  let unplaced: string | undefined;
  for (const r of l.line.runs) {
    if (labelRuns.includes(r)) continue;
    const b = bands.findIndex(([a, z]) => r.x >= a - 0.01 && r.x1 <= z + 0.01);
    const band = inBand[b];
    // Text among the figures (a unit, a note) or a run holding two figures: no column is certain.
    if (!band || !figures.has(r)) unplaced = UNPLACED_WHY.straddles;
    else if (TWO_FIGURES.test(r.str.trim())) unplaced = UNPLACED_WHY.crowded;
    else band.push(r);
  }
  for (const [b, [x0, x1]] of bands.entries()) {
    const runs = inBand[b] ?? [];
    if (runs.length > 1) unplaced = UNPLACED_WHY.crowded;
    cells.push({ text: runs.length === 1 ? joinRuns(runs) : '', x0, x1 });
  }
  return unplaced ? unplaceRow(cells, unplaced, true) : cells;
}
