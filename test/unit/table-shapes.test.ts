import { describe, expect, it } from 'vitest';
import { checkReport } from '../../shared/check/check-report';
import { MessageSchema } from '../../shared/model/findings';
import { APPLICANT_COLUMNS, applicationRows, resultRows } from '../../shared/model/keys';
import { reportJsonSchema } from '../../shared/model/json-schema';
import { ReportSchema } from '../../shared/model/report';
import { fuzzyLabel, labelSimilarity } from '../../shared/parse/label-fuzzy';
import { parseReport } from '../../shared/parse/pipeline';
import { toTokens } from '../../shared/parse/tokens';
import { allCells, applicationRow, tablesOf } from '../../shared/model/table-access';
import { layout } from '../support/document';
import { TEXT_LAYOUTS, toHtml, toText } from '../support/layouts';
import { singleOtherHandlingRow } from '../support/mutations';
import { toRunTogetherText } from '../support/run-together';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { defined } from '../support/defined';

const model = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
const items = layout(model);
const rowCellsOf = (row: string) => APPLICANT_COLUMNS.map((column) => ({ table: 'applications', row, column }));

describe('a misprinted row label (the real one: 2.其他法律行政止公开)', () => {
  const misprint = (text: string) => text.replaceAll('2.其他法律行政法规禁止公开', '2.其他法律行政止公开');

  it.each(TEXT_LAYOUTS)('%s: the row is read by its place and likeness, with a warning that quotes it', async (shape) => {
    const text = misprint(toText(items, shape));
    expect(text).toContain('2.其他法律行政止公开');
    const c = await checkReport(Buffer.from(text));
    expect(c.report?.tables).toEqual(model.tables);
    expect(c.checked).toBe(true);
    expect(c.messages.filter((m) => m.code === 'LABEL_FUZZY')).toEqual([
      {
        level: 'warning',
        code: 'LABEL_FUZZY',
        message: '表三“2.其他法律行政法规禁止公开”一行的标签印作“2.其他法律行政止公开”，按位置和相似度读作该行，请核对',
        position: expect.any(Object),
        cells: rowCellsOf('denied.prohibitedByLaw'),
      },
    ]);
  });

  it('in a 2019-format report and in run-together text as well', async () => {
    const r2019 = buildReport('2019', 2020, '上海市人民政府', distinctNumbers('2019'));
    const c = await checkReport(Buffer.from(misprint(toText(layout(r2019), 'pdfText'))));
    expect(c.report?.tables).toEqual(r2019.tables);
    expect(c.messages.map((m) => m.code)).toEqual(['LABEL_FUZZY']);
    const county = buildReport('2021', 2022, '某县人民政府', {
      ...distinctNumbers('2021'),
      carriedOver: [0, 0, 0, 0, 0, 0],
      results: Object.fromEntries(resultRows('2021').map((row) => [row.key, [0, 0, 0, 0, 0, 0]])),
    });
    const run = await checkReport(Buffer.from(misprint(toRunTogetherText(layout(county)))));
    expect(run.report?.format === '2021' && run.report.tables?.applications.denied.prohibitedByLaw).toEqual(
      county.format === '2021' && county.tables?.applications.denied.prohibitedByLaw,
    );
    expect(run.messages.filter((m) => m.code === 'LABEL_FUZZY')).toHaveLength(1);
  });

  it('from an HTML page too', async () => {
    const c = await checkReport(Buffer.from(misprint(toHtml(items, model.title))), { contentType: 'text/html' });
    expect(c.report?.tables).toEqual(model.tables);
  });

  it('any one character dropped from any row label never puts a number in a wrong cell', async () => {
    const base = toText(items, 'tabRows');
    let read = 0;
    for (const row of applicationRows('2021')) {
      const label = row.label;
      // Drop a character from the middle of the label proper (after its numbering, before any printed explanation).
      const proper = label.replace(/（区分处理的，只计这一情形，不计其他情形）$/, '');
      const at = Math.max(proper.search(/[^\d.、（）一二三四五六七]/), 0) + Math.floor((proper.length - 2) / 2);
      const printed = label.slice(0, at) + label.slice(at + 1);
      const line = base.split('\n').find((l) => l.split('\t').includes(label));
      if (!line) throw new Error(`no line for ${label}`);
      const text = base.replace(
        line,
        line
          .split('\t')
          .map((c) => (c === label ? printed : c))
          .join('\t'),
      );
      const parsed = await parseReport(Buffer.from(text));
      if (!parsed.ok || !parsed.report.tables || parsed.report.format !== '2021') throw new Error('tables expected');
      const want = allCells('2021', defined(model.tables));
      const got = allCells('2021', parsed.report.tables);
      const wrong = got.filter((g, i) => g.cell.value !== null && g.cell.value !== defined(want[i]).cell.value).map((g) => `${g.row}/${g.column}`);
      expect(wrong, `${label} printed ${printed}`).toEqual([]);
      if (Object.values(applicationRow(parsed.report.tables, row.key)).every((c) => c.value !== null)) read++;
      for (const m of parsed.messages.filter((x) => x.code === 'LABEL_FUZZY')) expect(m.cells?.[0]?.row).toBe(row.key);
    }
    // Long labels survive a dropped character; 其他, 总计 and the like are too short to guess.
    expect(read).toBeGreaterThanOrEqual(applicationRows('2021').length - 6);
  });

  it.each(TEXT_LAYOUTS)("%s: a row printed under the next row's label (a copy-paste slip) is not read as that row", async (shape) => {
    const text = toText(items, shape).replace('2.其他法律行政法规禁止公开', '2.危及“三安全一稳定”');
    const parsed = await parseReport(Buffer.from(text));
    const t = parsed.ok && parsed.report.format === '2021' ? parsed.report.tables : null;
    const want = model.format === '2021' ? model.tables?.applications.denied : undefined;
    expect(t?.applications.denied.threeSecurities).toEqual(want?.threeSecurities);
    expect(Object.values(t?.applications.denied.prohibitedByLaw ?? {}).map((c) => c.value)).toEqual(Array(7).fill(null));
  });

  it("a label that could be either of two rows, or that is another row's, is not taken", () => {
    const rows = [{ label: '1.属于国家秘密' }, { label: '2.属于国家机密' }, { label: '3.保护第三方合法权益' }];
    const tokens = toTokens([
      { type: 'paragraph', text: '属于国家秘', pos: {} },
      { type: 'paragraph', text: '保护第三方合法权益', pos: {} },
    ]);
    const core = (t: (typeof tokens)[number]) => t.core;
    const exact = (c: string) => c === '保护第三方合法权益';
    expect(labelSimilarity('属于国家秘', '属于国家秘密')).toBeGreaterThan(0.75);
    expect(fuzzyLabel(tokens, rows, 0, 0, 2, core, exact)).toBe(-1);
    expect(fuzzyLabel(tokens, rows.slice(2), 0, 0, 2, core, exact)).toBe(-1);
    expect(fuzzyLabel(tokens, [defined(rows[0]), defined(rows[2])], 0, 0, 2, core, exact)).toBe(0);
    // The printed numbering must agree with the row's: "3." is not row 1.
    const numbered = toTokens([{ type: 'paragraph', text: '3.属于国家秘', pos: {} }]);
    expect(fuzzyLabel(numbered, [defined(rows[0]), defined(rows[2])], 0, 0, 1, core, exact)).toBe(-1);
  });
});

describe('（六）其他处理 printed as one row in a 2021-format table', () => {
  const single = singleOtherHandlingRow(items, model);

  it.each(TEXT_LAYOUTS)('%s: read as the group total, the three sub-rows unknown (not 0)', async (shape) => {
    const c = await checkReport(Buffer.from(toText(single.items, shape)));
    expect(c.report?.tables).toEqual(single.expected.tables);
    expect(ReportSchema.parse(c.report)).toEqual(c.report);
    const note = c.messages.filter((m) => m.code === 'OTHER_HANDLING_SINGLE_ROW');
    expect(note).toHaveLength(1);
    expect(defined(note[0]).cells).toEqual(['otherHandling.noCorrection', 'otherHandling.unpaidFee', 'otherHandling.other'].flatMap(rowCellsOf));
    expect(c.messages.filter((m) => m.code === 'ROW_NOT_FOUND')).toEqual([]);
    // Every equation it can check holds: no error; it is not "checked" since the sub-rows are unknown.
    expect(c.findings?.filter((f) => f.severity === 'error')).toEqual([]);
    expect(c.checked).toBe(false);
    const unchecked = c.findings?.find((f) => f.rule === 'UNCHECKED');
    expect(unchecked?.message).toContain('只填了合计一行');
    expect(unchecked?.message).not.toContain('上传');
    expect(unchecked?.cells).toEqual(defined(note[0]).cells);
  });

  it('（七）总计 is checked against the group total: a wrong total is found in its column', async () => {
    const tabRows = toText(single.items, 'tabRows');
    const line = tabRows.split('\n').find((l) => l.startsWith('（七）总计\t') || l.includes('\t（七）总计\t'));
    if (!line) throw new Error('no 总计 row');
    // 商业企业 (the second figure) of 总计 one more than the results add up to; its row total too.
    const cells = line.split('\t');
    const first = cells.findIndex((x) => /^\d+$/.test(x));
    cells[first + 1] = String(Number(cells[first + 1]) + 1);
    cells[first + 6] = String(Number(cells[first + 6]) + 1);
    const c = await checkReport(Buffer.from(tabRows.replace(line, cells.join('\t'))));
    const handled = model.format === '2021' ? defined(model.tables).applications.totalHandled : null;
    expect(c.findings?.filter((f) => f.rule === 'T3_RESULT_TOTAL')).toMatchObject([
      { column: 'commercial', expected: defined(handled).commercial.value, actual: defined(defined(handled).commercial.value) + 1 },
      { column: 'total', expected: defined(handled).total.value, actual: defined(defined(handled).total.value) + 1 },
    ]);
  });
});

describe('grouped messages and findings list every cell they cover', () => {
  it('BLANK_CELLS for a 总计 column left empty, and the one T3_ROW_TOTAL finding for it', async () => {
    const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
    const rows = resultRows('2021');
    for (const row of rows) applicationRow(defined(tablesOf(r)).tables, row.key).total = { value: null, raw: '' };
    const c = await checkReport(Buffer.from(toText(layout(r), 'tabRows')));
    const expected = rows.map((row) => ({ table: 'applications', row: row.key, column: 'total' }));
    expect(c.messages.find((m) => m.code === 'BLANK_CELLS')?.cells).toEqual(expected);
    expect(c.findings?.find((f) => f.rule === 'T3_ROW_TOTAL')?.cells).toEqual(expected);
  });

  it('CELLS_MISSING for a row that lost a cell', async () => {
    const text = toText(items, 'tabRows');
    const line = defined(text.split('\n').find((l) => l.includes('\t（一）予以公开\t')));
    const cells = line.split('\t');
    // A written blank among the six left: not a run of digits, so the row is short.
    cells[3] = '/';
    const c = await checkReport(Buffer.from(text.replace(line, [...cells.slice(0, 4), ...cells.slice(5)].join('\t'))));
    expect(c.messages.find((m) => m.code === 'CELLS_MISSING')?.cells).toEqual(rowCellsOf('granted'));
    for (const m of c.messages) expect(MessageSchema.parse(m)).toEqual(m);
  });

  it('the public JSON Schema still builds and describes the optional group total', () => {
    const schema = JSON.stringify(reportJsonSchema());
    expect(schema).toContain('only when the table printed （六）其他处理 as one row');
  });
});
