import type { Finding, ParseMessage } from '../model/findings';
import { REVIEW_GROUPS, REVIEW_GROUP_LABELS, TABLE_KEYS, TABLE_NAMES, applicationRows, disclosureBlocks, type TableKey } from '../model/keys';
import type { Report } from '../model/report';
import type { Rule } from './rule';
import { applicationRow, disclosureRow, isUnknown, rowLabel, tablesOf } from './table-access';

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
    disclosureBlocks(t.format).flatMap((b) => b.rows.filter((r) => Object.values(disclosureRow(t.tables, r.key)).some(isUnknown)).map((r) => r.key)),
  );
  add(
    'applications',
    applicationRows(t.format)
      .filter((r) => Object.values(applicationRow(t.tables, r.key)).some(isUnknown))
      .map((r) => r.key),
  );
  add(
    'reviewLitigation',
    REVIEW_GROUPS.filter((g) => Object.values(t.tables.reviewLitigation[g]).some(isUnknown)),
  );
  return { checked: unread.length === 0, unread };
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

/** A report whose tables were not (all) read is not "passed": one finding says what is missing. */
export const unchecked: Rule = {
  id: 'UNCHECKED',
  check(report, ctx) {
    const { checked, unread } = coverage(report);
    if (checked) return [];
    const whole = unread.every((u) => !u.rows);
    const what = unread.map((u) => describeUnread(report.format, u)).join('；');
    const finding: Finding = {
      rule: 'UNCHECKED',
      severity: 'warning',
      expected: '统计表全部读出',
      actual: what,
      message: whole
        ? `${report.year === null ? '没有读出报告年度，无法确定格式；' : ''}没有读出统计表（${what}），无法校验勾稽关系。${advice(ctx.messages)}`
        : `${what}有数字未能读出，涉及的勾稽关系未能校验。${advice(ctx.messages)}`,
    };
    if (unread.length === 1) finding.table = unread[0]!.table;
    return [finding];
  },
};
