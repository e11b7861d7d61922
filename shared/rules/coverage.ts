import { rowGroups } from '../model/equations';
import type { CellAddress, Finding, ParseMessage } from '../model/findings';
import { REVIEW_GROUPS, REVIEW_GROUP_LABELS, TABLE_KEYS, TABLE_NAMES, applicationRows, disclosureBlocks, type TableKey } from '../model/keys';
import type { Cell, Report } from '../model/report';
import type { Rule } from './rule';
import { applicationRow, disclosureRow, forEachCell, isUnknown, printedRow, rowLabel, tablesOf } from '../model/table-access';

/** A table, or the rows of it, whose figures could not be read: its equations were not checked. */
export interface Unread {
  table: TableKey;
  /** row keys with at least one unread cell; absent when the whole table is missing */
  rows?: string[];
}

export interface Coverage {
  /** every figure the format has was read, so every equation was checked */
  checked: boolean;
  unread: Unread[];
}

/**
 * Which statistics could not be read. A report of 2018 or before has no tables: nothing to check.
 * Without a year the format is a guess, so a report read as pre-2019 is not called checked.
 */
export function coverage(report: Report): Coverage {
  if (report.format === 'pre2019')
    return report.year !== null && report.year <= 2018 ? { checked: true, unread: [] } : { checked: false, unread: TABLE_KEYS.map((table) => ({ table })) };
  const t = tablesOf(report);
  if (!t) return { checked: false, unread: TABLE_KEYS.map((table) => ({ table })) };
  const unread: Unread[] = [];
  const add = (table: TableKey, rows: string[]) => rows.length > 0 && unread.push({ table, rows });
  add(
    'activeDisclosure',
    disclosureBlocks(t.format).flatMap((b) => b.rows.filter((r) => anyUnknown(disclosureRow(t.tables, r.key))).map((r) => r.key)),
  );
  add(
    'applications',
    applicationRows(t.format)
      .filter((r) => anyUnknown(applicationRow(t.tables, r.key)))
      .map((r) => r.key),
  );
  add(
    'reviewLitigation',
    REVIEW_GROUPS.filter((g) => anyUnknown(t.tables.reviewLitigation[g])),
  );
  return { checked: unread.length === 0, unread };
}

/** Whether a row has an unknown cell: a loop over its keys, where Object.values made an array of every row. */
function anyUnknown(row: Readonly<Record<string, Cell | undefined>>): boolean {
  for (const column in row) if (isUnknown(row[column])) return true;
  return false;
}

/** What to upload instead, by how the tables were lost. */
function advice(messages: readonly ParseMessage[] | undefined): string {
  if (messages?.some((m) => m.code === 'IMAGE_ONLY')) return '这份 PDF 是扫描件或图片，读不出文字：请上传 Word 或网页（HTML）版本，或由 Word 直接导出的 PDF';
  return '请核对这些表格是否为图片、是否缺行，或上传 Word（.docx）或网页（HTML）版本';
}

const MAX_NAMED_ROWS = 4;

/** An unread table or its rows, named as the format prints them (表三的“…”). */
export function describeUnread(format: Report['format'], u: Unread): string {
  if (!u.rows) return TABLE_NAMES[u.table];
  const names = u.rows.map((r) =>
    u.table === 'reviewLitigation' || format === 'pre2019' ? REVIEW_GROUP_LABELS[r as keyof typeof REVIEW_GROUP_LABELS] : rowLabel(format, r),
  );
  const shown = names
    .slice(0, MAX_NAMED_ROWS)
    .map((x) => `“${x}”`)
    .join('、');
  return `${TABLE_NAMES[u.table]}的${shown}${names.length > MAX_NAMED_ROWS ? ` 等 ${names.length} 行` : ''}`;
}

/**
 * The sub-rows of a group the table printed as one row (（六）其他处理 in a 2021 table): they are
 * unread because they are not in the document, and no other upload of it will have them.
 */
function groupPrintedAsOneRow(report: Report): readonly string[] {
  const t = tablesOf(report);
  if (!t) return [];
  return rowGroups(t.format).flatMap((g) => (printedRow(t.tables, g.total) ? g.parts : []));
}

/** A report whose tables were not (all) read is not "passed": one finding says what is missing. */
export const unchecked: Rule = {
  id: 'UNCHECKED',
  check(report, ctx) {
    const { checked, unread } = coverage(report);
    if (checked) return [];
    const whole = unread.every((u) => !u.rows);
    const notPrinted = groupPrintedAsOneRow(report);
    // Rows the document never had are said apart from rows it has and the parser could not read.
    const lost = unread.map((u) => (u.rows ? { ...u, rows: u.rows.filter((r) => !notPrinted.includes(r)) } : u)).filter((u) => !u.rows || u.rows.length > 0);
    const merged = unread.some((u) => u.rows?.some((r) => notPrinted.includes(r)));
    const what = lost.map((u) => describeUnread(report.format, u)).join('；');
    const parts: string[] = [];
    if (merged)
      parts.push(
        '表三“（六）其他处理”只填了合计一行，没有按 2021 年版格式分为三个分项：分项的数字无从读出，涉及分项的校验未能进行，“（七）总计”已按合计校验。请按 2021 年版格式分项填报',
      );
    if (lost.length > 0)
      parts.push(
        whole
          ? `${report.year === null ? '没有读出报告年度，无法确定格式；' : ''}没有读出统计表（${what}），无法校验勾稽关系。${advice(ctx.messages)}`
          : `${what}有数字未能读出，涉及的勾稽关系未能校验。${advice(ctx.messages)}`,
      );
    const finding: Finding = {
      rule: 'UNCHECKED',
      severity: 'warning',
      expected: '统计表全部读出',
      actual: unread.map((u) => describeUnread(report.format, u)).join('；'),
      message: parts.join('；另外，'),
    };
    const [only] = unread;
    if (unread.length === 1 && only) finding.table = only.table;
    const cells = unreadCells(report, unread);
    if (cells.length > 0) finding.cells = cells;
    return [finding];
  },
};

/** The unknown cells of the rows named unread (a whole missing table is named, not listed). */
function unreadCells(report: Report, unread: readonly Unread[]): CellAddress[] {
  const t = tablesOf(report);
  if (!t) return [];
  const out: CellAddress[] = [];
  forEachCell(t.format, t.tables, (c) => {
    if (isUnknown(c.cell) && unread.some((u) => u.table === c.table && u.rows?.includes(c.row))) out.push({ table: c.table, row: c.row, column: c.column });
  });
  return out;
}
