import type { EnterCellsProblem } from '../rules/enter-cells';
import { AppError } from './errors';

const listed = (names: string[]) => names.slice(0, 6).join('、') + (names.length > 6 ? ` 等 ${names.length} 格` : '');

/** The one place the refusals of typed cells get their status and their words. */
export function cellsProblem(p: EnterCellsProblem, version: number | undefined, year?: number): AppError {
  const extra = { ...(year === undefined ? {} : { year }), ...('cells' in p ? { cells: p.cells } : {}) };
  const where = version === undefined ? '这份报告' : `第 ${version} 版`;
  switch (p.code) {
    case 'cells-empty':
      return new AppError(p.code, '没有填写任何格子：请填写没有读出的格子后再提交', extra);
    case 'cells-no-tables':
      return new AppError(p.code, '2019 年以前格式的报告没有统一统计表，无需补录', extra);
    case 'cells-unknown':
      return new AppError(p.code, `这些格子不是本报告格式中的格子：${p.cells.slice(0, 6).join('、')}。格子名称见“数据”页的数据字典`, extra);
    case 'cells-bad-value':
      return new AppError(p.code, `这些格子填写的不是有效数字：${listed(p.names)}。请填写不小于 0 的整数（金额可有小数，本年增/减可为负数）`, extra);
    case 'cells-not-unread':
      return new AppError(p.code, `这些格子在${where}中已经从文件读出，不能补录：${listed(p.names)}。只能填写没有读出的格子`, extra);
  }
}
