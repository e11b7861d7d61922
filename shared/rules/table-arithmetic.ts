import { APPLICANT_ROW_SUM, BALANCE, REVIEW_GROUP_SUM, holds, resultTotal, rowGroups, sides, type Num } from '../model/equations';
import type { CellAddress, Finding } from '../model/findings';
import {
  APPLICANT_COLUMNS,
  BALANCE_ROWS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUPS,
  REVIEW_GROUP_LABELS,
  TABLE_NAMES,
  extraRows,
  resultRows,
  type ApplicantColumn,
} from '../model/keys';
import type { ApplicantRow } from '../model/report';
import type { Rule } from './rule';
import {
  applicationRow,
  columnLabel,
  describeCell,
  forEachCell,
  isBlank,
  num,
  printedRow,
  rowLabel,
  tablesOf,
  type CellRef,
  type TableView,
} from '../model/table-access';

// The equations themselves are in shared/model/equations.ts; these rules word their failures.

/** Every cell written blank ("", "/"): a row nobody filled in, reported once rather than per column. */
const blankRow = (row: ApplicantRow) => APPLICANT_COLUMNS.every((c) => isBlank(row[c]));

/** A cell of table 三 as the equations read it; a row the table did not print is unknown. */
const cellValue = (t: TableView) => (row: string, col: string) => num(printedRow(t.tables, row)?.[col as ApplicantColumn]);

const appCells = (row: string, columns: readonly string[]): CellAddress[] => columns.map((column) => ({ table: 'applications', row, column }));

export const t3Balance: Rule = {
  id: 'T3_BALANCE',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    const value = cellValue(t);
    const violated = APPLICANT_COLUMNS.filter((col) => holds(BALANCE, (row) => value(row, col)) === false);
    const blank = BALANCE_ROWS.filter((k) => k !== 'carriedOver' && k !== 'carriedForward' && blankRow(applicationRow(t.tables, k)));
    const [firstBlank] = blank;
    if (violated.length > 1 && firstBlank !== undefined) {
      return [
        {
          rule: 'T3_BALANCE',
          severity: 'error',
          table: 'applications',
          row: firstBlank,
          message: `表三“${rowLabel(t.format, firstBlank)}”一行全部空白，第一项+第二项与第三项+第四项在 ${violated.length} 列对不上：请填写这一行`,
          cells: appCells(firstBlank, violated),
        },
      ];
    }
    return violated.map((col): Finding => {
      const [left, right] = sides(BALANCE, (row) => value(row, col)) as [number, number];
      return {
        rule: 'T3_BALANCE',
        severity: 'error',
        table: 'applications',
        column: col,
        expected: left,
        actual: right,
        message: `表三 ${columnLabel(col)} 列：第一项+第二项=${left}，第三项+第四项=${right}（本年新收与上年结转之和，应等于办理结果总计与结转下年度之和）`,
      };
    });
  },
};

export const t3RowTotal: Rule = {
  id: 'T3_ROW_TOTAL',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    // A group printed as one row (（六）其他处理 in a 2021 table) has its own 总计 to check.
    const extra = extraRows(t.format)
      .map((r) => r.key)
      .filter((k) => printedRow(t.tables, k) !== undefined);
    const keys = [...resultRows(t.format).map((r) => r.key), ...extra, ...BALANCE_ROWS];
    const out: Finding[] = [];
    const blankTotals: string[] = [];
    for (const key of keys) {
      // The row looked up once for its seven cells (cellValue's lookup, by key, for each).
      const row = printedRow(t.tables, key);
      const [six, total] = sides(APPLICANT_ROW_SUM, (col) => num(row?.[col as ApplicantColumn]));
      if (six === undefined || total === undefined || six === total) continue;
      if (isBlank(printedRow(t.tables, key)?.total)) blankTotals.push(key);
      out.push({
        rule: 'T3_ROW_TOTAL',
        severity: 'error',
        table: 'applications',
        row: key,
        column: 'total',
        expected: six,
        actual: total,
        message: `表三“${rowLabel(t.format, key)}”一行：六类申请人合计为 ${six}，但“总计”填的是 ${total}`,
      });
    }
    if (blankTotals.length < 2) return out;
    // A 总计 column left empty is one omission, not one error per row.
    const names = blankTotals
      .slice(0, 3)
      .map((k) => `“${rowLabel(t.format, k)}”`)
      .join('、');
    return [
      ...out.filter((f) => !blankTotals.includes(f.row ?? '')),
      {
        rule: 'T3_ROW_TOTAL',
        severity: 'error',
        table: 'applications',
        column: 'total',
        actual: `${blankTotals.length} 行空白`,
        message: `表三“总计”一列有 ${blankTotals.length} 行空白（${names}${blankTotals.length > 3 ? ' 等' : ''}），而六类申请人填了数：请填写各行的合计`,
        cells: blankTotals.flatMap((k) => appCells(k, ['total'])),
      },
    ];
  },
};

export const t3ResultTotal: Rule = {
  id: 'T3_RESULT_TOTAL',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    const value = cellValue(t);
    const eq = resultTotal(t.format);
    // A group printed as one row stands for its sub-rows here.
    const groups = rowGroups(t.format);
    const violated: [ApplicantColumn, number, number][] = [];
    for (const col of APPLICANT_COLUMNS) {
      const [parts, stated] = sides(eq, (row) => value(row, col), groups);
      if (parts !== undefined && stated !== undefined && parts !== stated) violated.push([col, parts, stated]);
    }
    if (violated.length > 1 && blankRow(applicationRow(t.tables, 'totalHandled'))) {
      return [
        {
          rule: 'T3_RESULT_TOTAL',
          severity: 'error',
          table: 'applications',
          row: 'totalHandled',
          message: `表三“（七）总计”一行全部空白，而（一）至（六）各项办理结果填了数：请填写这一行`,
          cells: appCells(
            'totalHandled',
            violated.map(([col]) => col),
          ),
        },
      ];
    }
    return violated.map(
      ([col, parts, stated]): Finding => ({
        rule: 'T3_RESULT_TOTAL',
        severity: 'error',
        table: 'applications',
        row: 'totalHandled',
        column: col,
        expected: parts,
        actual: stated,
        message: `表三 ${columnLabel(col)} 列：（一）至（六）各项办理结果相加为 ${parts}，但“（七）总计”填的是 ${stated}`,
      }),
    );
  },
};

export const t4GroupTotal: Rule = {
  id: 'T4_GROUP_TOTAL',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    return REVIEW_GROUPS.flatMap((group): Finding[] => {
      const row = t.tables.reviewLitigation[group];
      const [parts, total]: [Num, Num] = sides(REVIEW_GROUP_SUM, (col) => num(row[col]));
      if (parts === undefined || total === undefined || parts === total) return [];
      return [
        {
          rule: 'T4_GROUP_TOTAL',
          severity: 'error',
          table: 'reviewLitigation',
          row: group,
          column: 'total',
          expected: parts,
          actual: total,
          message: `表四 ${REVIEW_GROUP_LABELS[group]}：结果维持+结果纠正+其他结果+尚未审结=${parts}，但“${REVIEW_COLUMN_LABELS.total}”填的是 ${total}`,
        },
      ];
    });
  },
};

export const nonNegative: Rule = {
  id: 'NON_NEGATIVE',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    const out: Finding[] = [];
    const visit = (c: CellRef) => {
      const v = c.cell.value;
      if (v === null) return;
      const negative = v < 0 && !c.signed;
      const fractional = !Number.isInteger(v) && !c.decimal;
      if (!negative && !fractional) return;
      out.push({
        rule: 'NON_NEGATIVE',
        severity: 'error',
        table: c.table,
        row: c.row,
        column: c.column,
        actual: c.cell.raw ?? v,
        message: `${TABLE_NAMES[c.table]} ${describeCell(t.format, c)}：件数应为不小于 0 的整数，填的是 ${c.cell.raw ?? v}`,
      });
    };
    forEachCell(t.format, t.tables, visit);
    // A group printed as one row is not among the format's rows that forEachCell walks.
    for (const r of extraRows(t.format)) {
      const row = printedRow(t.tables, r.key);
      if (row) for (const column of APPLICANT_COLUMNS) visit({ table: 'applications', row: r.key, column, cell: row[column], signed: false, decimal: false });
    }
    return out;
  },
};
