import type { Finding } from '../model/findings';
import {
  APPLICANT_COLUMNS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUPS,
  REVIEW_GROUP_LABELS,
  TABLE_NAMES,
  resultRows,
} from '../model/keys';
import type { Rule } from './rule';
import { applicationRow, columnLabel, describeCell, forEachCell, n, rowLabel, tablesOf, type Row } from './table-access';

const SIX = APPLICANT_COLUMNS.filter((c) => c !== 'total');

export const t3Balance: Rule = {
  id: 'T3_BALANCE',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    const [a, b, c, d] = ['newReceived', 'carriedOver', 'totalHandled', 'carriedForward'].map((k) => applicationRow(t.tables, k));
    return APPLICANT_COLUMNS.flatMap((col): Finding[] => {
      const left = n(a![col]) + n(b![col]);
      const right = n(c![col]) + n(d![col]);
      if (left === right) return [];
      return [
        {
          rule: 'T3_BALANCE',
          severity: 'error',
          table: 'applications',
          column: col,
          expected: left,
          actual: right,
          message: `表三 ${columnLabel(col)} 列：第一项+第二项=${left}，第三项+第四项=${right}（本年新收与上年结转之和，应等于办理结果总计与结转下年度之和）`,
        },
      ];
    });
  },
};

export const t3RowTotal: Rule = {
  id: 'T3_ROW_TOTAL',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    const rows = [...resultRows(t.format).map((r) => r.key), 'newReceived', 'carriedOver', 'totalHandled', 'carriedForward'];
    return rows.flatMap((key): Finding[] => {
      const row = applicationRow(t.tables, key);
      const sum = SIX.reduce((s, col) => s + n(row[col]), 0);
      const total = n(row.total);
      if (sum === total) return [];
      return [
        {
          rule: 'T3_ROW_TOTAL',
          severity: 'error',
          table: 'applications',
          row: key,
          column: 'total',
          expected: sum,
          actual: total,
          message: `表三“${rowLabel(t.format, key)}”一行：六类申请人合计为 ${sum}，但“总计”填的是 ${total}`,
        },
      ];
    });
  },
};

export const t3ResultTotal: Rule = {
  id: 'T3_RESULT_TOTAL',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    const rows = resultRows(t.format).map((r) => applicationRow(t.tables, r.key));
    const total = applicationRow(t.tables, 'totalHandled');
    return APPLICANT_COLUMNS.flatMap((col): Finding[] => {
      const sum = rows.reduce((s, row) => s + n(row[col]), 0);
      if (sum === n(total[col])) return [];
      return [
        {
          rule: 'T3_RESULT_TOTAL',
          severity: 'error',
          table: 'applications',
          row: 'totalHandled',
          column: col,
          expected: sum,
          actual: n(total[col]),
          message: `表三 ${columnLabel(col)} 列：（一）至（六）各项办理结果相加为 ${sum}，但“（七）总计”填的是 ${n(total[col])}`,
        },
      ];
    });
  },
};

export const t4GroupTotal: Rule = {
  id: 'T4_GROUP_TOTAL',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    return REVIEW_GROUPS.flatMap((group): Finding[] => {
      const row = (t.tables.reviewLitigation as Record<string, Row>)[group]!;
      const sum = n(row.upheld) + n(row.corrected) + n(row.other) + n(row.pending);
      if (sum === n(row.total)) return [];
      return [
        {
          rule: 'T4_GROUP_TOTAL',
          severity: 'error',
          table: 'reviewLitigation',
          row: group,
          column: 'total',
          expected: sum,
          actual: n(row.total),
          message: `表四 ${REVIEW_GROUP_LABELS[group]}：结果维持+结果纠正+其他结果+尚未审结=${sum}，但“${REVIEW_COLUMN_LABELS.total}”填的是 ${n(row.total)}`,
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
    forEachCell(t.format, t.tables, (c) => {
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
    });
    return out;
  },
};
