import { TABLE_NAMES, type TableKey } from '../model/keys';
import type { BlankCell } from './table-read';
import type { Ctx } from './tokens';

/**
 * One warning per table for the cells written blank ("", "/", "—"), which the checks count as 0.
 * A row or a column blank from end to end is named as such: a 总计 column left empty is one
 * omission, not eleven. The message lists every cell it covers, so a client can mark each one.
 */
export function reportBlankCells(ctx: Ctx, table: TableKey, blank: BlankCell[], shape?: { width: number; height: number }) {
  if (blank.length === 0) return;
  const count = (key: (b: BlankCell) => string) => {
    const m = new Map<string, number>();
    for (const b of blank) m.set(key(b), (m.get(key(b)) ?? 0) + 1);
    return m;
  };
  const perRow = count((b) => b.rowLabel);
  const perColumn = count((b) => b.columnLabel);
  const wholeRows = shape ? [...perRow].filter(([, k]) => k === shape.width).map(([r]) => r) : [];
  // A column blank on most rows (a 总计 nobody filled in) is named once.
  const wholeColumns = shape ? [...perColumn].filter(([, k]) => k >= 3 && k * 2 >= shape.height).map(([c]) => c) : [];
  const lines = [...wholeColumns.map((c) => `“${c}”一列有 ${perColumn.get(c)} 行空白`), ...wholeRows.map((r) => `“${r}”一行全部空白`)];
  const rest = blank.filter((b) => !wholeRows.includes(b.rowLabel) && !wholeColumns.includes(b.columnLabel)).map((b) => `${b.rowLabel}/${b.columnLabel}`);
  const parts: string[] = [];
  if (lines.length > 0) parts.push(lines.join('、'));
  if (rest.length > 0)
    parts.push(
      `${lines.length > 0 ? '另有' : '有'} ${rest.length} 个单元格为空白或“/”等非数字（如 ${rest.slice(0, 3).join('、')}${rest.length > 3 ? ' 等' : ''}）`,
    );
  ctx.messages.push({
    level: 'warning',
    code: 'BLANK_CELLS',
    message: `${TABLE_NAMES[table]} ${parts.join('，')}，校验时按 0 计算`,
    cells: blank.map((b) => b.at),
  });
}
