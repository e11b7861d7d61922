/**
 * Real documents differ from the national template in ways a test can reproduce from the model:
 * each mutation here changes the laid-out document and says what the parser should read from it,
 * computed from the model, never from the parser.
 */
import { APPLICANT_COLUMNS } from '../../shared/model/keys';
import type { Cell, Report } from '../../shared/model/report';
import type { Item, WCell } from './document';

type Tables2021 = Extract<Report, { format: '2021' }>['tables'];

/** An unread cell: the value the parser must give a cell it could not read. */
const UNKNOWN: Cell = { value: null };

/**
 * （六）其他处理 printed as one row in a 2021-format table, the 2019 way: its seven numbers are the
 * sums of the three sub-rows', which are not printed. Expected: the sub-rows unknown, the group's
 * total kept as `otherHandling.total`.
 */
export function singleOtherHandlingRow(items: Item[], report: Report): { items: Item[]; expected: Report } {
  if (report.format !== '2021' || !report.tables) throw new Error('a 2021-format report with tables is needed');
  const oh = report.tables.applications.otherHandling;
  const subRows = [oh.noCorrection, oh.unpaidFee, oh.other];
  const total = Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, { value: subRows.reduce((s, r) => s + (r[c].value ?? 0), 0) }])) as Record<
    (typeof APPLICANT_COLUMNS)[number],
    Cell
  >;
  const out = items.map((item): Item => {
    if (item.type !== 'table' || !item.rows.some((r) => r.some((c) => c.text === '（六）其他处理'))) return item;
    const rows: WCell[][] = [];
    for (const row of item.rows) {
      const group = row.findIndex((c) => c.text === '（六）其他处理');
      if (group !== -1) {
        rows.push([...row.slice(0, group), { text: '（六）其他处理', colspan: 2 }, ...APPLICANT_COLUMNS.map((c) => ({ text: String(total[c].value) }))]);
        continue;
      }
      if (row.some((c) => /^[23]\.(申请人逾期未按收费|其他$)/.test(c.text))) continue;
      rows.push(row);
    }
    // The results column's rowspan loses the two rows that are gone (a copy: the layout given stays as it was).
    return { type: 'table', rows: rows.map((row) => row.map((c) => (c.text === '三、本年度办理结果' && c.rowspan ? { ...c, rowspan: c.rowspan - 2 } : c))) };
  });
  const unknownRow = Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, UNKNOWN]));
  const tables = structuredClone(report.tables) as NonNullable<Tables2021>;
  tables.applications.otherHandling = {
    noCorrection: unknownRow as typeof oh.noCorrection,
    unpaidFee: unknownRow as typeof oh.unpaidFee,
    other: unknownRow as typeof oh.other,
    total,
  };
  return { items: out, expected: { ...report, tables } };
}
