import { describe, expect, it } from 'vitest';
import { checkAs } from '../../shared/check/agency-match';
import { EMPTY_META } from '../../shared/model/empty-meta';
import type { Report } from '../../shared/model/report';
import { parseReport } from '../../shared/parse/pipeline';
import { coverage } from '../../shared/rules/coverage';
import { validate } from '../../shared/rules/validate';
import { type Item, layout } from '../support/document';
import { toDocx } from '../support/docx-writer';
import { HTML_PUBLISHED, TEXT_LAYOUTS, toHtml, toText } from '../support/layouts';
import { buildReport, distinctNumbers } from '../support/sample-reports';

/**
 * Reports copied from CMS pages: the page's metadata block (标题, 发布机构, 发布日期 …), breadcrumbs
 * and widgets around the article. The fixtures are the model laid out as the national format
 * prints it, with the chrome added in the shapes real pages have; what the parser must give back
 * is the model plus the block's date and publisher, written here by hand.
 */

const AGENCY = '平潭综合实验区';
const PUBLISHER = '平潭综合实验区管理委员会';
const DATE = '2023-01-18';
const model = buildReport('2021', 2022, AGENCY, distinctNumbers('2021'));
const T = model.title;

const CRUMBS = [
  '平潭综合实验区门户网站',
  '首页 > 政务公开 > 政府信息公开年报',
  '当前位置：首页 >> 信息公开 >> 年度报告',
  '您现在的位置：首页 > 政务公开 > 年度报告 > 正文',
];
const WIDGETS = ['【字体：大 中 小】', '字号：大 中 小', '打印本页 关闭窗口', '分享到：微信 微博 QQ空间'];

/** Blocks as real pages print them, with the meta each states (besides DATE and PUBLISHER). */
const BLOCKS: [name: string, lines: string[], meta: Partial<Report['meta']>][] = [
  [
    'one field a line, full-width colons',
    [`标题：${T}`, `发布机构：${PUBLISHER}`, `发布日期：${DATE}`, '索引号：000014349/2023-00012', '文号：', '主题分类：政务公开'],
    {},
  ],
  [
    'spaced labels, half-width colons, spaces before the colon',
    [`标　　题: ${T}`, `发布机构 ：${PUBLISHER}`, `发布时间 : ${DATE} 10:21:33`, '索 引 号：000014349/2023-00012', '文　　号：'],
    {},
  ],
  [
    'several fields on a line',
    ['索引号：000014349/2023-00012  主题分类：政务公开', `发布机构：${PUBLISHER}  生成日期：${DATE}`, `标题：${T}`, '文号：  公开方式：主动公开'],
    {},
  ],
  [
    'label and value on separate lines, an empty 文号',
    ['索引号', '000014349/2023-00012', '主题分类', '政务公开', '发布机构', PUBLISHER, '生成日期', DATE, '标题', T, '文号', '公开方式', '主动公开'],
    {},
  ],
  [
    'the rarer labels, 成文日期 besides 发布日期',
    [`名　　称：${T}`, `信息来源：${PUBLISHER}`, '成文日期：2023-01-10', `发布日期：${DATE}`, '公开时限：长期公开', '浏览次数：1024', '分类：年度报告'],
    { signed: '2023-01-10' },
  ],
  ['in brackets, after the title', [`【发布时间：${DATE}】【来源：${PUBLISHER}】【字体：大 中 小】`], {}],
];

const withMeta = (report: Report, meta: Partial<Report['meta']>): Report => ({ ...report, meta: { ...report.meta, ...meta } });
const namingCodes = (messages: { code: string }[]) => messages.map((m) => m.code).filter((c) => /AGENCY|TITLE|YEAR/.test(c));

describe('a CMS metadata block above the article (平潭综合实验区)', () => {
  const expected = withMeta(model, { published: DATE, publisher: PUBLISHER });

  describe.each(BLOCKS)('%s', (_name, block, meta) => {
    // Breadcrumbs above, widgets below; the bracketed line sits under the title, the others above it.
    const ps = (lines: string[]): Item[] => lines.map((text) => ({ type: 'p', text }));
    const article = layout(model);
    const items =
      block.length === 1
        ? [...ps(CRUMBS), ...article.slice(0, 2), ...ps(block), ...article.slice(2), ...ps(['【打印本页】【关闭窗口】'])]
        : [...ps(CRUMBS), ...ps(block), ...ps(WIDGETS), ...article, ...ps(['【打印本页】【关闭窗口】'])];

    it.each(TEXT_LAYOUTS)('text, %s', async (textLayout) => {
      const r = await parseReport(Buffer.from(toText(items, textLayout)), { filename: 'report.txt' });
      expect(r.ok && r.report).toEqual(withMeta(expected, meta));
      expect(r.ok && namingCodes(r.messages)).toEqual([]);
    });

    it('.docx (the page pasted into Word)', async () => {
      const r = await parseReport(await toDocx(items), { filename: 'report.docx' });
      expect(r.ok && r.report).toEqual(withMeta(expected, meta));
    });
  });

  it('the agency is what the title names, never "标题:…"; the mismatch message says so', async () => {
    const parsed = await parseReport(Buffer.from(`标题：${T}\n发布机构：${PUBLISHER}\n发布日期：${DATE}\n${toText(layout(model), 'tabRows')}`));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.report.agency).toBe(AGENCY);
    expect(parsed.report.title).toBe(T);
    const r = { ...parsed, findings: validate(parsed.report), ...coverage(parsed.report) };
    const own = checkAs(r, { agency: { name: PUBLISHER, aliases: [AGENCY] } });
    expect(own.ok).toBe(true);
    const other = checkAs(r, { agency: { name: '福州市人民政府' } });
    expect(!other.ok && other.problem.detail).toMatch(
      /^报告标题“平潭综合实验区2022年政府信息公开工作年度报告”写明的机关是“平潭综合实验区”，不是本机关“福州市人民政府”/,
    );
  });

  it('HTML: the block in a four-column table beside the page’s own 发布时间', async () => {
    const cells = (...texts: string[]) => texts.map((text) => ({ text }));
    const table: Item = {
      type: 'table',
      rows: [
        cells('索 引 号：', '000014349/2023-00012', '主题分类：', '政务公开'),
        cells('发布机构：', PUBLISHER, '生成日期：', DATE),
        [{ text: '标　　题：' }, { text: T, colspan: 3 }],
        cells('文　　号：', '', '公开方式：', '主动公开'),
      ],
    };
    const r = await parseReport(Buffer.from(toHtml([table, ...layout(model)], T)), { contentType: 'text/html' });
    // The page states 发布时间 above the block (see toHtml): the first date given stands.
    expect(r.ok && r.report).toEqual(withMeta(model, { published: HTML_PUBLISHED, publisher: PUBLISHER }));
  });

  it('HTML: the fields in spans of one line, with no space between them, the title only in the block', async () => {
    const spans = `<div class="meta"><span>标题：${T}</span><span>发布机构：${PUBLISHER}</span><span>发布日期：${DATE}</span><span>索引号：000014349/2023-00012</span></div>`;
    const body = toHtml(layout(model).slice(2), '').replace(/<h1>.*?<\/h1><div class="info">.*?<\/div>/, spans);
    const r = await parseReport(Buffer.from(body), { contentType: 'text/html' });
    expect(r.ok && r.report).toEqual(expected);
  });

  it('HTML: a menu item 政府信息公开年报 is no title when ArticleTitle names the report', async () => {
    const page = toHtml(layout(model).slice(2), '')
      .replace('<head>', `<head><meta name="ArticleTitle" content="${T}"><meta name="PubDate" content="${DATE} 09:30">`)
      .replace(/<h1>.*?<\/h1><div class="info">.*?<\/div>/, '');
    const r = await parseReport(Buffer.from(page), { contentType: 'text/html' });
    expect(r.ok && r.report).toEqual(withMeta(model, { published: DATE }));
  });

  it('HTML: label and value in the two cells of each row, the title only in the block', async () => {
    const rows = [
      ['标　　题', T],
      ['发布机构', PUBLISHER],
      ['发布日期', DATE],
      ['索 引 号', '000014349/2023-00012'],
    ];
    const table = `<table>${rows.map(([a, b]) => `<tr><td>${a}</td><td>${b}</td></tr>`).join('')}</table>`;
    const body = toHtml(layout(model).slice(2), '')
      .replace(/<h1>.*?<\/h1><div class="info">.*?<\/div>/, table)
      .replace(/<div class="crumb">.*?<\/div>/, '<div class="crumb">您现在的位置：首页 &gt; 政务公开</div>');
    const r = await parseReport(Buffer.from(body), { contentType: 'text/html' });
    expect(r.ok && r.report).toEqual(expected);
  });
});

const BODY = `一、总体情况
2022年，本机关认真贯彻落实《条例》，推进政务公开工作。
二、主动公开政府信息情况
全年主动公开政府信息120条。
三、收到和处理政府信息公开申请情况
本年度未收到政府信息公开申请。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议、行政诉讼。
五、存在的主要问题及改进情况
公开的及时性有待提高。
六、其他需要报告的事项
无。
`;

describe('titles as real pages print them, under breadcrumbs and a block without 标题', () => {
  const TITLES: [title: string, agency: string, year: number][] = [
    ['福州市生态环境局2022年度政府信息公开工作年度报告', '福州市生态环境局', 2022],
    ['长乐区人民政府2021年政府信息公开工作年度报告', '长乐区人民政府', 2021],
    ['关于闽侯县2020年政府信息公开工作年度报告', '闽侯县', 2020],
    ['鼓楼街道办事处二〇二二年政府信息公开工作年度报告', '鼓楼街道办事处', 2022],
    ['鼓楼街道办事处二〇二二年度政府信息公开工作年度报告', '鼓楼街道办事处', 2022],
    ['2022年福州市生态环境局政府信息公开工作年度报告', '福州市生态环境局', 2022],
    ['福州市生态环境局２０２２年政府信息公开工作年度报告', '福州市生态环境局', 2022],
    ['福州市 生态环境局 2022 年 政府信息公开工作 年度报告', '福州市生态环境局', 2022],
    ['《福州市生态环境局2022年政府信息公开工作年度报告》', '福州市生态环境局', 2022],
    ['福州市生态环境局政府信息公开工作年度报告（2022年度）', '福州市生态环境局', 2022],
  ];
  const head = [
    '首页 > 政务公开 > 政府信息公开年报',
    '索引号：FZ00101-0200-2023-00004  主题分类：年度报告',
    '发布机构：福州市人民政府办公厅  发布日期：2023-01-20',
  ];

  it.each(TITLES)('%s', async (title, agency, year) => {
    const r = await parseReport(Buffer.from(`${head.join('\n')}\n${title}\n字号：大 中 小\n${BODY}`), { filename: 'report.txt' });
    expect(r.ok && { agency: r.report.agency, year: r.report.year, preamble: r.report.preamble }).toEqual({ agency, year, preamble: '' });
    expect(r.ok && r.report.meta).toMatchObject({ published: '2023-01-20', publisher: '福州市人民政府办公厅' });
  });

  it.each(TITLES.filter(([t]) => /^[^《关\d]+?(?:局|政府|事处)/.test(t)))('over two lines: %s', async (title, agency, year) => {
    const at = title.replace(/\s/g, '').indexOf(agency) + agency.length;
    const two = `${title.replace(/\s/g, '').slice(0, at)}\n${title.replace(/\s/g, '').slice(at)}`;
    const r = await parseReport(Buffer.from(`${head.join('\n')}\n${two}\n${BODY}`), { filename: 'report.txt' });
    expect(r.ok && { agency: r.report.agency, year: r.report.year, title: r.report.title }).toEqual({
      agency,
      year,
      title: title.replace(/\s/g, '').replace(/[《》]/g, ''),
    });
  });

  it('the block’s 标题 without the agency, then the article’s heading with it: the heading names the agency', async () => {
    const head = '发布机构：福州市人民政府办公厅\n标题：2022年政府信息公开工作年度报告\n福州市生态环境局\n2022年政府信息公开工作年度报告\n';
    const r = await parseReport(Buffer.from(`${head}${BODY}`));
    expect(r.ok && { agency: r.report.agency, title: r.report.title, preamble: r.report.preamble }).toEqual({
      agency: '福州市生态环境局',
      title: '福州市生态环境局2022年政府信息公开工作年度报告',
      preamble: '',
    });
    expect(r.ok && namingCodes(r.messages)).toEqual([]);
  });

  it('the block’s 标题 wrapped over two lines is one title', async () => {
    const head = '索引号：FZ00101-0200-2023-00004\n标题：福州市生态环境局2022年政府信息\n公开工作年度报告\n发布日期：2023-01-20\n';
    const r = await parseReport(Buffer.from(`${head}${BODY}`));
    expect(r.ok && { agency: r.report.agency, year: r.report.year, title: r.report.title, preamble: r.report.preamble }).toEqual({
      agency: '福州市生态环境局',
      year: 2022,
      title: '福州市生态环境局2022年政府信息公开工作年度报告',
      preamble: '',
    });
  });

  it('widgets between the title and the text are no preamble', async () => {
    const widgets = ['发布时间：2023-01-20 09:30  来源：福州市生态环境局', '分享到：', '微信', '微博', 'QQ空间', '【大】【中】【小】', '打印', '关闭'];
    const preamble = '本报告根据《中华人民共和国政府信息公开条例》编制。';
    const r = await parseReport(Buffer.from(`福州市生态环境局2022年政府信息公开工作年度报告\n${widgets.join('\n')}\n${preamble}\n${BODY}`));
    expect(r.ok && r.report.preamble).toBe(preamble);
    expect(r.ok && r.report.meta).toMatchObject({ published: '2023-01-20', publisher: '福州市生态环境局' });
  });

  it('a print header with the title in it is not the title', async () => {
    const r = await parseReport(
      Buffer.from(`2023/3/1 10:21  2022年政府信息公开工作年度报告\nPage 1 - 福州市生态环境局\n福州市生态环境局\n2022年政府信息公开工作年度报告\n${BODY}`),
    );
    expect(r.ok && { agency: r.report.agency, year: r.report.year }).toEqual({ agency: '福州市生态环境局', year: 2022 });
  });
});

describe('a pre-2019 report whose title names no agency', () => {
  const AGENCY17 = '某某县人民政府办公室';
  const TITLE17 = '2017年政府信息公开工作年度报告';
  const pre: Report = {
    schemaVersion: 1,
    agency: AGENCY17,
    year: 2017,
    format: 'pre2019',
    meta: { ...EMPTY_META, period: { from: '2017-01-01', to: '2017-12-31' } },
    title: TITLE17,
    preamble: '本报告统计期限为2017年1月1日至2017年12月31日。',
    sections: {
      overview: '2017年，县政府办公室认真贯彻《条例》，完善工作机制。',
      activeDisclosure: '全年主动公开政府信息1520条。',
      applications: '全年受理政府信息公开申请12件，均按期答复。',
      reviewLitigation: '本年度未发生因政府信息公开引起的行政复议、行政诉讼。',
      problems: '公开的及时性还需提高。',
      other: '无。',
    },
    tables: null,
  };
  const article = (report: Report) => layout(report, { titleOnOneLine: true }).map((i) => (i.type === 'p' ? i.text : ''));

  it('takes the agency from the line above', async () => {
    const r = await parseReport(Buffer.from(`${CRUMBS.join('\n')}\n${AGENCY17}\n${article(pre).join('\n')}\n`));
    // The two lines are one title, as printed.
    expect(r.ok && r.report).toEqual({ ...pre, title: `${AGENCY17}${TITLE17}` });
    expect(r.ok && namingCodes(r.messages)).toEqual([]);
  });

  it('takes it from the block’s 发布机构 when the line above is a menu item', async () => {
    const text = `首页 > 政务公开\n发布机构：${AGENCY17}\n发布日期：2018-03-22\n政策解读\n${article(pre).join('\n')}\n`;
    const r = await parseReport(Buffer.from(text));
    expect(r.ok && r.report).toEqual(withMeta(pre, { published: '2018-03-22', publisher: AGENCY17 }));
    expect(r.ok && namingCodes(r.messages)).toEqual(['AGENCY_NOT_IN_TITLE']);
  });

  it('takes it from the signature, under which a printout left its URL and page number', async () => {
    const signed = { ...pre, sections: { ...pre.sections, other: `无。\n${AGENCY17}\n2018年3月20日` } };
    const text = `${CRUMBS.join('\n')}\n${article(signed).join('\n')}\nhttp://www.example.gov.cn/art/2018/3/20/art_1_2.html 3/3\n第 3 页 共 3 页\n打印本页 关闭窗口\n`;
    const r = await parseReport(Buffer.from(text));
    expect(r.ok && r.report).toEqual(withMeta(signed, { signed: '2018-03-20', signedBy: AGENCY17 }));
    expect(r.ok && namingCodes(r.messages)).toEqual(['AGENCY_NOT_IN_TITLE']);
  });

  it('takes it from the signature above the site’s footer', async () => {
    const signed = { ...pre, sections: { ...pre.sections, other: `无。\n${AGENCY17}\n2018年3月20日` } };
    const footer = ['主办：某某县人民政府办公室  承办：某某县大数据中心', '技术支持：某某信息技术有限公司', '网站标识码：3501000001'];
    const r = await parseReport(Buffer.from(`${article(signed).join('\n')}\n${footer.join('\n')}\n`));
    expect(r.ok && r.report).toEqual(withMeta(signed, { signed: '2018-03-20', signedBy: AGENCY17 }));
  });

  it('the signature comes before the page’s <meta name="ContentSource">', async () => {
    const signed = { ...pre, sections: { ...pre.sections, other: `无。\n${AGENCY17}\n2018年3月20日` } };
    const html = `<html><head><meta charset="utf-8"><meta name="ContentSource" content="某某市人民政府办公室"></head><body>${article(signed)
      .map((l) => `<p>${l}</p>`)
      .join('')}</body></html>`;
    const r = await parseReport(Buffer.from(html), { contentType: 'text/html' });
    expect(r.ok && r.report).toEqual(withMeta(signed, { signed: '2018-03-20', signedBy: AGENCY17, publisher: '某某市人民政府办公室' }));
  });

  it('takes it from a 发布机构 that names a place', async () => {
    const r = await parseReport(Buffer.from(`发布机构：闽侯县\n发布日期：2018-03-22\n${article(pre).join('\n')}\n`));
    expect(r.ok && r.report).toEqual(withMeta({ ...pre, agency: '闽侯县' }, { published: '2018-03-22', publisher: '闽侯县' }));
  });

  it('the block’s 发布机构 comes before the signature', async () => {
    const signed = { ...pre, sections: { ...pre.sections, other: '无。\n某某县财政局\n2018年3月20日' } };
    const r = await parseReport(Buffer.from(`发布机构：${AGENCY17}\n${article(signed).join('\n')}\n`));
    expect(r.ok && r.report.agency).toBe(AGENCY17);
    expect(r.ok && r.report.meta).toMatchObject({ publisher: AGENCY17, signedBy: '某某县财政局' });
  });
});

describe('seven years of a county’s pages, copied whole from its CMS', () => {
  const COUNTY = '闽侯县';
  const OFFICE = '闽侯县人民政府办公室';
  const page = (report: Report, body: string) => {
    const y = (report.year ?? 0) + 1;
    const head = [
      '闽侯县人民政府',
      '无障碍',
      '首页',
      '政务公开',
      '政府信息公开年报',
      '您当前的位置：首页 > 政务公开 > 政府信息公开年报',
      '索 引 号：',
      `FZ00116-0200-${y}-00004`,
      '所属机构：',
      OFFICE,
      '所属主题：',
      '综合政务/政务公开',
      '发文日期：',
      `${y}-01-17`,
      '标　　题：',
      report.title,
      '文　　号：',
      '主 题 词：',
      report.title,
      `发布时间：${y}-01-18 10:26`,
      `来源：${OFFICE}`,
      '字号：大 中 小',
    ];
    const foot = ['相关附件', '[打印本页] [关闭窗口]', `主办：${OFFICE}`];
    return `${head.join('\n')}\n${body}${foot.join('\n')}\n`;
  };
  const signature = (year: number) => `${OFFICE}\n${year + 1}年1月16日`;
  const meta = (year: number): Report['meta'] => ({
    ...EMPTY_META,
    published: `${year + 1}-01-18`,
    publisher: OFFICE,
    signed: `${year + 1}-01-16`,
    signedBy: OFFICE,
  });

  it.each([2016, 2017, 2018])('%i, before the national tables', async (year) => {
    const report: Report = {
      schemaVersion: 1,
      agency: COUNTY,
      year,
      format: 'pre2019',
      meta: meta(year),
      title: `${COUNTY}${year}年政府信息公开工作年度报告`,
      preamble: '本报告根据《中华人民共和国政府信息公开条例》编制。',
      sections: {
        overview: `${year}年，县政府办公室认真贯彻《条例》，完善工作机制。`,
        activeDisclosure: '全年主动公开政府信息1520条。',
        applications: '全年受理政府信息公开申请12件，均按期答复。',
        reviewLitigation: '本年度未发生因政府信息公开引起的行政复议、行政诉讼。',
        problems: '公开的及时性还需提高。',
        other: `无。\n${signature(year)}`,
      },
      tables: null,
    };
    const body = toText(layout(report).slice(2), 'cellPerLine');
    const r = await parseReport(Buffer.from(page(report, body)));
    expect(r.ok && r.report).toEqual(report);
    expect(r.ok && namingCodes(r.messages)).toEqual([]);
  });

  it.each([2019, 2020, 2021, 2022])('%i, with the national tables', async (year) => {
    const format = year >= 2021 ? '2021' : '2019';
    const built = buildReport(format, year, COUNTY, distinctNumbers(format), { other: `本年度未收取信息处理费。\n${signature(year)}` });
    const report = { ...built, meta: meta(year) };
    const body = toText(layout(report).slice(2), 'cellPerLine');
    const r = await parseReport(Buffer.from(page(report, body)));
    expect(r.ok && r.report).toEqual(report);
    expect(r.ok && namingCodes(r.messages)).toEqual([]);
  });

  it('the title and the fields on one line; a signature dated with a digit 0 for 〇', async () => {
    const built = buildReport('2021', 2022, COUNTY, distinctNumbers('2021'), { other: `本年度未收取信息处理费。\n${OFFICE}\n二0二三年一月十六日` });
    const text = `${built.title}  发布时间：2023-01-18 10:26  来源：${OFFICE}\n${toText(layout(built).slice(2), 'tabRows')}`;
    const r = await parseReport(Buffer.from(text));
    expect(r.ok && r.report).toEqual({ ...built, meta: meta(2022) });
  });
});
