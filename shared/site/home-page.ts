import { escapeHtml as e } from '../render/escape';
import { agencyPath, href, page, reportPath, SITE_NAME, statusHtml } from './layout';
import type { HomeView, ReportSummary, YearCount } from '../archive/view-models';

/** The front page: what the archive holds by year, and what changed lately. */
export function renderHome(view: HomeView): string {
  const intro = `<h1>${SITE_NAME}</h1>
<p class="plain">各级行政机关每年发布的政府信息公开工作年度报告，在这里按全国统一格式读出、核对表格中的勾稽关系，并保留每一次更正。</p>`;
  if (view.years.length === 0 && view.latest.length === 0) {
    return page({
      title: '首页',
      main: `${intro}
<section class="empty" aria-labelledby="empty-h"><h2 id="empty-h">还没有报告</h2><p>档案中暂时还没有收录任何报告。机关的工作人员可以先用<a href="/check">报告自查</a>检查一份报告的表格。</p></section>`,
    });
  }
  const main = [
    intro,
    `<ul class="links"><li><a href="/reports">浏览与检索全部报告</a></li><li><a href="/stats">各地统计</a></li><li><a href="/data">数据下载</a></li></ul>`,
    yearTable(view.years),
    list('latest', '最新收录的报告', view.latest, (s) => statusHtml(s)),
    list('corrections', '最近更正的报告', view.corrections, (s) => `第 ${s.version} 版，${statusHtml(s)}`),
    list(
      'errors',
      '表格有错误的报告',
      view.withErrors,
      (s) => statusHtml(s),
      `<p class="plain"><a href="${href('/reports', { has: 'errors' })}">查看全部有错误的报告</a></p>`,
    ),
  ];
  return page({ title: '首页', main: main.filter(Boolean).join('\n') });
}

function yearTable(years: YearCount[]): string {
  if (years.length === 0) return '';
  const count = (n: number, year: number, has?: string) => (n > 0 ? `<a href="${href('/reports', { year, has })}">${n}</a>` : '0');
  const rows = years.map(
    (y) =>
      `<tr><th scope="row">${y.year}</th><td>${count(y.reports, y.year)}</td><td>${count(y.withErrors, y.year, 'errors')}</td><td>${count(y.unchecked, y.year, 'unchecked')}</td></tr>`,
  );
  return `<section aria-labelledby="years-h"><h2 id="years-h">各年度的报告</h2>
<div class="scroll" role="region" aria-label="各年度报告数" tabindex="0"><table class="years"><caption>各年度报告数（点击数字查看这些报告）</caption>
<thead><tr><th scope="col">年度</th><th scope="col">报告数</th><th scope="col">有错误</th><th scope="col">未能校验</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div></section>`;
}

/** A report in a list: who, which year, and the check result in words. */
export function reportItem(s: ReportSummary, status: string): string {
  return `<li><a href="${href(agencyPath(s.agency))}">${e(s.agencyName)}</a>：<a href="${href(reportPath(s.agency, s.year))}">${s.year} 年度报告</a>，${status}</li>`;
}

function list(id: string, heading: string, items: ReportSummary[], status: (s: ReportSummary) => string, after = ''): string {
  if (items.length === 0) return '';
  return `<section aria-labelledby="${id}-h"><h2 id="${id}-h">${heading}</h2><ul>${items.map((s) => reportItem(s, status(s))).join('')}</ul>${after}</section>`;
}
