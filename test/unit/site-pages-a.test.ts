import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/findings';
import type { Report, Tables2021 } from '../../shared/model/report';
import { applicationRow } from '../../shared/model/table-access';
import { explainRule } from '../../shared/site/plain-findings';
import { compareYear, describeChange, renderReportPage } from '../../shared/site/report-page';
import { renderAgency } from '../../shared/site/agency-page';
import { renderBrowse } from '../../shared/site/browse-page';
import { renderCompare } from '../../shared/site/compare-page';
import { renderHome } from '../../shared/site/home-page';
import type { AgencyView, BrowseView, CompareSide, CompareView, HomeView, KeyFigures, ReportPageView, VersionInfo } from '../../shared/archive/view-models';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { checkSitePage, elements, summary } from '../support/site-pages';
import { PAYLOADS } from '../support/xss-payloads';
import { defined } from '../support/defined';

const version = (n: number, over: Partial<VersionInfo> = {}): VersionInfo => ({
  version: n,
  createdAt: `2023-0${n}-10T00:00:00.000Z`,
  sha256: 'ab'.repeat(32),
  format: '2021',
  errors: 0,
  warnings: 0,
  checked: true,
  changedCells: [],
  ...over,
});

function reportView(over: Partial<ReportPageView> = {}): ReportPageView {
  const report = buildReport('2021', 2022, '北京市密云区科学技术委员会', distinctNumbers('2021'));
  return {
    summary: summary({ version: 2 }),
    latestVersion: 2,
    versions: [version(1), version(2, { changedCells: [{ table: 'applications', row: 'newReceived', column: 'naturalPerson', from: 3, to: 4 }], errors: 1 })],
    years: [2021, 2022, 2023],
    report,
    findings: [],
    messages: [],
    ...over,
  };
}

const thirtyFindings: Finding[] = Array.from({ length: 30 }, (_, i) => ({
  rule: i % 2 ? 'T3_ROW_TOTAL' : 'T3_BALANCE',
  severity: i % 3 ? 'error' : 'warning',
  table: 'applications',
  row: 'granted',
  column: 'naturalPerson',
  message: `表三 自然人 列：第一项+第二项=${i}，第三项+第四项=${i + 1}（本年新收与上年结转之和，应等于办理结果总计与结转下年之和）`,
}));

describe('the report page', () => {
  it('keeps the rules of every page, under 100 KB with 30 findings', () => {
    const html = renderReportPage(reportView({ findings: thirtyFindings }));
    const page = checkSitePage(html);
    expect(page.text).toContain('20 个错误，10 个提醒');
    expect(page.text).toContain(explainRule('T3_BALANCE'));
  });

  it('links the original, the JSON, the neighbouring years, the comparison and the downloads', () => {
    const { hrefs } = checkSitePage(renderReportPage(reportView()));
    expect(hrefs).toContain('/v1/reports/a1/2022/original?version=2');
    expect(hrefs).toContain('/v1/reports/a1/2022?version=2');
    expect(hrefs).toContain('/reports/a1/2021');
    expect(hrefs).toContain('/reports/a1/2023');
    expect(hrefs).toContain('/reports/a1/2022/compare?with=2021');
    expect(hrefs).toContain('/data/2022.csv');
    expect(hrefs).toContain('/agencies/a1');
    expect(hrefs).toContain('/reports/a1/2022?version=1');
  });

  it('has no neighbour links for years the agency has no report for', () => {
    const { hrefs } = checkSitePage(renderReportPage(reportView({ years: [2019, 2022] })));
    expect(hrefs).not.toContain('/reports/a1/2021');
    expect(hrefs).not.toContain('/reports/a1/2023');
    expect(hrefs).toContain('/reports/a1/2022/compare?with=2019');
  });

  it('compares with the year before, else the nearest other year, else none', () => {
    expect(compareYear(2022, [2020, 2021, 2022, 2023])).toBe(2021);
    expect(compareYear(2022, [2019, 2022, 2023])).toBe(2023);
    expect(compareYear(2022, [2018, 2022])).toBe(2018);
    expect(compareYear(2022, [2022])).toBeUndefined();
  });

  it('shows the superseded notice only on an older version', () => {
    const old = elements(renderReportPage(reportView({ summary: summary({ version: 1 }), latestVersion: 3 })));
    const notes = old.filter((el) => el.attrs.role === 'note');
    expect(notes).toHaveLength(1);
    expect(defined(notes[0]).text).toContain('此版本已被更正：最新为第 3 版');
    expect(old.some((el) => el.name === 'a' && el.attrs.href === '/reports/a1/2022')).toBe(true);
    const latest = elements(renderReportPage(reportView()));
    expect(latest.filter((el) => el.attrs.role === 'note')).toHaveLength(0);
  });

  it('says 第 N 版 / 共 M 版 and lists what each version changed in the printed labels', () => {
    const { text } = checkSitePage(renderReportPage(reportView()));
    expect(text).toContain('第 2 版 / 共 2 版');
    expect(text).toContain('表三 “一、本年新收政府信息公开申请数量” 自然人：3 → 4');
  });

  it('describes a cleared cell as blank, never as 0', () => {
    expect(describeChange('2021', { table: 'reviewLitigation', row: 'review', column: 'total', from: 2, to: null })).toBe('表四 行政复议 总计：2 → 空白');
  });

  it('shows the report text and its tables once, under the page h1', () => {
    const html = renderReportPage(reportView());
    checkSitePage(html);
    expect(html.match(/id="t-applications"/g)).toHaveLength(1);
    expect(html).toContain('role="region" aria-label="表三 收到和处理政府信息公开申请情况" tabindex="0"');
  });

  it('points every marked cell at a finding that is on the page', () => {
    const v = reportView({ findings: thirtyFindings });
    const els = elements(renderReportPage(v));
    const ids = new Set(els.map((el) => el.attrs.id).filter(Boolean));
    const refs = els.flatMap((el) => (el.attrs['aria-describedby'] ?? '').split(' ').filter(Boolean));
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(ids.has(r), r).toBe(true);
  });

  it('shows a report without tables (before 2019) with its text and no table', () => {
    const report = { ...buildReport('2021', 2017, '某局', distinctNumbers('2021')), format: 'pre2019', tables: undefined } as unknown as Report;
    const html = renderReportPage(
      reportView({ report, summary: summary({ year: 2017, format: 'pre2019', checked: false }), versions: [version(1)], latestVersion: 1 }),
    );
    const { text } = checkSitePage(html);
    expect(text).toContain('2019 年以前格式');
    expect(text).toContain('未能校验');
    expect(html).not.toContain('<table');
  });

  it.each(PAYLOADS)('escapes %s in names, titles, text, cells, versions and findings', (p) => {
    const v = reportView();
    v.summary = summary({ agencyName: `北京市${p}局`, title: `${p}年度报告`, agency: p, published: p, version: 1 });
    v.report.sections.overview = p;
    applicationRow(v.report.tables as never, 'granted').naturalPerson = { value: null, raw: p };
    v.versions = [version(1, { sha256: p }), version(2, { changedCells: [{ table: p, row: p, column: p, from: p, to: p }] })];
    v.findings = [{ rule: 'TEXT_TABLE', severity: 'error', message: p }];
    v.messages = [{ level: 'warning', code: 'X', message: p }];
    const page = checkSitePage(renderReportPage(v));
    expect(page.text.split(p).length - 1).toBeGreaterThanOrEqual(6);
    // the agency id only ever appears encoded in a path
    for (const h of page.hrefs) expect(h).not.toMatch(/[<>" ]/);
  });
});

describe('the home page', () => {
  const home = (): HomeView => ({
    years: [
      { year: 2023, reports: 12, withErrors: 3, unchecked: 0 },
      { year: 2022, reports: 7, withErrors: 0, unchecked: 2 },
    ],
    latest: [summary({ year: 2023 })],
    corrections: [summary({ agency: 'b2', agencyName: '广州市天河区人民政府', version: 3 })],
    withErrors: [summary({ agency: 'c3', agencyName: '某某街道办事处', errors: 4 })],
  });

  it('counts by year, each count a link to those reports, zeros not linked', () => {
    const html = renderHome(home());
    const { hrefs } = checkSitePage(html);
    expect(hrefs).toContain('/reports?year=2023');
    expect(hrefs).toContain('/reports?year=2023&has=errors');
    expect(hrefs).toContain('/reports?year=2022&has=unchecked');
    expect(hrefs).not.toContain('/reports?year=2023&has=unchecked');
    expect(hrefs).not.toContain('/reports?year=2022&has=errors');
    const cells = elements(html)
      .filter((el) => el.name === 'th' && el.attrs.scope === 'col')
      .map((el) => el.text);
    expect(cells).toEqual(['年度', '报告数', '有错误', '未能校验']);
  });

  it('lists the latest reports, the corrections by version and the reports with errors', () => {
    const { text, hrefs } = checkSitePage(renderHome(home()));
    expect(hrefs).toContain('/reports/a1/2023');
    expect(hrefs).toContain('/reports/b2/2022');
    expect(text).toContain('第 3 版');
    expect(text).toContain('4 个错误');
    expect(hrefs).toContain('/reports');
    expect(hrefs).toContain('/stats');
  });

  it('has a friendly empty state with no link to reports that do not exist', () => {
    const { text, hrefs } = checkSitePage(renderHome({ years: [], latest: [], corrections: [], withErrors: [] }));
    expect(text).toContain('还没有报告');
    expect(hrefs.filter((h) => h.startsWith('/reports?') || h.startsWith('/reports/'))).toEqual([]);
  });

  it.each(PAYLOADS)('escapes %s in agency names and ids', (p) => {
    const v = home();
    v.latest = [summary({ agencyName: p, agency: p, title: p })];
    const page = checkSitePage(renderHome(v));
    expect(page.text).toContain(p);
  });
});

describe('the browse page', () => {
  const browse = (over: Partial<BrowseView> = {}): BrowseView => ({
    query: { year: 2023, region: '440100', level: '市级' },
    years: [2023, 2022],
    levels: ['省级', '市级', '区县'],
    region: {
      code: '440100',
      name: '广州市',
      path: [
        { code: '440000', name: '广东省' },
        { code: '440100', name: '广州市' },
      ],
    },
    regions: [
      { code: '440106', name: '天河区', reports: 5 },
      { code: '440104', name: '越秀区', reports: 2 },
    ],
    items: [
      summary({ agency: 'g1', agencyName: '广州市人民政府', year: 2023, errors: 2 }),
      summary({ agency: 'g2', agencyName: '广州市教育局', checked: false }),
    ],
    nextPage: 'abc+/=',
    partial: false,
    ...over,
  });

  it('keeps the filters in the form, each control labelled, sent by GET to /reports', () => {
    const html = renderBrowse(browse());
    checkSitePage(html);
    const els = elements(html);
    const form = defined(els.find((el) => el.name === 'form'));
    expect(form.attrs).toMatchObject({ method: 'get', action: '/reports' });
    const controls = els.filter((el) => el.name === 'select' || el.name === 'input');
    expect(controls.map((c) => c.attrs.name)).toEqual(['year', 'region', 'q', 'level', 'has']);
    const labelled = new Set(els.filter((el) => el.name === 'label').map((el) => el.attrs.for));
    for (const c of controls) expect(labelled.has(c.attrs.id)).toBe(true);
    const selected = els.filter((el) => el.name === 'option' && 'selected' in el.attrs).map((el) => el.attrs.value);
    expect(selected).toEqual(['2023', '440100', '市级', '']);
  });

  it('shows the breadcrumb and the regions one level down, keeping the other filters', () => {
    const html = renderBrowse(browse());
    const { hrefs, text } = checkSitePage(html);
    expect(text).toMatch(/全国.*广东省.*广州市/);
    expect(hrefs).toContain('/reports?year=2023&level=%E5%B8%82%E7%BA%A7');
    expect(hrefs).toContain('/reports?year=2023&region=440000&level=%E5%B8%82%E7%BA%A7');
    expect(hrefs).toContain('/reports?year=2023&region=440106&level=%E5%B8%82%E7%BA%A7');
    expect(text).toContain('天河区（5 份）');
  });

  it('links agency and report, and says the status in words', () => {
    const { hrefs, text } = checkSitePage(renderBrowse(browse()));
    expect(hrefs).toContain('/agencies/g1');
    expect(hrefs).toContain('/reports/g1/2023');
    expect(text).toContain('2 个错误');
    expect(text).toContain('未能校验');
  });

  it('offers 下一页 with the page value encoded, and 继续查找 when the search was partial', () => {
    const next = checkSitePage(renderBrowse(browse()));
    expect(next.hrefs).toContain('/reports?year=2023&region=440100&level=%E5%B8%82%E7%BA%A7&page=abc%2B%2F%3D');
    expect(next.text).toContain('下一页');
    const partial = checkSitePage(renderBrowse(browse({ partial: true, items: [] })));
    expect(partial.text).toContain('继续查找');
    expect(partial.text).toContain('一部分');
    const last = checkSitePage(renderBrowse(browse({ nextPage: null })));
    expect(last.hrefs.filter((h) => h.includes('page='))).toEqual([]);
  });

  it('works for the whole country with no filters and no results', () => {
    const { text } = checkSitePage(
      renderBrowse(browse({ query: {}, region: undefined, regions: [{ code: '440000', name: '广东省', reports: 1 }], items: [], nextPage: null })),
    );
    expect(text).toContain('没有找到');
    expect(text).toContain('广东省（1 份）');
  });

  it.each(PAYLOADS)('escapes %s in queries, names and titles', (p) => {
    const v = browse({ query: { q: p, level: p, region: p, page: p }, levels: [p], regions: [{ code: p, name: p, reports: 1 }], nextPage: p });
    v.region = { code: p, name: p, path: [{ code: p, name: p }] };
    v.items = [summary({ agency: p, agencyName: p, title: p })];
    const page = checkSitePage(renderBrowse(v));
    expect(page.text).toContain(p);
    for (const h of page.hrefs) expect(h).not.toMatch(/[<>" ]/);
  });
});

describe('the agency page', () => {
  const figures = (n: number | null): KeyFigures => ({
    newReceived: n,
    carriedOver: 1,
    granted: 2,
    totalHandled: 3,
    carriedForward: 0,
    reviews: null,
    lawsuits: 0,
  });
  const agencyView = (): AgencyView => ({
    agency: { id: 'a1', name: '北京市密云区科学技术委员会', region: '110118', level: '区县', aliases: ['密云区科委', '密云科委'] },
    years: [
      { ...summary({ year: 2018, format: 'pre2019', checked: false }), figures: null },
      { ...summary({ year: 2021 }), figures: figures(17) },
      { ...summary({ year: 2022, version: 2, errors: 1 }), figures: figures(null) },
    ],
  });

  it('names the agency, its region from the dataset, its level and aliases', () => {
    const { text } = checkSitePage(renderAgency(agencyView()));
    expect(text).toContain('北京市密云区');
    expect(text).toContain('区县');
    expect(text).toContain('密云区科委、密云科委');
  });

  it('says which deadline the agency’s kind holds it to', () => {
    const v = agencyView();
    expect(checkSitePage(renderAgency({ ...v, agency: { ...v.agency, kind: 'government' } })).text).toContain('每年 3 月 31 日前');
    expect(checkSitePage(renderAgency({ ...v, agency: { ...v.agency, kind: 'department' } })).text).toContain('每年 1 月 31 日前');
    expect(checkSitePage(renderAgency({ ...v, agency: { ...v.agency, kind: 'township' } })).text).toContain('乡镇、街道');
  });

  it('shows the key figures with a blank or unread figure as a dash in words, never 0', () => {
    const html = renderAgency(agencyView());
    checkSitePage(html);
    const rows = elements(html).filter((el) => el.name === 'tr' && el.text.includes('年度报告'));
    const row2022 = defined(rows.find((r) => r.text.includes('2022')));
    // 新收 null, 复议 null: two dashes; the zeros are 结转下年 and 诉讼
    expect(row2022.text.match(/空白或未读出/g)).toHaveLength(2);
    const row2021 = defined(rows.find((r) => r.text.includes('2021')));
    expect(row2021.text).toContain('17');
    expect(row2021.text.match(/空白或未读出/g)).toHaveLength(1);
    expect(defined(rows.find((r) => r.text.includes('2018'))).text).toContain('没有统一格式的统计表');
  });

  it('links each report and each comparison with the year before it', () => {
    const { hrefs, text } = checkSitePage(renderAgency(agencyView()));
    expect(hrefs).toContain('/reports/a1/2018');
    expect(hrefs).toContain('/reports/a1/2021/compare?with=2018');
    expect(hrefs).toContain('/reports/a1/2022/compare?with=2021');
    expect(text).toContain('第 2 版');
    expect(text).toContain('1 个错误');
  });

  it('draws new requests by year as an SVG with a title, a gap for the unread year, and the numbers as a table', () => {
    const html = renderAgency(agencyView());
    const els = elements(html);
    const svg = defined(els.find((el) => el.name === 'svg'));
    expect(svg.attrs.role).toBe('img');
    expect(svg.attrs['aria-labelledby']).toBeTruthy();
    expect(els.some((el) => el.name === 'title' && el.text.includes('新收'))).toBe(true);
    expect(els.filter((el) => el.name === 'circle')).toHaveLength(1);
  });

  it('has no chart and a plain sentence when there is nothing to draw', () => {
    const html = renderAgency({ agency: { id: 'x', name: '某局', aliases: [] }, years: [] });
    const { text } = checkSitePage(html);
    expect(html).not.toContain('<svg');
    expect(text).toContain('还没有这个机关的报告');
    expect(text).toContain('全国');
  });

  it.each(PAYLOADS)('escapes %s in the name, aliases, level and id', (p) => {
    const v = agencyView();
    v.agency = { id: p, name: p, aliases: [p], level: p, region: p };
    const page = checkSitePage(renderAgency(v));
    expect(page.text.split(p).length - 1).toBeGreaterThanOrEqual(3);
    for (const h of page.hrefs) expect(h).not.toMatch(/[<>" ]/);
  });
});

describe('the compare page', () => {
  const side = (report: Report, year: number): CompareSide => ({ summary: summary({ year, format: report.format }), report, findings: [] });
  const text = { overview: '本机关认真贯彻落实条例要求，推进政务公开工作，主动公开各类信息。', activeDisclosure: '' };

  /** A 2022 report and a 2023 copy with three cells changed by hand, one unread on the right and one unread on both. */
  function pair(): CompareView {
    const left = buildReport('2021', 2022, '某局', distinctNumbers('2021'), { ...text, problems: '培训不足。' });
    const right = structuredClone(left);
    right.year = 2023;
    right.sections.problems = '';
    const lt = left.tables as Tables2021;
    const rt = right.tables as Tables2021;
    rt.applications.granted.naturalPerson = { value: defined(lt.applications.granted.naturalPerson.value) + 3 }; // +3
    rt.reviewLitigation.review.total = { value: defined(lt.reviewLitigation.review.total.value) - 2 }; // −2
    lt.activeDisclosure.regulations.issued = { value: null, raw: '/' }; // blank → number: 新增
    rt.applications.denied.stateSecret.commercial = { value: null }; // unread on the right only
    lt.applications.carriedOver.total = { value: null };
    rt.applications.carriedOver.total = { value: null }; // unread on both sides
    return { left: side(left, 2022), right: side(right, 2023), years: [2021, 2022, 2023] };
  }

  it('marks exactly the three cells that changed, with their deltas', () => {
    const html = renderCompare(pair());
    checkSitePage(html);
    const changed = elements(html).filter((el) => el.attrs['data-changed'] === 'true');
    expect(changed.map((c) => c.text).sort()).toEqual(['+3', '−2', '新增'].sort());
  });

  it('never treats an unread cell as 0: it says 未读出 and computes no change', () => {
    const v = pair();
    const els = elements(renderCompare(v));
    const tds = (rowText: (t: string) => boolean) => {
      const at = els.findIndex((el) => el.name === 'tr' && rowText(el.text));
      return els
        .slice(at + 1)
        .filter((el) => el.name === 'td')
        .slice(0, 3)
        .map((el) => el.text);
    };
    const left = (v.left.report.tables as Tables2021).applications.denied.stateSecret.commercial.value;
    expect(tds((t) => t.includes('商业企业') && t.includes('未读出'))).toEqual([String(left), '未读出', '未读出，无法比较']);
    const both = els.filter((el) => el.name === 'tr' && el.text.includes('未读出，无法比较'));
    expect(both).toHaveLength(2);
    expect(both.some((r) => defined(r.text.match(/未读出/g)).length === 3)).toBe(true);
  });

  it('shows how much of each narrative section is the same wording', () => {
    const { text: t } = checkSitePage(renderCompare(pair()));
    expect(t).toContain('一、总体情况：两年文字重合约 100%');
    expect(t).toContain('二、主动公开政府信息情况：两年都没有这部分文字');
    expect(t).toContain('五、存在的主要问题及改进情况：2023 年度没有这部分文字');
  });

  it('lines up a 2019-format year with a 2021-format year by canonical key', () => {
    const left = buildReport('2019', 2020, '某局', distinctNumbers('2019'));
    const right = buildReport('2021', 2021, '某局', distinctNumbers('2021'));
    const html = renderCompare({ left: side(left, 2020), right: side(right, 2021), years: [2020, 2021] });
    const { text: t } = checkSitePage(html);
    // 表二: 2021 has 10 cells, 2019 has 22, 3 shared (decisions of 许可, 处罚, 强制) → 7 + 19;
    // 表三: 其他处理 is one row in 2019 and three in 2021 → 7 + 21; 表四 is the same in both.
    const onlyOne = elements(html).filter((el) => el.name === 'td' && el.text === '仅一方有此项');
    expect(onlyOne).toHaveLength(26 + 28);
    expect(t).toContain('格式不同');
    expect(onlyOne.every((el) => el.attrs['data-changed'] === undefined)).toBe(true);
  });

  it('says the tables cannot be compared when one year has none', () => {
    const right = buildReport('2021', 2021, '某局', distinctNumbers('2021'));
    const left = { ...buildReport('2021', 2018, '某局', distinctNumbers('2021')), format: 'pre2019', tables: undefined } as unknown as Report;
    const html = renderCompare({ left: side(left, 2018), right: side(right, 2021), years: [2018, 2021] });
    const { text: t } = checkSitePage(html);
    expect(t).toContain('2018 年度的报告没有统一格式的统计表');
    expect(elements(html).filter((el) => 'data-changed' in el.attrs)).toEqual([]);
  });

  it('offers the other years to compare with', () => {
    const { hrefs } = checkSitePage(renderCompare(pair()));
    expect(hrefs).toContain('/reports/a1/2023/compare?with=2021');
    expect(hrefs).toContain('/reports/a1/2022');
    expect(hrefs).toContain('/reports/a1/2023');
  });

  it.each(PAYLOADS)('escapes %s in names and text', (p) => {
    const v = pair();
    v.right.summary = summary({ agency: p, agencyName: p, year: 2023 });
    v.left.report.sections.overview = p;
    const page = checkSitePage(renderCompare(v));
    expect(page.text).toContain(p);
    for (const h of page.hrefs) expect(h).not.toMatch(/[<>" ]/);
  });
});
