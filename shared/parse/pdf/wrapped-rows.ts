/**
 * Which label lines belong to which row of a table without ruling lines whose labels wrap over
 * several lines, from where each row's figures stand in it (the cells' vertical alignment): in
 * the middle (a row ends as far below its figures as its first line is above them), at the top
 * (a row starts on its figures' line) or at the bottom (a row ends on it). The rows are taken
 * only when exactly one partition fits, whichever the alignment: two that fit differently (a
 * label line that could close one row or open the next) leave the table unread, as does one that
 * fits none. `rowOk` says whether a row's lines can be one row's label (the caller's typography:
 * only a cell's last line is short of its width, only its first opens with an item's number).
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
  // Figures at the top or the bottom of their rows fit both ways whenever each row's figures
  // share a line with its label, and only the rows' typography tells which: in a column two
  // characters wide every line is full, and a wrong pick would move every row's figures onto the
  // next row's label. So every alignment is tried, and the rows are taken only when all that fit agree.
  const chains: (RowLines[] | undefined)[] = [];
  for (let s = 0; s <= before; s++) {
    const middle = middleChain(labels, figures, s, tol);
    chains.push(middle && ends(middle, before, innerEnd) ? goesOn(middle, labels.length, rowOk) : undefined);
    const bottom = bottomChain(labels, figures, s, tol);
    chains.push(bottom && ends(bottom, before, innerEnd) ? bottom : undefined);
  }
  // Lines above the first figures' line cannot open a row whose figures stand on its first line:
  // they are a header, or the tail of a row the page before ended with. They are no row's.
  const top = topChain(labels, figures, before, tol);
  chains.push(top ? goesOn(top, labels.length, rowOk) : undefined);
  const fits = chains.filter((c): c is RowLines[] => c !== undefined && ends(c, Infinity, innerEnd) && c.every(rowOk));
  // Partitions that differ only in where the first row starts (how many of the lines above the
  // figures are its head rather than a header) give every row the same figures: the first row
  // takes all the lines any of them gives it.
  const [first, ...others] = fits.sort((a, b) => (a[0]?.[0] ?? 0) - (b[0]?.[0] ?? 0));
  if (!first || others.some((p) => !same(p.slice(1), first.slice(1)) || p[0]?.[1] !== first[0]?.[1])) return undefined;
  return first;
}

/** The label line on the figures' baseline at or after `from`, or -1. */
function lineAt(labels: number[], fig: number, from: number, tol: number): number {
  for (let k = from; k < labels.length; k++) {
    const y = labels[k] ?? -Infinity;
    if (y < fig - tol) return -1;
    if (y <= fig + tol) return k;
  }
  return -1;
}

/** Top: each row starts on its figures' line and ends where the next starts. */
function topChain(labels: number[], figures: number[], before: number, tol: number): RowLines[] | undefined {
  const starts: number[] = [];
  let pos = before;
  for (const fig of figures) {
    const at = lineAt(labels, fig, pos, tol);
    if (at === -1) return undefined;
    starts.push(at);
    pos = at + 1;
  }
  return starts.map((a, i): RowLines => [a, (starts[i + 1] ?? a + 1) - 1]);
}

/** Bottom: each row ends on its figures' line, the first row starting at label line `start`. */
function bottomChain(labels: number[], figures: number[], start: number, tol: number): RowLines[] | undefined {
  const rows: RowLines[] = [];
  let pos = start;
  for (const fig of figures) {
    const at = lineAt(labels, fig, pos, tol);
    if (at === -1) return undefined;
    rows.push([pos, at]);
    pos = at + 1;
  }
  return rows;
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
