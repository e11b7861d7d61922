import { describe, expect, it } from 'vitest';
import { checkAs } from '../../shared/check/agency-match';
import { checkReport } from '../../shared/check/check-report';
import { resultRows } from '../../shared/model/keys';
import { parseReport } from '../../shared/parse/pipeline';
import { applicationRow, tablesOf } from '../../shared/model/table-access';
import { layout } from '../support/document';
import { toHtml, toText } from '../support/layouts';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { defined } from '../support/defined';

const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));

/** PDF text where 表四's header labels come out one character apart: "行 政 复 议". */
const spread = (text: string, line: (l: string) => string) => text.split('\n').map(line).join('\n');
const SPACED = (l: string) => (/^(行政复议|行政诉讼|结果维持|总计)$/.test(l) ? [...l].join(' ') : l);

describe('表四 with labels spread one character apart (PDF text)', () => {
  it('each label on its own line', async () => {
    const text = spread(toText(layout(report), 'pdfText'), SPACED);
    expect(text).toContain('\n行 政 复 议\n');
    const r = await parseReport(Buffer.from(text));
    expect(r.ok && r.report.tables?.reviewLitigation).toEqual(defined(report.tables).reviewLitigation);
  });

  it('the group labels on one line', async () => {
    const text = toText(layout(report), 'pdfText').replace('\n行政复议\n行政诉讼\n', '\n行 政 复 议 行 政 诉 讼\n');
    expect(text).toContain('\n行 政 复 议 行 政 诉 讼\n');
    const r = await parseReport(Buffer.from(text));
    expect(r.ok && r.report.tables?.reviewLitigation).toEqual(defined(report.tables).reviewLitigation);
  });
});

describe('the 2019-format heading of section 四 as some agencies word it', () => {
  const HEADING = '四、因政府信息公开工作被申请行政复议、提起行政诉讼情况';
  const r2019 = buildReport('2019', 2020, '上海市人民政府', distinctNumbers('2019'), {
    reviewLitigation: '本年度本机关未发生因政府信息公开工作被申请行政复议或者提起行政诉讼的案件。',
  });

  it.each(['cellPerLine', 'tabRows', 'pdfText'] as const)('%s', async (shape) => {
    const text = toText(layout(r2019), shape).replace('四、政府信息公开行政复议、行政诉讼情况', HEADING);
    expect(text).toContain(HEADING);
    const r = await parseReport(Buffer.from(text));
    expect(r.ok && r.report.sections.reviewLitigation).toBe('本年度本机关未发生因政府信息公开工作被申请行政复议或者提起行政诉讼的案件。');
    expect(r.ok && r.report.sections.applications).toBe('');
    expect(r.ok && r.report.tables).toEqual(r2019.tables);
  });
});

describe('a 总计 column left empty on every result row', () => {
  it('is one parser warning and one T3_ROW_TOTAL finding, not one per row', async () => {
    const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
    const rows = resultRows('2021');
    for (const row of rows) applicationRow(defined(tablesOf(r)).tables, row.key).total = { value: null, raw: '' };
    const c = await checkReport(Buffer.from(toText(layout(r), 'tabRows')));
    const blank = c.messages.filter((m) => m.code === 'BLANK_CELLS');
    expect(blank).toHaveLength(1);
    expect(defined(blank[0]).message).toBe(`表三 “总计”一列有 ${rows.length} 行空白，校验时按 0 计算`);
    const rowTotal = defined(c.findings).filter((f) => f.rule === 'T3_ROW_TOTAL');
    expect(rowTotal).toHaveLength(1);
    expect(defined(rowTotal[0]).message).toContain(`“总计”一列有 ${rows.length} 行空白`);
  });
});

describe('a short sentence just before a table is section text, not table header', () => {
  // "本年度共发生行政复议3件。" is shorter than most prose; it used to be swallowed with the table.
  const sections = { applications: '具体情况如下：', reviewLitigation: '本年度共发生行政复议3件。' };
  const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'), sections);

  it.each(['cellPerLine', 'tabRows', 'pipeRows', 'blankLineCells', 'pdfText'] as const)('%s', async (shape) => {
    const parsed = await parseReport(Buffer.from(toText(layout(r), shape)));
    expect(parsed.ok && parsed.report.sections.reviewLitigation).toBe('本年度共发生行政复议3件。');
    expect(parsed.ok && parsed.report.sections.applications).toBe('具体情况如下：');
    expect(parsed.ok && parsed.report.tables).toEqual(r.tables);
  });
});

describe('a narrative line without punctuation just before table 四 is section text', () => {
  // No sentence mark: the table reader took it for a header cell of table 四 and swallowed it.
  const line = '本机关政府信息公开行政复议和行政诉讼情况见下表';
  const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'), { reviewLitigation: line });

  it.each(['cellPerLine', 'tabRows', 'pipeRows', 'blankLineCells', 'pdfText'] as const)('%s', async (shape) => {
    const parsed = await parseReport(Buffer.from(toText(layout(r), shape)));
    expect(parsed.ok && parsed.report.sections.reviewLitigation).toBe(line);
    expect(parsed.ok && parsed.report.tables).toEqual(r.tables);
  });

  it('in HTML', async () => {
    const parsed = await parseReport(new TextEncoder().encode(toHtml(layout(r), r.title)), { filename: 'r.html' });
    expect(parsed.ok && parsed.report.sections.reviewLitigation).toBe(line);
    expect(parsed.ok && parsed.report.tables).toEqual(r.tables);
  });
});

describe('a report whose year and format cannot be told is never checked', () => {
  // Tables as pictures, no year anywhere: it used to be read as pre-2019 and "passed".
  const text = [
    '某县人民政府政府信息公开工作年度报告',
    '一、总体情况',
    '本机关认真贯彻落实《条例》，推进政务公开工作。',
    '二、主动公开政府信息情况',
    '（见下图）',
    '三、收到和处理政府信息公开申请情况',
    '（见下图）',
    '四、政府信息公开行政复议、行政诉讼情况',
    '（见下图）',
    '五、存在的主要问题及改进情况',
    '信息公开的及时性有待提高。',
    '六、其他需要报告的事项',
    '无。',
  ].join('\n');

  it('the 2019 template headings say it has tables, and none were read', async () => {
    const r = await checkReport(Buffer.from(text));
    expect(r.report?.year).toBeNull();
    expect(r.report?.format).not.toBe('pre2019');
    expect(r.checked).toBe(false);
    expect(r.findings?.map((f) => f.rule)).toContain('UNCHECKED');
  });

  it('a year from the request decides: 2023 means tables that were not read, 2017 means none to read', async () => {
    const old = text.replace('三、收到和处理政府信息公开申请情况', '三、依申请公开政府信息情况');
    const r = await checkReport(Buffer.from(old));
    if (r.error) throw new Error(r.error.message);
    const recent = checkAs(r, { year: 2023 });
    expect(recent.ok && [recent.report.format, recent.checked, recent.passed]).toEqual(['2021', false, false]);
    const early = checkAs(r, { year: 2017 });
    expect(early.ok && [early.report.format, early.checked, early.passed]).toEqual(['pre2019', true, true]);
  });

  it('a pre-2019 reading without a year is not checked either', async () => {
    const old = text.replace('三、收到和处理政府信息公开申请情况', '三、依申请公开政府信息情况');
    const r = await checkReport(Buffer.from(old));
    expect(r.report?.format).toBe('pre2019');
    expect(r.checked).toBe(false);
    expect(r.findings?.find((f) => f.rule === 'UNCHECKED')?.message).toContain('没有读出报告年度');
  });
});

describe('a row that lost a cell in flattening is unknown, not shifted', () => {
  const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
  const text = toText(layout(r), 'tabRows');
  const line = defined(text.split('\n').find((l) => l.includes('\t（一）予以公开\t')));
  // "三、本年度办理结果 | （一）予以公开 | 7 | 14 | 21 | 5 | 12 | 19 | 78": drop one cell.
  const dropped = (cells: string[]) => text.replace(line, cells.join('\t'));

  it('six figures for seven columns: none is put in a column it may not belong to', async () => {
    const cells = line.split('\t');
    const parsed = await checkReport(Buffer.from(dropped([...cells.slice(0, 4), ...cells.slice(5)])));
    const t = parsed.report?.format === '2021' ? parsed.report.tables : null;
    expect(Object.values(defined(t).applications.granted).map((c) => c.value)).toEqual(Array(7).fill(null));
    expect(parsed.checked).toBe(false);
    expect(parsed.unread).toEqual([{ table: 'applications', rows: ['granted'] }]);
  });

  it('with a written blank among them too ("/"), the row is unknown, not read from the left', async () => {
    const cells = line.split('\t');
    cells[3] = '/';
    const parsed = await checkReport(Buffer.from(dropped([...cells.slice(0, 4), ...cells.slice(5)])));
    const t = parsed.report?.format === '2021' ? parsed.report.tables : null;
    expect(Object.values(defined(t).applications.granted)).toEqual(Array(7).fill({ value: null }));
    expect(parsed.checked).toBe(false);
    expect(parsed.messages?.find((m) => m.code === 'CELLS_MISSING')?.message).toContain('只读到 6 个');
  });
});
