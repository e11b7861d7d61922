import type { ParseMessage } from '../../model/findings';
import type { Block } from '../blocks';
import { parseCellValue } from '../cell-value';
import { PAST_EDGE_TEXT } from '../table-read';
import { PARSE_LIMITS, tooComplex } from '../limits';
import { RULE_SNAP } from './grid-detection';
import type { Grid, OutCell, PageItem, Piece } from './page-model';
import { UNPLACED_WHY, unplaceRow } from './row-placement';
import { WIDE } from './text-layout';

export function toBlocks(pages: { items: PageItem[]; cut?: boolean; rotated?: boolean }[], messages: ParseMessage[]): Block[] {
  // Text cut off at a page's edge: a table too wide for the page. A table without rules gives no
  // sign of the columns it lost (a column past the edge leaves no glyph at all), so no such table
  // of the document can be trusted to have all its columns.
  const cutOff = pages.some((p) => p.cut);
  const blocks: Block[] = [];
  let cells = 0;
  const push = (block: Block) => {
    if (blocks.length >= PARSE_LIMITS.maxBlocks) throw tooComplex('段落');
    blocks.push(block);
  };
  // The right edge of running text: a line reaching it continues in the next line.
  let right = 0;
  for (const page of pages) for (const item of page.items) right = Math.max(right, item.kind === 'piece' ? item.piece.x1 : item.table.grid.right);
  let lastTable: { rows: OutCell[][]; grid: Grid } | undefined;
  const tables: { at: number; rows: OutCell[][] }[] = [];
  let para: { text: string; last: Piece } | undefined;
  const flush = () => {
    if (para) push({ type: 'paragraph', text: para.text, pos: { block: blocks.length } });
    para = undefined;
  };
  for (const page of pages) {
    let first = true;
    for (const item of page.items) {
      if (item.kind === 'table') {
        flush();
        const rows = page.rotated
          ? item.table.rows.map((r) => unplaceRow(r, UNPLACED_WHY.rotated))
          : cutOff && !item.table.ruled
            ? item.table.rows.map((r) => unplaceRow(r, UNPLACED_WHY.cutOff))
            : item.table.rows;
        cells += rows.reduce((n, r) => n + r.length, 0);
        if (cells > PARSE_LIMITS.maxCells) throw tooComplex('表格单元格');
        // A table that goes on over a page break: the same columns at the top of the next page.
        if (first && lastTable && sameColumns(lastTable.grid, item.table.grid)) continueTable(lastTable.rows, rows);
        else if (rows.length > 0) {
          const table = { rows: [...rows], grid: item.table.grid };
          tables.push({ at: blocks.length, rows: table.rows });
          push({ type: 'table', rows: [], pos: { block: blocks.length } });
          lastTable = table;
        }
        first = false;
        continue;
      }
      const piece = item.piece;
      first = false;
      lastTable = undefined;
      if (para && continues(para.last, piece, right)) {
        para.text += joinText(para.text, piece.text);
        para.last = piece;
      } else {
        flush();
        para = { text: piece.text, last: piece };
      }
    }
    flush();
  }
  flush();
  for (const { at, rows } of tables) {
    const grid = rows.map((r, i) => (leadsFigures(r, rows[i + 1]) ? r.filter((c) => c.text !== '') : r).map((c) => c.text));
    // A table cell holding running text is page layout (a text box), as in the other readers.
    if (grid.every((r) => r.length <= 1) || grid.some((r) => r.some((c) => c.length > MAX_DATA_CELL_CHARS))) {
      blocks[at] = { type: 'paragraph', text: grid.flat().join('\n').replace(/\n+/g, ' '), pos: { block: at } };
    } else {
      (blocks[at] as Extract<Block, { type: 'table' }>).rows = grid;
      messages.push(...unplacedMessages(rows, at));
    }
  }
  return blocks;
}

const MAX_DATA_CELL_CHARS = 200;

const DIGIT = /\d/;

/**
 * A row without a figure (a header) right above a row of figures without a label (table 四's
 * one data row): its empty cells would read as blanks leading the figures, so they are left out.
 */
const leadsFigures = (row: OutCell[], next: OutCell[] | undefined) => {
  const head = next?.[0];
  return !row.some((c) => DIGIT.test(c.text)) && head !== undefined && isValue(head.text);
};

/** Rows whose figures were left unread, named by their labels as printed: one message per reason. */
function unplacedMessages(rows: OutCell[][], block: number): ParseMessage[] {
  const byWhy = new Map<string, string[]>();
  for (const row of rows) {
    const cell = row.find((c) => c.unplaced);
    if (!cell?.unplaced || cell.silent) continue;
    const names = byWhy.get(cell.unplaced) ?? [];
    byWhy.set(cell.unplaced, names);
    names.push(rowName(row));
  }
  return [...byWhy].map(([why, names]) => {
    const named = names.filter(Boolean);
    const shown = named.slice(0, 3).map((n) => `“${n}”`);
    const which =
      named.length === 0
        ? `有 ${names.length} 行`
        : names.length > 3 || named.length < names.length
          ? `${shown.join('、')}等 ${names.length} 行`
          : `${shown.join('、')}${names.length > 1 ? `共 ${names.length} 行` : '一行'}`;
    return {
      level: 'warning',
      code: 'PDF_CELLS_UNPLACED',
      message: `PDF 表格中${which}的数字无法确定各属哪一栏（${why}），按未读出处理，涉及的勾稽关系没有校验`,
      position: { block },
    };
  });
}

const rowName = (row: OutCell[]) => {
  const label = row
    .filter((c) => !c.unplaced && c.text !== '' && parseCellValue(c.text) === undefined)
    .map((c) => c.text.replace(/\s*\n\s*/g, ''))
    .join(' ');
  return label.length > 30 ? `${label.slice(0, 30)}…` : label;
};

/**
 * Appends a table's rows from the next page. Header rows the writer repeats at the top of the
 * page are dropped. A row split by the break is joined to its first part cell by cell, each cell
 * matched by its x-extent, never by its place in the row: a blank cell has no glyph to count.
 */
function continueTable(rows: OutCell[][], nextIn: OutCell[][]): void {
  const next = nextIn.slice(repeatedHeader(rows, nextIn));
  const last = rows[rows.length - 1];
  const first = next[0];
  const lastMark = last?.find(isPastEdge);
  const firstMark = first?.find(isPastEdge);
  if (!last || !first || (!lastMark && !firstMark)) {
    joinAcrossBreak(rows, next);
    return;
  }
  // A table cut off at the page's edge ends each row with the past-edge cell, on both pages. It is
  // set aside while the parts of a row split by the break are matched (a number wrapped over the
  // break is joined, or its row left unread, as in any table: never its first part read as the whole),
  // and put back on the rows after.
  const at = rows.length - 1;
  rows[at] = last.filter((c) => !isPastEdge(c));
  const trimmed = [first.filter((c) => !isPastEdge(c)), ...next.slice(1)];
  joinAcrossBreak(rows, trimmed);
  const joined = rows.length === at + trimmed.length;
  const mark = (k: number, cell: OutCell | undefined) => {
    const row = rows[k];
    if (row && cell) rows[k] = [...row, cell];
  };
  mark(at, lastMark ?? (joined ? firstMark : undefined));
  if (!joined) mark(at + 1, firstMark);
}

const isPastEdge = (c: OutCell) => c.text === PAST_EDGE_TEXT;

/** The joins of continueTable, on rows without a past-edge cell. */
function joinAcrossBreak(rows: OutCell[][], next: OutCell[][]): void {
  const last = rows[rows.length - 1];
  const first = next[0];
  if (!last || !first) {
    rows.push(...next);
    return;
  }
  const align = (c: OutCell) => last.find((p) => Math.abs(p.x0 - c.x0) <= RULE_SNAP && Math.abs(p.x1 - c.x1) <= RULE_SNAP);
  const texts = first.filter((c) => c.text !== '');
  // Open: no rule closes the row above the break (Chromium). Otherwise a row whose part on this
  // page is label text only, over blank figure cells, with figures above (LibreOffice draws the rule).
  const open = first.some((c) => c.open);
  const labelOnly =
    texts.length > 0 && texts.every((c) => parseCellValue(c.text) === undefined) && first.some((c) => c.text === '' && isValue(align(c)?.text ?? ''));
  if ((open || labelOnly) && texts.every((c) => joinable(align(c), c))) {
    for (const c of texts) {
      const into = align(c);
      if (!into) continue;
      into.text = into.text === '' ? c.text : `${into.text}\n${c.text}`;
    }
    rows.push(...next.slice(1));
    return;
  }
  // Only digits, under digits of the last row and fewer than it has, with no label: the rest of
  // numbers that wrapped in their narrow cells and were split by the break ("1" / "9", "269,01" /
  // "5"). Each is read on from the cell above it, as a number wrapped on one page is; a join that
  // does not make a number leaves the row unread.
  const tail =
    texts.length > 0 &&
    texts.every((c) => NUMBER_PART.test(c.text) && NUMBER_PART.test(align(c)?.text ?? '')) &&
    texts.length < last.filter((c) => NUMBER_PART.test(c.text)).length;
  if (tail) {
    const joined = texts.flatMap((c) => {
      const into = align(c);
      return into ? [[into, `${into.text}${c.text}`] as const] : [];
    });
    if (joined.every(([, text]) => isValue(text))) for (const [into, text] of joined) into.text = text;
    else rows[rows.length - 1] = unplaceRow(last, UNPLACED_WHY.overflow);
    rows.push(...next.slice(1));
    return;
  }
  rows.push(...next);
}

/** Digits of a number as a cell may hold a wrapped part of it, full-width as typed by a Chinese input method too. */
const NUMBER_PART = /^[\d０-９.,，]+$/;

const isValue = (text: string) => text !== '' && parseCellValue(text) !== undefined;

/** A cell of a split row's second part joins the first part's cell above it, unless both hold a figure. */
const joinable = (into: OutCell | undefined, c: OutCell) => into !== undefined && !into.unplaced && !c.unplaced && !(isValue(into.text) && isValue(c.text));

const norm = (row: OutCell[]) => row.map((c) => c.text.replace(/\s+/g, '')).join('|');

/** How many of the page's first rows repeat the table's first rows (a repeated header), figures excluded. */
function repeatedHeader(rows: OutCell[][], next: OutCell[][]): number {
  for (const [k, row] of next.entries()) {
    const above = rows[k];
    if (k >= rows.length - 1 || above === undefined || row.some((c) => isValue(c.text)) || norm(row) !== norm(above)) return k;
  }
  return next.length;
}

/**
 * The same table's columns: the same right edge, and a left edge on a column rule of the other.
 * A merged cell down the left columns (三、本年度办理结果) that goes on over the break has no
 * horizontal rule on the next page to tie its left border into the grid, which starts a column later.
 */
function sameColumns(a: Grid, b: Grid): boolean {
  const near = (x: number, y: number) => Math.abs(x - y) <= RULE_SNAP * 2;
  return near(a.right, b.right) && (a.xs.some((x) => near(x, b.left)) || b.xs.some((x) => near(x, a.left)));
}

/** A line that filled the measure continues on the next line at the same size, not indented further. */
function continues(prev: Piece, next: Piece, right: number): boolean {
  const size = prev.size;
  return (
    Math.abs(prev.size - next.size) <= 0.1 * size &&
    prev.x1 >= right - 1.5 * size &&
    prev.y - next.y <= 2.2 * size &&
    prev.y > next.y &&
    next.x0 <= prev.x0 + 0.5 * size
  );
}

const joinText = (a: string, b: string) => (WIDE.test(a[a.length - 1] ?? '') || WIDE.test(b[0] ?? '') ? b : ` ${b}`);
