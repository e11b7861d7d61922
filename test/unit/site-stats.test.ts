import { describe, expect, it } from 'vitest';
import { asOfTime, renderStats } from '../../shared/site/stats-page';
import type { Aggregate, StatsView } from '../../shared/archive/view-models';
import { inspectHtml } from '../support/html-inspect';
import { PAYLOADS } from '../support/xss-payloads';
import { defined } from '../support/defined';

const cells: Record<string, number> = {
  'applications.newReceived.naturalPerson': 100,
  'applications.newReceived.commercial': 20,
  // research deliberately absent: no checked report had it
  'applications.newReceived.publicInterest': 0,
  'applications.newReceived.legalService': 5,
  'applications.newReceived.otherOrg': 7,
  'applications.newReceived.total': 132,
  'applications.carriedOver.total': 8,
  'applications.granted.total': 61,
  'applications.partiallyGranted.total': 9,
  'applications.denied.stateSecret.total': 2,
  'applications.denied.thirdPartyRights.total': 3,
  'applications.denied.enforcementFiles.total': 4,
  'applications.otherHandling.unpaidFee.total': 6,
  'applications.otherHandling.total.total': 11,
  'applications.totalHandled.total': 130,
  'reviewLitigation.review.upheld': 4,
  'reviewLitigation.review.corrected': 1,
  'reviewLitigation.review.total': 5,
  'reviewLitigation.suitDirect.total': 3,
  'reviewLitigation.suitAfterReview.total': 2,
  'activeDisclosure.regulations.issued': 17,
  'activeDisclosure.fees.amountWan': 12.5,
  'activeDisclosure.fees.change': -2,
};

const agg = (patch: Partial<Aggregate> = {}): Aggregate => ({
  reports: 40,
  checked: 37,
  unchecked: 3,
  withErrors: 2,
  formats: { '2021': 38, '2019': 2 },
  cells,
  ...patch,
});

const view = (patch: Partial<StatsView> = {}): StatsView => ({
  now: Date.UTC(2026, 0, 31, 1),
  year: 2022,
  years: [2020, 2021, 2022],
  region: {
    code: '440100',
    name: '广州市',
    path: [
      { code: '440000', name: '广东省' },
      { code: '440100', name: '广州市' },
    ],
  },
  totals: agg(),
  children: [
    {
      code: '440103',
      name: '荔湾区',
      totals: agg({ reports: 10, checked: 9, unchecked: 1, cells: { 'applications.newReceived.total': 50, 'reviewLitigation.suitDirect.total': 1 } }),
    },
    { code: '440104', name: '越秀区', totals: agg({ reports: 4, checked: 0, unchecked: 4, cells: {} }) },
  ],
  ...patch,
});

/** The cells of the table row whose header text is `label`, as text. */
function rowCells(html: string, label: string, after = ''): string[] {
  const i = html.indexOf(`<th scope="row">${label}</th>`, html.indexOf(after));
  if (i < 0) throw new Error(`no row ${label}`);
  const tr = html.slice(i, html.indexOf('</tr>', i));
  return [...tr.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) =>
    defined(m[1])
      .replace(/<span aria-hidden="true">—<\/span><span class="vh">无数据<\/span>/, '—')
      .replace(/<[^>]+>/g, ''),
  );
}

describe('the statistics page', () => {
  const html = renderStats(view());

  it('says when the figures were last folded, in Beijing time', () => {
    // 2026-01-30 23:58 UTC is 07:58 on the 31st in Beijing.
    const at = Date.UTC(2026, 0, 30, 23, 58);
    expect(asOfTime(at, at + 60_000)).toBe('07:58');
    expect(asOfTime(at, Date.UTC(2026, 1, 1, 3))).toBe('1 月 31 日 07:58');
    const shown = renderStats(view({ totals: agg({ reports: 3, checked: 3, asOf: at }) }));
    expect(shown).toMatch(/统计截至 (1 月 31 日 )?07:58（北京时间）/);
    expect(html).not.toContain('统计截至');
  });

  it('has one h1, headings in order, captions on every table, scoped headers and no inline style or script', () => {
    const page = inspectHtml(html);
    expect(page.tags.filter((t) => t === 'h1')).toHaveLength(1);
    const levels = [...html.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    levels.forEach((l, i) => {
      if (i > 0) expect(l).toBeLessThanOrEqual(defined(levels[i - 1]) + 1);
    });
    expect(page.tags.filter((t) => t === 'table').length).toBe(page.tags.filter((t) => t === 'caption').length);
    expect(html).not.toMatch(/<th(?=[\s>])(?![^>]*scope=)/);
    expect(html).not.toMatch(/\sstyle=|<script|\son\w+=/);
    expect(html).toContain('<title>广州市 2022 年度统计 - 公开年报库</title>');
  });

  it('picks years keeping the region, and walks regions keeping the year', () => {
    expect(html).toContain('<a href="/stats/2022?region=440100" aria-current="page">2022 年</a>');
    expect(html).toContain('<a href="/stats/2020?region=440100">2020 年</a>');
    expect(html.indexOf('2022 年</a>')).toBeLessThan(html.indexOf('2020 年</a>'));
    expect(html).toContain(
      '<li><a href="/stats/2022">全国</a></li><li><a href="/stats/2022?region=440000">广东省</a></li><li><a href="/stats/2022?region=440100" aria-current="page">广州市</a></li>',
    );
  });

  it('the whole country needs no region parameter', () => {
    const national = renderStats(view({ region: { code: '000000', name: '全国', path: [] } }));
    expect(national).toContain('<a href="/stats/2021">2021 年</a>');
    expect(national).toContain('<a href="/stats/2022" aria-current="page">全国</a>');
    expect(national).not.toContain('region=000000');
  });

  it('says which reports the sums cover', () => {
    expect(html).toContain('合计来自 37 份表格完整读出的报告；另有 3 份未能校验，未计入。');
    expect(html).toContain('<a href="/reports?year=2022&amp;region=440100&amp;has=unchecked">3 份</a>');
    expect(html).toContain('<a href="/reports?year=2022&amp;region=440100&amp;has=errors">2 份</a>');
    expect(html).toContain('2021 版格式：38 份');
    expect(html).toContain('2019 版格式：2 份');
  });

  it('shows a key no checked report had as —, never 0', () => {
    // 表三 newReceived: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    expect(rowCells(html, '一、本年新收政府信息公开申请数量', '<caption>表三')).toEqual(['100', '20', '—', '0', '5', '7', '132']);
    expect(rowCells(html, '（三）不予公开 5.属于三类内部事务信息')).toEqual(['—', '—', '—', '—', '—', '—', '—']);
    // The chart's own table says it in words.
    expect(html).toContain('<th scope="row">法人或其他组织 · 科研机构</th><td><span class="na">无数据</span></td>');
    expect(html).toContain('<th scope="row">法人或其他组织 · 社会公益组织</th><td>0</td>');
  });

  it('groups outcomes: 不予公开 is the sum of its reasons, 其他处理 adds both formats', () => {
    expect(html).toContain('<th scope="row">（一）予以公开</th><td>61</td>');
    expect(html).toContain('<th scope="row">（三）不予公开</th><td>9</td>');
    expect(html).toContain('<th scope="row">（六）其他处理</th><td>17</td>');
    expect(html).toContain('<th scope="row">（四）无法提供</th><td><span class="na">无数据</span></td>');
  });

  it('orders 表三 by the format most reports use, and lists the other format’s own rows after', () => {
    expect(html).toContain('按2021 版格式的行');
    expect(html).toContain('只有 2019 版格式有的行（2 份报告）');
    expect(rowCells(html, '三、本年度办理结果 （六）其他处理').at(-1)).toBe('11');
    const mostly2019 = renderStats(view({ totals: agg({ formats: { '2019': 30, '2021': 3 } }) }));
    expect(mostly2019).toContain('按2019 版格式的行');
    expect(mostly2019).toContain('只有 2021 版格式有的行（3 份报告）');
    expect(mostly2019.indexOf('三、本年度办理结果 （六）其他处理')).toBeLessThan(mostly2019.indexOf('（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用'));
    // Without the other format, no extra section.
    expect(renderStats(view({ totals: agg({ formats: { '2021': 40 } }) }))).not.toContain('只有 2019 版格式有的行');
  });

  it('tabulates reviews and lawsuits', () => {
    // 结果维持, 结果纠正, 其他结果, 尚未审结, 总计
    expect(rowCells(html, '行政复议', '<caption>表四')).toEqual(['4', '1', '—', '—', '5']);
    expect(html).toContain('<th scope="row">行政诉讼 · 复议后起诉</th><td>2</td>');
  });

  it('shows active disclosure and fees, decimals kept', () => {
    expect(rowCells(html, '第二十条第（一）项 规章')[0]).toBe('本年制发件数');
    expect(rowCells(html, '第二十条第（一）项 规章')[1]).toBe('17');
    expect(rowCells(html, '第二十条第（八）项 行政事业性收费')).toEqual(['本年收费金额（单位：万元）', '12.5']);
    expect(html).toMatch(/<th scope="row">第二十条第（八）项 行政事业性收费<\/th><td>本年增\/减<\/td><td class="num">-2<\/td>/);
    expect(html).toContain('的申请合计：6 件');
  });

  it('lists the regions below with links and the region’s own total row', () => {
    expect(rowCells(html, '<a href="/stats/2022?region=440103">荔湾区</a>')).toEqual(['10', '9', '50', '—', '—', '1']);
    expect(rowCells(html, '<a href="/stats/2022?region=440104">越秀区</a>')).toEqual(['4', '0', '—', '—', '—', '—']);
    // reports, checked, new, granted, review, lawsuits (direct + after review)
    expect(html).toMatch(/<tfoot><tr><th scope="row">广州市合计<\/th>/);
    expect(rowCells(html, '广州市合计')).toEqual(['40', '37', '132', '61', '5', '5']);
  });

  it('a year without reports says so and draws nothing', () => {
    const empty = renderStats(view({ totals: agg({ reports: 0, checked: 0, unchecked: 0, withErrors: 0, formats: {}, cells: {} }), children: [] }));
    expect(empty).toContain('本年度这一地区还没有收录报告。');
    expect(empty).not.toContain('<svg');
    expect(empty).toContain('<tfoot>');
  });

  it.each(PAYLOADS)('escapes %s in region names', (p) => {
    const h = renderStats(
      view({
        region: { code: '440100', name: p, path: [{ code: '440000', name: p }] },
        children: [{ code: '440103', name: p, totals: agg() }],
      }),
    );
    const page = inspectHtml(h);
    const allowed = new Set([
      'html',
      'head',
      'meta',
      'title',
      'link',
      'style',
      'body',
      'a',
      'header',
      'nav',
      'ul',
      'ol',
      'li',
      'main',
      'h1',
      'h2',
      'span',
      'section',
      'dl',
      'div',
      'dt',
      'dd',
      'p',
      'strong',
      'figure',
      'figcaption',
      'svg',
      'desc',
      'line',
      'text',
      'rect',
      'table',
      'caption',
      'thead',
      'tbody',
      'tfoot',
      'tr',
      'th',
      'td',
      'footer',
    ]);
    expect(page.tags.filter((t) => !allowed.has(t))).toEqual([]);
    expect(page.attrs.filter(([k]) => k.startsWith('on'))).toEqual([]);
    expect(page.attrs.filter(([k, v]) => k === 'href' && !/^[/#]/.test(v) && v !== 'data:,')).toEqual([]);
    expect(page.text.split(p).length - 1).toBeGreaterThanOrEqual(4);
  });
});
