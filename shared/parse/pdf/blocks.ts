import type { Block } from '../blocks';
import { parseCellValue } from '../cell-value';
import { PARSE_LIMITS, tooComplex } from '../limits';
import { RULE_SNAP } from './grid-detection';
import type { Grid, OutCell, PageItem, Piece } from './page-model';
import { WIDE } from './text-layout';

export function toBlocks(pages: { items: PageItem[] }[]): Block[] {
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
        const rows = item.table.rows;
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
    const grid = rows.map((r) => r.map((c) => c.text));
    // A table cell holding running text is page layout (a text box), as in the other readers.
    if (grid.every((r) => r.length <= 1) || grid.some((r) => r.some((c) => c.length > MAX_DATA_CELL_CHARS))) {
      blocks[at] = { type: 'paragraph', text: grid.flat().join('\n').replace(/\n+/g, ' '), pos: { block: at } };
    } else (blocks[at] as Extract<Block, { type: 'table' }>).rows = grid;
  }
  return blocks;
}

const MAX_DATA_CELL_CHARS = 200;

/**
 * Appends a table's rows from the next page. Cells of a merged cell that goes on over the break
 * are drawn again at the top of the page, empty: they are dropped. A row split by the break
 * (its label goes on, its numbers do not) is joined to its first part, cell by cell.
 */
function continueTable(rows: OutCell[][], next: OutCell[][]): void {
  const last = rows[rows.length - 1];
  const first = next[0];
  if (!last || !first) {
    rows.push(...next);
    return;
  }
  const align = (c: OutCell) => last.find((p) => Math.abs(p.x0 - c.x0) <= RULE_SNAP && Math.abs(p.x1 - c.x1) <= RULE_SNAP);
  const kept = first.filter((c) => c.text !== '' || align(c));
  const split =
    kept.every((c) => parseCellValue(c.text) === undefined || c.text === '') &&
    kept.some((c) => c.text !== '') &&
    kept.every((c) => c.text === '' || align(c)) &&
    kept.some((c) => c.text === '' && (align(c)?.text ?? '') !== '');
  if (split) {
    for (const c of kept) if (c.text !== '') align(c)!.text += `\n${c.text}`;
    rows.push(...next.slice(1));
    return;
  }
  rows.push(kept, ...next.slice(1));
}

function sameColumns(a: Grid, b: Grid): boolean {
  return Math.abs(a.left - b.left) <= RULE_SNAP * 2 && Math.abs(a.right - b.right) <= RULE_SNAP * 2;
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
