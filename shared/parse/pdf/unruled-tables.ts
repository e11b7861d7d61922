import { parseCellValue } from '../cell-value';
import type { Grid, Line, OutCell, PageItem, Piece, Run } from './page-model';
import { UNPLACED_WHY, unplaceRow } from './row-placement';
import { PAGE_NUMBER } from './running-lines';
import { joinRuns, spreadLabel, toPieces } from './text-layout';

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
  const items: PageItem[] = [];
  let i = 0;
  while (i < text.length) {
    if (!text[i]!.row) {
      pushPieces(items, text[i]!.pieces);
      i++;
      continue;
    }
    // The table: rows, and between them at most a few label lines set close together.
    let end = i + 1;
    for (;;) {
      let k = end;
      while (k < text.length && !text[k]!.row && k - end < MAX_LABEL_LINES && near(text[k - 1]!, text[k]!)) k++;
      if (k < text.length && text[k]!.row && near(text[k - 1]!, text[k]!)) end = k + 1;
      else break;
    }
    for (const part of byLayout(text.slice(i, end))) {
      if (part.some((l) => l.row)) items.push(table(part));
      else for (const l of part) pushPieces(items, l.pieces);
    }
    i = end;
  }
  return items;
}

/**
 * The line's figures: runs that read as a figure and stand apart from the text around them. A
 * writer switches fonts for the digits of a sentence ("北京市" "2022" "年…"): those are glued to
 * their words and are not figures.
 */
function figureRuns(runs: Run[]): Run[] {
  const glued = (a: Run | undefined, b: Run | undefined) => !!a && !!b && b.x - a.x1 < 0.25 * Math.min(a.size, b.size);
  return runs.filter((r, k) => {
    if (!isFigureRun(r)) return false;
    const prev = runs[k - 1];
    const next = runs[k + 1];
    return !(glued(prev, r) && !isFigureRun(prev!)) && !(glued(r, next) && !isFigureRun(next!));
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
function byLayout(lines: TextLine[]): TextLine[][] {
  let labelEdge = Infinity;
  for (const l of lines) for (const f of l.figures) labelEdge = Math.min(labelEdge, f.x);
  const parts: TextLine[][] = [];
  let part: TextLine[] = [];
  for (const l of lines) {
    const header = !l.row && l.line.runs.some((r) => r.x1 > labelEdge + 0.5 * r.size);
    if (header) {
      if (part.length > 0) parts.push(part);
      parts.push([l]);
      part = [];
    } else part.push(l);
  }
  if (part.length > 0) parts.push(part);
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

function table(lines: TextLine[]): PageItem {
  const first = lines[0]!;
  const bands = columns(lines);
  const left = bands.length > 0 ? bands[0]![0] : Infinity;
  // Labels wrapped over more lines than there are rows (a narrow label column): which label a
  // line of figures belongs to is a guess, and a guess read a neighbour's figures for a label.
  const figureLines = lines.filter((l) => l.row).length;
  const wrapped = lines.length - figureLines > MAX_WRAP_RATIO * figureLines;
  const rows: OutCell[][] = lines.map((l) => {
    if (!l.row) return l.pieces.map((p) => ({ text: p.text, x0: p.x0, x1: p.x1 }));
    const row = figureRow(l, bands, left);
    return wrapped ? unplaceRow(row, UNPLACED_WHY.wrapped) : row;
  });
  const last = lines[lines.length - 1]!;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const l of lines)
    for (const r of l.line.runs) {
      x0 = Math.min(x0, r.x);
      x1 = Math.max(x1, r.x1);
    }
  const top = first.line.y + first.line.size;
  const grid: Grid = { xs: [x0, x1], ys: [top, last.line.y], top, bottom: last.line.y, left: x0, right: x1 };
  return { top, kind: 'table', table: { grid, rows, ruled: false } };
}

/** A row: its label pieces, then one cell per figure column, '' where the column has no figure. */
function figureRow(l: TextLine, bands: [number, number][], left: number): OutCell[] {
  const figures = new Set(l.figures);
  const labelRuns = l.line.runs.filter((r) => !figures.has(r) && r.x1 <= left + 0.5 * r.size);
  const label = labelRuns.length > 0 ? spreadLabel(toPieces({ ...l.line, runs: labelRuns })) : [];
  const cells: OutCell[] = label.map((p) => ({ text: p.text, x0: p.x0, x1: p.x1 }));
  const inBand: Run[][] = bands.map(() => []);
  let unplaced: string | undefined;
  for (const r of l.line.runs) {
    if (labelRuns.includes(r)) continue;
    const b = bands.findIndex(([a, z]) => r.x >= a - 0.01 && r.x1 <= z + 0.01);
    // Text among the figures (a unit, a note) or a run holding two figures: no column is certain.
    if (b === -1 || !figures.has(r)) unplaced = UNPLACED_WHY.straddles;
    else if (TWO_FIGURES.test(r.str.trim())) unplaced = UNPLACED_WHY.crowded;
    else inBand[b]!.push(r);
  }
  for (const [b, [x0, x1]] of bands.entries()) {
    const runs = inBand[b]!;
    if (runs.length > 1) unplaced = UNPLACED_WHY.crowded;
    cells.push({ text: runs.length === 1 ? joinRuns(runs) : '', x0, x1 });
  }
  return unplaced ? unplaceRow(cells, unplaced, true) : cells;
}
