/** The geometry of one page as the PDF reader rebuilds it, in page units from the page box's lower left. */

/** A run of text as pdfjs places it: x and the baseline y in page units (y grows upwards). */
export interface Run {
  x: number;
  x1: number;
  y: number;
  size: number;
  str: string;
}

/** Runs on one baseline; `pieces` splits it where a wide gap says the text is not one phrase. */
export interface Line {
  y: number;
  size: number;
  runs: Run[];
}

export interface Piece {
  x0: number;
  x1: number;
  y: number;
  size: number;
  text: string;
}

export interface Segment {
  /** position across (x for horizontal, y for vertical) */
  at: number;
  from: number;
  to: number;
}

export interface Grid {
  xs: number[];
  ys: number[]; // descending: top first
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** A cell of a rebuilt grid, with its left and right edges to match it across a page break. */
export interface OutCell {
  text: string;
  x0: number;
  x1: number;
  /** the cell stands for a row's figures that could not be placed one per column: why, for the clerk */
  unplaced?: string;
  /** an unplaced cell for a row that showed no figure (a header, or figures all past the edge): no message */
  silent?: boolean;
  /** a cell at the top of a page without a rule above it: the rest of the row the last page ended with */
  open?: boolean;
}

export interface PageTable {
  grid: Grid;
  rows: OutCell[][];
  /** laid out from ruling lines; otherwise from text positions alone */
  ruled: boolean;
}

export type PageItem = { top: number; kind: 'piece'; piece: Piece } | { top: number; kind: 'table'; table: PageTable };
