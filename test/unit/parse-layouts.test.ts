import { describe, expect, it } from 'vitest';
import { EMPTY_META } from '../../shared/model/empty-meta';
import { ReportSchema, type Report } from '../../shared/model/report';
import { parseReport } from '../../shared/parse/pipeline';
import { validate } from '../../shared/rules/validate';
import { layout } from '../support/document';
import { toDocx } from '../support/docx-writer';
import { ENCODINGS, HTML_PUBLISHED, TEXT_LAYOUTS, encode, toHtml, toText } from '../support/layouts';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import iconv from 'iconv-lite';

// Agencies that may make 规章, so the generated 规章 rows raise no PLAUSIBILITY warning.
const CASES = [
  { format: '2021' as const, year: 2022, agency: '北京市人民政府' },
  { format: '2019' as const, year: 2020, agency: '上海市人民政府' },
];

describe.each(CASES)('$format format report', ({ format, year, agency }) => {
  const expected = buildReport(format, year, agency, distinctNumbers(format));
  const items = layout(expected);

  it('is a valid model with no findings (the fixture itself is consistent)', () => {
    expect(ReportSchema.parse(expected)).toEqual(expected);
    expect(validate(expected)).toEqual([]);
  });

  describe.each(TEXT_LAYOUTS)('text layout %s', (textLayout) => {
    it.each(ENCODINGS)('round-trips in %s', async (enc) => {
      const result = await parseReport(encode(toText(items, textLayout), enc), { filename: 'report.txt' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.report).toEqual(expected);
      expect(result.messages).toEqual([]);
      expect(result.input.encoding).toBe({ utf8: 'utf-8', utf8bom: 'utf-8', gb18030: 'gb18030', utf16le: 'utf-16le', utf16be: 'utf-16be' }[enc]);
    });
  });

  // The CMS page states its publication date ("发布时间：2022-01-25") above the article.
  const fromPage = { ...expected, meta: { ...expected.meta, published: HTML_PUBLISHED } };

  it('round-trips from a CMS HTML page in UTF-8', async () => {
    const result = await parseReport(Buffer.from(toHtml(items, expected.title)), { contentType: 'text/html' });
    expect(result.ok && result.report).toEqual(fromPage);
  });

  it('round-trips from a GBK HTML page declared by <meta>, with no content type given', async () => {
    const bytes = iconv.encode(toHtml(items, expected.title, 'gbk'), 'gbk');
    const result = await parseReport(bytes);
    expect(result.ok && result.input).toEqual({ kind: 'html', encoding: 'gb18030' });
    expect(result.ok && result.report).toEqual(fromPage);
  });

  it('round-trips from a .docx with merged cells', async () => {
    const result = await parseReport(await toDocx(items), { filename: 'report.docx' });
    expect(result.ok && result.input.kind).toBe('docx');
    expect(result.ok && result.report).toEqual(expected);
  });

  it('reads a title on one line as well as split over two', async () => {
    const result = await parseReport(Buffer.from(toText(layout(expected, { titleOnOneLine: true }), 'tabRows')));
    expect(result.ok && result.report).toEqual(expected);
  });
});

describe('format detection', () => {
  it('detects the 2019 layout in a 2021 report and warns FORMAT_YEAR', async () => {
    const r = buildReport('2019', 2021, '广州市人民政府', distinctNumbers('2019'));
    const result = await parseReport(Buffer.from(toText(layout(r), 'cellPerLine')));
    expect(result.ok && result.report.format).toBe('2019');
    if (!result.ok) return;
    expect(validate(result.report).map((f) => f.rule)).toEqual(['FORMAT_YEAR']);
  });

  it('reads 规范性文件 (2019 wording) in a 2021-format table', async () => {
    const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
    const text = toText(layout(r), 'tabRows').replace('行政规范性文件', '规范性文件');
    const result = await parseReport(Buffer.from(text));
    expect(result.ok && result.report).toEqual(r);
  });

  it('accepts ASCII punctuation and missing heading numbers', async () => {
    const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
    const text = toText(layout(r), 'cellPerLine')
      .replace(/（/g, '(')
      .replace(/）/g, ')')
      .replace('二、主动公开政府信息情况', '主动公开政府信息情况')
      .replace('四、政府信息公开行政复议、行政诉讼情况', '四、因政府信息公开工作被申请行政复议、提起行政诉讼情况')
      .replace('五、存在的主要问题及改进情况', '五、政府信息公开工作存在的主要问题及改进情况');
    const result = await parseReport(Buffer.from(text));
    expect(result.ok && result.report.tables).toEqual(r.tables);
    expect(result.ok && result.report.sections).toEqual(r.sections);
  });
});

describe('a pre-2019 report in every layout and encoding', () => {
  const expected: Report = {
    schemaVersion: 1,
    agency: '杭州市西湖区人民政府办公室',
    year: 2016,
    format: 'pre2019',
    // The preamble states the statistics period.
    meta: { ...EMPTY_META, period: { from: '2016-01-01', to: '2016-12-31' } },
    title: '杭州市西湖区人民政府办公室2016年政府信息公开工作年度报告',
    preamble: '本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为2016年1月1日至2016年12月31日。',
    sections: {
      overview: '2016年，区政府办公室认真贯彻《条例》，完善工作机制。',
      activeDisclosure: '全年主动公开政府信息2316条。',
      applications: '全年受理政府信息公开申请31件，均按期答复。',
      reviewLitigation: '本年度未发生因政府信息公开引起的行政复议、行政诉讼。',
      problems: '公开的及时性还需提高。下一步将加强培训。',
      other: '无。',
    },
    tables: null,
  };
  const items = layout(expected);

  it.each(TEXT_LAYOUTS.flatMap((l) => ENCODINGS.map((e) => [l, e] as const)))('text %s in %s', async (textLayout, enc) => {
    const r = await parseReport(encode(toText(items, textLayout), enc));
    expect(r.ok && r.report).toEqual(expected);
  });

  it('HTML (GBK) and .docx', async () => {
    const fromPage = { ...expected, meta: { ...expected.meta, published: HTML_PUBLISHED } };
    expect(await parseReport(iconv.encode(toHtml(items, expected.title, 'gbk'), 'gbk'))).toMatchObject({ ok: true, report: fromPage });
    expect(await parseReport(await toDocx(items))).toMatchObject({ ok: true, report: expected });
  });
});
