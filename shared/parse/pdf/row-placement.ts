import { parseCellValue } from '../cell-value';
import { PAST_EDGE_TEXT } from '../table-read';
import type { OutCell } from './page-model';

/**
 * What a row's figures become when geometry cannot say which column each belongs to: one cell
 * that is neither a figure nor a label. The table reader meets it right after the row's label,
 * reads no figure for the row and leaves all of its cells unknown (a short row), and it is too
 * long to be taken for the tail of a wrapped label, so the next row's figures are never pulled in.
 */
export const UNPLACED_TEXT = '（本行数字无法按栏目确定位置，未读出）';

/** Why a row's figures were left unread, in words a clerk can act on. */
export const UNPLACED_WHY = {
  cutOff: '表格超出了页面边缘，有的栏目不在文件中，请上传表格完整的版本（如 Word 或网页）',
  straddles: '有数字跨在两栏之间',
  crowded: '同一栏里有不止一个数字',
  unaligned: '表格没有栏线，各行数字的位置对不齐',
  rotated: '页面是旋转保存的（横向页面存成纵向），系统暂不能按栏目读取其中的表格，请上传 Word 或网页版本',
  overflow: '有数字超出了单元格，折到了表格下方',
  wrapped: '表格没有栏线，项目名称折成多行，分不清数字属于哪一项',
} as const;

/** A figure, or a written blank: a cell without glyphs ('') or with a dash. */
export const isFigure = (c: OutCell) => c.text === '' || parseCellValue(c.text) !== undefined;

/**
 * The row with its figures (and written blanks) replaced by the one unplaced cell, where the
 * first of them stood; its labels are kept so the reader still finds the row. `seen`: figures
 * were seen that did not make it into a cell, so the row is named in a message even if its
 * cells are empty.
 */
export function unplaceRow(row: OutCell[], why: string, seen = false): OutCell[] {
  const figures = row.filter(isFigure);
  const [head] = figures;
  const tail = figures.at(-1);
  const last = row.at(-1);
  // A row of labels alone (its figures all past the edge) gets the cell at its end: nothing after
  // its label may be read as its figures.
  if (!head || !tail) return last ? [...row, { text: UNPLACED_TEXT, x0: last.x1, x1: last.x1, unplaced: why, silent: true }] : row;
  const first = row.indexOf(head);
  const marker: OutCell = { text: UNPLACED_TEXT, x0: head.x0, x1: tail.x1, unplaced: why };
  if (!seen && !figures.some((c) => c.text !== '')) marker.silent = true;
  const out = row.filter((c, i) => i < first || !isFigure(c));
  out.splice(first, 0, marker);
  return out;
}

/**
 * A row of a ruled table that runs off the page's right edge at `edge`: its cells whose columns
 * lie wholly inside the page were placed by their rules and are kept; the rest of the row is one
 * cell that says so, whose figures the table reader leaves unknown. A row without a figure inside
 * the page (a header, or figures all past the edge) is unplaced whole: nothing of it is read.
 */
export function cutAtEdge(row: OutCell[], edge: number): OutCell[] {
  const inside = row.filter((c) => c.x1 <= edge);
  const hasFigure = inside.some((c) => c.text !== '' && parseCellValue(c.text) !== undefined);
  if (!hasFigure) return unplaceRow(row, UNPLACED_WHY.cutOff);
  // Cells are in x order: one inside the page after one that is not would be out of place.
  if (row.slice(0, inside.length).some((c, i) => c !== inside[i])) return unplaceRow(row, UNPLACED_WHY.cutOff);
  return [...inside, { text: PAST_EDGE_TEXT, x0: edge, x1: edge, unplaced: UNPLACED_WHY.cutOff, silent: true }];
}
