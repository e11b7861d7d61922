import { escapeHtml as e } from '../render/escape';
import { regionName } from '../regions/regions';
import { lineChart } from './charts';
import { href, page, reportPath, statusHtml } from './layout';
import type { AgencyKind } from '../rules/agency-kind';
import type { AgencyView, KeyFigures } from '../archive/view-models';

/** What each kind of agency is held to under 条例 第四十九条 (2018 年度及以前均为 3 月 31 日前). */
const KIND_DEADLINES: Record<AgencyKind, string> = {
  government: '县级以上人民政府（含开发区等的管理委员会）：每年 3 月 31 日前公布上一年度报告',
  department: '政府部门：每年 1 月 31 日前公布上一年度报告',
  township: '乡镇、街道：本库按政府部门的期限计，每年 1 月 31 日前',
};

/** The key figures in the order the table shows them, with the names a reader knows them by. */
export const FIGURE_COLUMNS: readonly [keyof KeyFigures, string][] = [
  ['newReceived', '新收申请'],
  ['carriedOver', '上年结转'],
  ['granted', '予以公开'],
  ['totalHandled', '办理总数'],
  ['carriedForward', '结转下年'],
  ['reviews', '行政复议'],
  ['lawsuits', '行政诉讼'],
];

/** A missing figure is a dash that says why in words; it is never 0, which would be a claim. */
export const NO_FIGURE = '<span aria-hidden="true">—</span><span class="vh">空白或未读出</span>';

/** One agency: who it is, its reports year by year with their key figures, and how its requests moved. */
export function renderAgency(view: AgencyView): string {
  const { agency, years } = view;
  const facts: [string, string][] = [
    ['地区', e(regionName(agency.region))],
    ['层级', agency.level ? e(agency.level) : '未注明'],
  ];
  // The kind decides the deadline the coverage and the reports are judged by: a reader can see which.
  if (agency.kind) facts.push(['公布期限', e(KIND_DEADLINES[agency.kind])]);
  if (agency.aliases.length) facts.push(['别名', agency.aliases.map(e).join('、')]);
  const main = [
    `<h1>${e(agency.name)}</h1>`,
    `<section class="info" aria-labelledby="info-h"><h2 id="info-h">机关信息</h2><dl>${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl></section>`,
    years.length === 0 ? '<p class="plain">档案中还没有这个机关的报告。</p>' : yearTable(view),
    chart(view),
  ];
  return page({ title: agency.name, main: main.filter(Boolean).join('\n') });
}

function yearTable({ agency, years }: AgencyView): string {
  const rows = years.map((y, i) => {
    const known = y.figures;
    const figures = known
      ? FIGURE_COLUMNS.map(([k]) => `<td class="n">${known[k] === null ? NO_FIGURE : known[k]}</td>`).join('')
      : `<td colspan="${FIGURE_COLUMNS.length}">这一年的报告没有统一格式的统计表</td>`;
    const prev = years[i - 1];
    const compare = prev ? `<a href="${href(`${reportPath(agency.id, y.year)}/compare`, { with: prev.year })}">与 ${prev.year} 年度对比</a>` : '';
    return `<tr><th scope="row"><a href="${href(reportPath(agency.id, y.year))}">${y.year} 年度报告</a></th><td>第 ${y.version} 版</td><td>${statusHtml(y)}</td>${figures}<td>${compare}</td></tr>`;
  });
  return `<section aria-labelledby="years-h"><h2 id="years-h">各年度报告</h2>
<div class="scroll" role="region" aria-label="各年度报告与主要数字" tabindex="0"><table class="years"><caption>各年度报告与主要数字（单位：件）</caption>
<thead><tr><th scope="col">年度</th><th scope="col">版本</th><th scope="col">校验结果</th>${FIGURE_COLUMNS.map(([, l]) => `<th scope="col">${l}</th>`).join('')}<th scope="col">对比</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div></section>`;
}

function chart({ agency, years }: AgencyView): string {
  if (!years.some((y) => y.figures)) return '';
  return `<section aria-labelledby="chart-h"><h2 id="chart-h">每年新收的政府信息公开申请</h2>${lineChart({
    id: 'chart-new-received',
    title: `${agency.name}每年新收的政府信息公开申请`,
    unit: '件',
    // covers a blank or unread cell and a year without tables alike; the table above says which
    nullLabel: '无数据',
    points: years.map((y) => ({ x: String(y.year), y: y.figures?.newReceived ?? null })),
  })}</section>`;
}
