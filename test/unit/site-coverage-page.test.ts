import { describe, expect, it } from 'vitest';
import { renderCoverage } from '../../shared/site/coverage-page';
import { renderWithdrawnPage } from '../../shared/site/error-page';
import type { CoverageItem, CoverageView } from '../../shared/archive/view-models';
import { checkSitePage } from '../support/site-pages';
import { PAYLOADS } from '../support/xss-payloads';
import { defined } from '../support/defined';

const DEADLINE = { date: '2023-01-31', basis: '《政府信息公开条例》第四十九条' };

const item = (agency: string, over: Partial<CoverageItem>): CoverageItem => ({
  agency,
  name: `${agency}局`,
  region: '440106',
  status: 'on-time',
  overdue: false,
  deadline: DEADLINE,
  version: 1,
  published: { date: '2023-01-20', source: 'published' },
  daysLate: 0,
  dateKnown: true,
  ...over,
});

function view(items: CoverageItem[]): CoverageView {
  const counts = { 'on-time': 0, late: 0, 'date-unknown': 0, unchecked: 0, missing: 0 };
  for (const i of items) counts[i.status]++;
  return {
    year: 2022,
    years: [2022],
    region: { code: '440106', name: '天河区', path: [{ code: '440106', name: '天河区' }] },
    items,
    counts,
    regionNames: { '440106': '广东省广州市天河区' },
    nextPage: null,
  };
}

describe('the coverage page', () => {
  const html = renderCoverage(
    view([
      item('a', {}),
      item('b', { status: 'date-unknown', published: { date: '2026-05-01', source: 'first-upload' }, dateKnown: false }),
      item('c', { status: 'unchecked' }),
      item('d', { status: 'missing', version: null, published: null, daysLate: null, dateKnown: null, overdue: true }),
    ]),
  );
  const rows = [...html.matchAll(/<tr class="st-([a-z-]+)">(.*?)<\/tr>/g)].map((m) => [m[1], defined(m[2]).replace(/<[^>]+>/g, '|')]);

  it('tells a report of unknown date from one whose tables were not read', () => {
    checkSitePage(html);
    expect(rows.map((r) => r[0])).toEqual(['on-time', 'date-unknown', 'unchecked', 'missing']);
    expect(defined(rows[1])[1]).toContain('已公开（发布日期不详）');
    expect(defined(rows[1])[1]).toContain('不详');
    // The first upload years later is no publication date.
    expect(defined(rows[1])[1]).not.toContain('2026-05-01');
    expect(defined(rows[2])[1]).toContain('已公开，表格未能读出');
    expect(html).toContain('按期公开 1 个，逾期公开 0 个，已公开但发布日期不详 1 个，已公开但表格未能读出 1 个，未公开 1 个');
    expect(html).not.toContain('未能校验');
  });
});

describe('the page of a withdrawn version', () => {
  it('is headed 已撤回, with the date and the reason', () => {
    const page = checkSitePage(
      renderWithdrawnPage({ agency: 'a1', agencyName: '某局', year: 2022, version: 2, at: '2024-03-05T10:00:00.000Z', reason: '含有个人信息' }),
    );
    expect(page.text).toContain('已撤回');
    expect(page.text).toContain('某局 2022 年度报告的第 2 版已于 2024-03-05 撤回');
    expect(page.text).toContain('撤回原因：含有个人信息');
    expect(page.hrefs).toContain('/reports/a1/2022');
  });

  it.each(PAYLOADS)('escapes %s in the reason and the name', (p) => {
    const html = renderWithdrawnPage({ agency: 'a1', agencyName: p, year: 2022, version: 1, at: '2024-03-05T10:00:00.000Z', reason: p });
    // Shown as text: no element or attribute of it reaches the page.
    expect(checkSitePage(html).text).toContain(`撤回原因：${p}`);
  });
});
