import { describe, expect, it } from 'vitest';
import { APPLICANT_COLUMNS } from '../../shared/model/keys';
import type { Report, Tables2021 } from '../../shared/model/report';
import { renderReport, renderReportBody } from '../../shared/render/render-report';
import { coverage } from '../../shared/rules/coverage';
import { enterCells, enteredKeys, unreadTables } from '../../shared/rules/enter-cells';
import { validate } from '../../shared/rules/validate';
import { formatCellKeys, reportCells } from '../../shared/model/report-cells';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { defined } from '../support/defined';

const ROW = 'unavailable.notHeld';
const rowKeys = APPLICANT_COLUMNS.map((c) => `applications.${ROW}.${c}`);

/** The 2021 report of test/support with one row of table 三 unread, and the figures it had. */
function withUnreadRow() {
  const report = buildReport('2021', 2022, '广州市天河区教育局', distinctNumbers('2021')) as Extract<Report, { format: '2021' }>;
  const tables = defined(report.tables);
  const had = Object.fromEntries(APPLICANT_COLUMNS.map((c) => [`applications.${ROW}.${c}`, tables.applications.unavailable.notHeld[c].value as number]));
  for (const c of APPLICANT_COLUMNS) tables.applications.unavailable.notHeld[c] = c === 'total' ? { value: null, raw: '12 34' } : { value: null };
  return { report, had };
}

describe('enterCells', () => {
  it('fills only the unread cells, marks them entered, and leaves the report it was given alone', () => {
    const { report, had } = withUnreadRow();
    expect(coverage(report).checked).toBe(false);
    const r = enterCells(report, had);
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    expect(r.entered).toEqual(rowKeys);
    const t = (r.report as { tables: Tables2021 }).tables;
    // The parser's unreadable run is not what the clerk typed: it is gone.
    expect(t.applications.unavailable.notHeld.total).toEqual({ value: had[`applications.${ROW}.total`], source: 'entered' });
    expect(t.applications.newReceived.total.source).toBeUndefined();
    expect(coverage(r.report)).toEqual({ checked: true, unread: [] });
    expect(validate(r.report).filter((f) => f.severity === 'error')).toEqual([]);
    expect(enteredKeys(r.report)).toEqual(rowKeys);
    expect(enteredKeys(report)).toEqual([]);
    expect((report as { tables: Tables2021 }).tables.applications.unavailable.notHeld.total).toEqual({ value: null, raw: '12 34' });
  });

  it('lets the rules find a typed figure that does not add up', () => {
    const { report, had } = withUnreadRow();
    const key = `applications.${ROW}.total`;
    const r = enterCells(report, { ...had, [key]: defined(had[key]) + 1 });
    if (!r.ok) throw new Error('refused');
    expect(validate(r.report).some((f) => f.severity === 'error' && f.rule === 'T3_ROW_TOTAL')).toBe(true);
  });

  it('keeps a row partly typed unread, never 0', () => {
    const { report, had } = withUnreadRow();
    const r = enterCells(report, { [`applications.${ROW}.total`]: defined(had[`applications.${ROW}.total`]) });
    if (!r.ok) throw new Error('refused');
    expect(coverage(r.report).unread).toEqual([{ table: 'applications', rows: [ROW] }]);
    expect(defined(reportCells(r.report)).unread).toEqual(rowKeys.filter((k) => !k.endsWith('.total')));
  });

  it('refuses read cells, keys of no table, and values that are not counts, naming them', () => {
    const { report } = withUnreadRow();
    const read = enterCells(report, { 'applications.newReceived.total': 3, [`applications.${ROW}.total`]: 3 });
    expect(read).toMatchObject({ ok: false, problem: { code: 'cells-not-unread', cells: ['applications.newReceived.total'] } });
    expect(!read.ok && 'names' in read.problem && read.problem.names[0]).toContain('一、本年新收政府信息公开申请数量');
    expect(enterCells(report, { 'applications.nowhere.total': 1 })).toMatchObject({
      ok: false,
      problem: { code: 'cells-unknown', cells: ['applications.nowhere.total'] },
    });
    for (const v of [-1, 1.5, Number.NaN, 1e13, '3', null])
      expect(enterCells(report, { [`applications.${ROW}.total`]: v })).toMatchObject({ ok: false, problem: { code: 'cells-bad-value' } });
    expect(enterCells(report, {})).toEqual({ ok: false, problem: { code: 'cells-empty' } });
  });

  it('takes decimals where the column has them and negatives only in 本年增/减', () => {
    const report = buildReport('2019', 2019, '广州市天河区教育局', distinctNumbers('2019'));
    const t = report.tables as unknown as { activeDisclosure: Record<string, Record<string, { value: number | null }>> };
    const row = defined(Object.keys(t.activeDisclosure).find((r) => 'change' in defined(t.activeDisclosure[r])));
    defined(t.activeDisclosure[row]).change = { value: null };
    defined(t.activeDisclosure.procurement).amount = { value: null };
    defined(t.activeDisclosure.procurement).items = { value: null };
    expect(enterCells(report, { [`activeDisclosure.${row}.change`]: -3, 'activeDisclosure.procurement.amount': 1.25 }).ok).toBe(true);
    expect(enterCells(report, { 'activeDisclosure.procurement.items': 1.25 })).toMatchObject({ ok: false, problem: { code: 'cells-bad-value' } });
  });

  it('lays out a format whose tables were not read at all with every cell unread, so they can be typed', () => {
    for (const format of ['2021', '2019'] as const) {
      const report = { ...buildReport(format, format === '2021' ? 2022 : 2019, '某县人民政府', distinctNumbers(format)), tables: null } as Report;
      const laid = defined(reportCells({ ...report, tables: unreadTables(format) } as Report));
      expect(laid.unread).toEqual(formatCellKeys(format));
      expect(laid.cells).toEqual({});
      const r = enterCells(report, { 'reviewLitigation.review.total': 2 });
      if (!r.ok) throw new Error('refused');
      expect(defined(reportCells(r.report)).cells).toEqual({ 'reviewLitigation.review.total': 2 });
      expect(coverage(r.report).checked).toBe(false);
    }
    const old = { ...buildReport('2019', 2019, '某县人民政府', distinctNumbers('2019')), format: 'pre2019', year: 2017, tables: null } as Report;
    expect(enterCells(old, { 'reviewLitigation.review.total': 2 })).toEqual({ ok: false, problem: { code: 'cells-no-tables' } });
  });
});

describe('typed cells and group totals on the page', () => {
  it('marks each typed cell in the cell itself and says once what the mark means', () => {
    const { report, had } = withUnreadRow();
    const r = enterCells(report, had);
    if (!r.ok) throw new Error('refused');
    const page = renderReport({ report: r.report, findings: [] });
    expect(page.match(/<td data-source="entered">\d+<span class="raw">（补录）<\/span><\/td>/g)).toHaveLength(7);
    expect(page.match(/由报送机关补录/g)).toHaveLength(1);
    expect(renderReport({ report, findings: [] })).not.toContain('补录');
  });

  it('gives /check an input per unread cell, named by its key and labelled by its row and column', () => {
    const { report } = withUnreadRow();
    const body = renderReportBody({ report, findings: [] }, { tablesOnly: true, inputs: true });
    const names = [...body.matchAll(/<input [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(rowKeys);
    expect(body).toContain('aria-label="表三 “（四）无法提供 1.本机关不掌握相关政府信息” 自然人（没有读出，请填写）"');
    // The report page has no inputs.
    expect(renderReportBody({ report, findings: [] }, { tablesOnly: true })).not.toContain('<input');
  });

  it('shows a 2021 （六）其他处理 printed as one row: its total on the page and in the cells, its parts unread', () => {
    const report = buildReport('2021', 2022, '广州市天河区教育局', distinctNumbers('2021')) as Extract<Report, { format: '2021' }>;
    const other = defined(report.tables).applications.otherHandling;
    other.total = Object.fromEntries(APPLICANT_COLUMNS.map((c, i) => [c, { value: 900 + i }])) as typeof other.noCorrection;
    for (const part of ['noCorrection', 'unpaidFee', 'other'] as const) for (const c of APPLICANT_COLUMNS) other[part][c] = { value: null };
    const cells = defined(reportCells(report));
    expect(cells.cells['applications.otherHandling.total.total']).toBe(906);
    expect(cells.cells['applications.otherHandling.total.naturalPerson']).toBe(900);
    expect(cells.unread).toContain('applications.otherHandling.noCorrection.total');
    const body = renderReportBody({ report, findings: [] }, { tablesOnly: true });
    expect(body).toMatch(/<th colspan="2" scope="row" class="l2">（六）其他处理（合计；报告未分项填报）<\/th><td>900<\/td>/);
    // The 三、本年度办理结果 header spans the extra row too.
    const plain = renderReportBody({ report: buildReport('2021', 2022, '广州市天河区教育局', distinctNumbers('2021')), findings: [] }, { tablesOnly: true });
    const span = (html: string) => Number(defined(/<th rowspan="(\d+)" scope="rowgroup">三、本年度办理结果/.exec(html))[1]);
    expect(span(body)).toBe(span(plain) + 1);
  });
});
