/**
 * Which label lines belong to which row of a table without ruling lines whose labels wrap over
 * several lines, where each row's figures stand in the middle of the row (the cell's vertical
 * alignment): a row ends as far below its figures as its first line is above them. The rows are
 * taken only when exactly one partition fits: two that fit differently (a label line that could
 * close one row or open the next) leave the table unread, as does one that fits none. `rowOk` says whether a row's lines
 * can be one row's label (the caller's typography: only a cell's last line is short of its width).
 */

/** A row's label lines: indices into the label lines, first to last (inclusive). */
export type RowLines = [first: number, last: number];

/**
 * `labels`: the baselines of the label lines, top first; the first `before` of them stand above
 * the first row of figures and the last `after` below the last row (each may be a header or a
 * note rather than a label). `figures`: the baselines of the rows of figures, top first. `tol`:
 * how far apart two baselines may be and still be one (a figure font sits a little off the
 * label's). Undefined unless exactly one partition fits.
 */
export function partitionRows(
  labels: number[],
  figures: number[],
  before: number,
  after: number,
  tol: number,
  rowOk: (row: RowLines) => boolean,
): RowLines[] | undefined {
  const innerEnd = labels.length - after;
  if (figures.length === 0 || before > innerEnd) return undefined;
  // Only figures centred in their rows are placed this way. Figures at the top or the bottom fit
  // both ways whenever each row's figures share a line with its label, and only short lines tell
  // which: in a column two characters wide every line is full, and a wrong pick moved every row's
  // figures onto the next row's label. Those tables stay in reading order (table-read.ts joins labels).
  const chains: (RowLines[] | undefined)[] = [];
  for (let s = 0; s <= before; s++) {
    const middle = middleChain(labels, figures, s, tol);
    chains.push(middle && ends(middle, before, innerEnd) ? goesOn(middle, labels.length, rowOk) : undefined);
  }
  const fits = chains.filter((c): c is RowLines[] => c?.every(rowOk) === true);
  const [first, ...others] = fits;
  if (!first || others.some((p) => !same(p, first))) return undefined;
  return first;
}

/** Every label line between the first and the last row of figures is some row's. */
const ends = (rows: RowLines[], before: number, innerEnd: number) => {
  const last = rows[rows.length - 1];
  return last !== undefined && (rows[0]?.[0] ?? 0) <= before && last[1] >= innerEnd - 1;
};

const same = (a: RowLines[], b: RowLines[]) => a.length === b.length && a.every((r, i) => r[0] === b[i]?.[0] && r[1] === b[i]?.[1]);

/** Middle: each row's lines centred on its figures, the first row starting at label line `start`. */
function middleChain(labels: number[], figures: number[], start: number, tol: number): RowLines[] | undefined {
  const rows: RowLines[] = [];
  let pos = start;
  for (const fig of figures) {
    const top = labels[pos];
    if (top === undefined || top < fig - tol) return undefined;
    // The row's middle is within `tol` of the figures' baseline: its last line within twice that of the mirror of its first.
    const target = 2 * fig - top;
    let end = pos;
    while (end + 1 < labels.length && (labels[end + 1] ?? -Infinity) >= target - 2 * tol) end++;
    const bottom = labels[end];
    if (bottom === undefined || Math.abs(bottom - target) > 2 * tol) return undefined;
    rows.push([pos, end]);
    pos = end + 1;
  }
  return rows;
}

/**
 * The last row goes on below the last figures for as long as `rowOk` takes the next line as its
 * own: a row cut by a page break keeps its figures where the whole row would have them.
 */
function goesOn(rows: RowLines[], count: number, rowOk: (row: RowLines) => boolean): RowLines[] {
  const last = rows[rows.length - 1];
  while (last && last[1] + 1 < count && rowOk([last[0], last[1] + 1])) last[1]++;
  return rows;
}
