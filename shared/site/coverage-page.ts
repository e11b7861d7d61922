import type { CoverageStatus } from '../archive/types';
import { escapeHtml as e } from '../render/escape';
import { NATIONAL } from '../regions/region-codes';
import { agencyPath, href, page, regionCrumbs, reportPath, yearNav } from './layout';
import type { CoverageView } from '../archive/view-models';

export const STATUS_WORDS: Record<CoverageStatus, string> = {
  'on-time': '按期公开',
  late: '逾期公开',
  'date-unknown': '已公开（发布日期不详）',
  unchecked: '已公开，表格未能读出',
  missing: '未公开',
};

/**
 * Who under a region published the year's report, and when: one table per place, the registered
 * agencies in it with their status, publication date and deadline. Missing reports are listed as
 * plainly as published ones; that is the point of the page.
 */
export function renderCoverage(view: CoverageView): string {
  const { year, region } = view;
  const regionQuery = region.code === NATIONAL ? undefined : region.code;
  const c = view.counts;
  const summary = `<p class="plain">本页列出 ${view.items.length} 个已在本库登记的机关：按期公开 ${c['on-time']} 个，逾期公开 ${c.late} 个，已公开但发布日期不详 ${c['date-unknown']} 个，已公开但表格未能读出 ${c.unchecked} 个，未公开 ${c.missing} 个。</p>`;
  const groups = new Map<string, CoverageView['items']>();
  for (const item of view.items) {
    const key = item.region ?? '';
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const tables = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, items], i) => {
      const name = code ? (view.regionNames[code] ?? code) : '未注明地区';
      const rows = items
        .map((item) => {
          const status = STATUS_WORDS[item.status];
          const published =
            item.dateKnown === false
              ? '不详（报告未注明，首次上传本库已在期限一年之后）'
              : item.published
                ? `${e(item.published.date)}${item.published.source === 'first-upload' ? '（按首次上传）' : ''}`
                : '—';
          const late = item.daysLate ? `逾期 ${item.daysLate} 天` : item.status === 'missing' ? (item.overdue ? '已过期限' : '尚未到期') : '—';
          const agency = item.version
            ? `<a href="${href(reportPath(item.agency, year))}">${e(item.name)}</a>`
            : `<a href="${href(agencyPath(item.agency))}">${e(item.name)}</a>`;
          return `<tr class="st-${item.status}"><th scope="row">${agency}</th><td>${status}</td><td>${published}</td><td>${e(item.deadline.date)}</td><td>${late}</td></tr>`;
        })
        .join('');
      const heading = code ? `<a href="${href('/coverage', { year, region: code })}">${e(name)}</a>` : e(name);
      return `<section aria-labelledby="cov-${i}"><h2 id="cov-${i}">${heading}</h2>
<div class="scroll" role="region" aria-label="${e(name)}：各机关 ${year} 年度报告公开情况" tabindex="0"><table>
<caption>${e(name)}：各机关 ${year} 年度报告公开情况</caption>
<thead><tr><th scope="col">机关</th><th scope="col">状态</th><th scope="col">发布日期</th><th scope="col">法定期限</th><th scope="col">逾期</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
    })
    .join('\n');
  const more = view.nextPage ? `<p class="pager"><a href="${href('/coverage', { year, region: regionQuery, page: view.nextPage })}">下一页</a></p>` : '';
  const main = `<h1>${e(region.name)} ${year} 年度报告公开情况</h1>
${yearNav(view.years, year, (y) => href('/coverage', { year: y, region: regionQuery }))}
${regionCrumbs(region.path, (code) => href('/coverage', { year, region: code }))}
<p class="plain">依《政府信息公开条例》第四十九条：县级以上人民政府部门于每年 1 月 31 日前、县级以上人民政府于每年 3 月 31 日前公布上一年度的年度报告（2018 年度及以前均为 3 月 31 日前）。发布日期取报告所注的发布日期或落款日期，未注明的按首次上传本库的时间。</p>
${summary}
${tables || '<p>这一地区还没有登记的机关。</p>'}
${more}
<p class="plain">数据接口：<a href="${href('/v1/coverage', { year, region: regionQuery })}">/v1/coverage</a></p>`;
  return page({ title: `${region.name} ${year} 年度报告公开情况`, main });
}
