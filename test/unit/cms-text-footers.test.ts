import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/model/report';
import { parseReport } from '../../shared/parse/pipeline';
import { type Item, layout } from '../support/document';
import { toDocx } from '../support/docx-writer';
import { HTML_PUBLISHED, TEXT_LAYOUTS, toHtml, toText } from '../support/layouts';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { defined } from '../support/defined';

/**
 * Page numbers, print headers and running headers between the lines of the narrative (a PDF or a
 * printout copied into a CMS page, Word or a text file) are dropped, whole lines only: sentences
 * that mention a page, sub-headings that recur and every table cell (a cell 6 is a value) stay.
 */

const AGENCY = '北京市人民政府';
const SITE = '北京市人民政府门户网站';

// Narrative lines a person wrote, some of which look like furniture without being it.
const model = buildReport('2021', 2022, AGENCY, distinctNumbers('2021'), {
  overview: [
    '（一）主要做法',
    '加强组织领导',
    '2022年，本机关认真贯彻落实《条例》要求，推进政务公开工作。',
    '全年召开专题会议6次，会议纪要详见第6页附表。',
  ].join('\n'),
  problems: ['（一）主要做法', '加强组织领导', '年度重点任务已完成 6/9 项，其余正在推进。', '信息公开的及时性有待提高。'].join('\n'),
  other: ['（一）主要做法', '本年度未收取信息处理费。', '北京市人民政府办公厅', '2023年1月20日'].join('\n'),
});

/** Every page-number shape, then print furniture and a running header that recurs on each page. */
const FOOTERS = ['—6—', '- 6 -', '－ 6 －', '第 6 页 共 9 页', '第6页', '6/9', 'Page 6 of 9', '６/９', '— 7 —', '共9页 第8页'];
const PRINTED = ['2023/3/1 10:21  北京市人民政府门户网站', 'http://www.beijing.gov.cn/zhengce/nb/202301/t20230120_2.html 2/9', SITE, 'Page 3 - 北京市人民政府'];

/** The model's layout with furniture after every narrative line of the three sections. */
function withFurniture(report: Report, furniture: string[]): Item[] {
  const narrative = new Set([report.sections.overview, report.sections.problems, report.sections.other].flatMap((s) => s.split('\n')));
  const out: Item[] = [];
  let k = 0;
  for (const item of layout(report)) {
    out.push(item);
    if (item.type === 'p' && narrative.has(item.text)) out.push({ type: 'p', text: defined(furniture[k++ % furniture.length]) });
  }
  expect(k).toBeGreaterThanOrEqual(furniture.length);
  return out;
}

describe.each([
  ['page numbers', FOOTERS],
  ['print headers, printed URLs and a running header', PRINTED],
])('%s between the lines of the narrative', (_name, furniture) => {
  const items = withFurniture(model, furniture);

  it.each(TEXT_LAYOUTS)('text, %s', async (textLayout) => {
    const r = await parseReport(Buffer.from(toText(items, textLayout)), { filename: 'report.txt' });
    expect(r.ok && r.report).toEqual({ ...model, meta: { ...model.meta, signed: '2023-01-20', signedBy: '北京市人民政府办公厅' } });
  });

  it('HTML', async () => {
    const r = await parseReport(Buffer.from(toHtml(items, model.title)), { contentType: 'text/html' });
    expect(r.ok && r.report).toEqual({ ...model, meta: { ...model.meta, published: HTML_PUBLISHED, signed: '2023-01-20', signedBy: '北京市人民政府办公厅' } });
  });

  it('.docx', async () => {
    const r = await parseReport(await toDocx(items), { filename: 'report.docx' });
    expect(r.ok && r.report).toEqual({ ...model, meta: { ...model.meta, signed: '2023-01-20', signedBy: '北京市人民政府办公厅' } });
  });
});

describe('what furniture is not', () => {
  it('a narrative line that recurs twice, without numbering, is text', async () => {
    const twice = buildReport('2021', 2022, AGENCY, distinctNumbers('2021'), { overview: '建立健全工作机制', problems: '建立健全工作机制' });
    const r = await parseReport(Buffer.from(toText(layout(twice), 'tabRows')));
    expect(r.ok && r.report.sections).toEqual(twice.sections);
  });

  it('a line that starts with a date and a time and goes on is text', async () => {
    const dated = buildReport('2021', 2022, AGENCY, distinctNumbers('2021'), { overview: '2022-06-18 10:00 召开政务公开专题会议，部署全年工作' });
    const r = await parseReport(Buffer.from(toText(layout(dated), 'tabRows')));
    expect(r.ok && r.report.sections).toEqual(dated.sections);
  });

  it('a line closing three sections is text, however often it recurs', async () => {
    const thrice = buildReport('2021', 2022, AGENCY, distinctNumbers('2021'), {
      overview: '本年度无此情况',
      problems: '本年度无此情况',
      other: '本年度无此情况',
    });
    const r = await parseReport(Buffer.from(toText(layout(thrice), 'tabRows')));
    expect(r.ok && r.report.sections).toEqual(thrice.sections);
  });

  it('the title repeated at the head of each page leaves the narrative, the title stays', async () => {
    const items = layout(model).flatMap((item): Item[] =>
      item.type === 'p' && item.text === '加强组织领导' ? [item, { type: 'p', text: model.title }] : [item],
    );
    const r = await parseReport(Buffer.from(toText(items, 'tabRows')));
    expect(r.ok && r.report).toEqual({ ...model, meta: { ...model.meta, signed: '2023-01-20', signedBy: '北京市人民政府办公厅' } });
  });

  it('cells that read like page numbers stay in their table', async () => {
    // Every result cell 6, and 表二's counts 6 and 9: a table of page numbers to the eye.
    const nums = distinctNumbers('2021');
    for (const key of Object.keys(nums.results)) nums.results[key] = [6, 6, 6, 6, 6, 6];
    for (const key of Object.keys(nums.disclosure))
      nums.disclosure[key] = defined(nums.disclosure[key]).map((v, i) => (Number.isInteger(v) && v >= 0 ? (i % 2 ? 9 : 6) : v));
    const sixes = buildReport('2021', 2022, AGENCY, nums);
    for (const textLayout of TEXT_LAYOUTS) {
      const r = await parseReport(Buffer.from(toText(layout(sixes), textLayout)));
      expect(r.ok && r.report.tables).toEqual(sixes.tables);
    }
  });
});
