import type { ChangedCell } from '../archive/types';
import { TABLE_NAMES, type TableKey } from '../model/keys';
import { escapeHtml as e } from '../render/escape';
import { FORMAT_NAMES, renderReportBody } from '../render/render-report';
import { describeCell } from '../model/table-access';
import { agencyPath, apiReportPath, day, href, page, reportPath, statusHtml } from './layout';
import { renderFindings } from './plain-findings';
import type { ReportPageView, VersionInfo } from '../archive/view-models';

/** One agency's report for one year on the site: what it is, where it came from, how it was corrected, what the checks found. */
export function renderReportPage(view: ReportPageView): string {
  const { summary: s, report } = view;
  const main = [
    `<h1><span class="agency">${e(s.agencyName)}</span>${e(titleRest(s.title, s.agencyName, s.year))}</h1>`,
    supersededNotice(view),
    infoPanel(view),
    versionsList(view),
    renderFindings(view.findings, { format: s.format }),
    `<section class="report-text" aria-labelledby="text-h"><h2 id="text-h">报告全文</h2>`,
    renderReportBody({ report, findings: view.findings, messages: view.messages }, { header: false, summary: false }),
    '</section>',
  ];
  return page({ title: `${s.agencyName} ${s.year} 年度报告`, main: main.filter(Boolean).join('\n') });
}

function titleRest(title: string, agency: string, year: number): string {
  const rest = agency && title.startsWith(agency) ? title.slice(agency.length) : title;
  return rest || `${year}年政府信息公开工作年度报告`;
}

function supersededNotice({ summary: s, latestVersion }: ReportPageView): string {
  if (s.version >= latestVersion) return '';
  return `<p class="notice" role="note"><strong>此版本已被更正：最新为第 ${latestVersion} 版。</strong><a href="${href(reportPath(s.agency, s.year))}">查看最新版本</a></p>`;
}

/** The year to compare with: the one before when there is one, else the nearest other year. */
export function compareYear(year: number, years: number[]): number | undefined {
  if (years.includes(year - 1)) return year - 1;
  let best: number | undefined;
  for (const y of years) if (y !== year && (best === undefined || Math.abs(y - year) < Math.abs(best - year))) best = y;
  return best;
}

function infoPanel(view: ReportPageView): string {
  const { summary: s, latestVersion, years } = view;
  const v = { version: s.version };
  const rows: [string, string][] = [
    ['机关', `<a href="${href(agencyPath(s.agency))}">${e(s.agencyName)}</a>`],
    ['年度', `${s.year} 年度`],
    ['版本', `第 ${s.version} 版 / 共 ${latestVersion} 版`],
    ['上传日期', day(s.createdAt)],
    ...datesRows(view),
    ['格式', e(FORMAT_NAMES[s.format as keyof typeof FORMAT_NAMES] ?? s.format)],
    // The findings as they stand (the derived ones too, LATE among them), as the findings section counts them.
    [
      '校验结果',
      statusHtml({
        ...s,
        errors: view.findings.filter((f) => f.severity === 'error').length,
        warnings: view.findings.filter((f) => f.severity !== 'error').length,
      }),
    ],
  ];
  const links = [
    `<li><a href="${href(`${apiReportPath(s.agency, s.year)}/original`, v)}">原始文件</a></li>`,
    `<li><a href="${href(apiReportPath(s.agency, s.year), v)}">结构化数据（JSON）</a></li>`,
  ];
  if (years.includes(s.year - 1)) links.push(`<li><a href="${href(reportPath(s.agency, s.year - 1))}">上一年度（${s.year - 1}）</a></li>`);
  if (years.includes(s.year + 1)) links.push(`<li><a href="${href(reportPath(s.agency, s.year + 1))}">下一年度（${s.year + 1}）</a></li>`);
  const other = compareYear(s.year, years);
  if (other !== undefined) {
    links.push(`<li><a href="${href(`${reportPath(s.agency, s.year)}/compare`, { with: other })}">与 ${other} 年度对比</a></li>`);
  }
  links.push(`<li>${s.year} 年度全部报告的数据下载：<a href="/data/${s.year}.csv">CSV</a> · <a href="/data/${s.year}.json">JSON</a></li>`);
  return `<section class="info" aria-labelledby="info-h"><h2 id="info-h">报告信息</h2>
<dl>${rows.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
<ul class="links">${links.join('')}</ul></section>`;
}

const SOURCES = { published: '报告所注发布日期', signed: '报告落款日期', 'first-upload': '报告未注明，按首次上传本库的日期' } as const;

/** The publication date with where it came from, the statutory deadline, and what the cross-year checks compared with. */
function datesRows({ summary: s, derived: d }: ReportPageView): [string, string][] {
  if (!d) return [['发布日期', s.published ? e(s.published) : '报告未注明']];
  const late = !d.dateKnown
    ? '报告未注明发布日期，首次上传本库已在期限一年之后，无法判断是否按期'
    : d.daysLate > 0
      ? `<strong class="late">逾期 ${d.daysLate} 天</strong>`
      : '按期公布';
  return [
    ['发布日期', `${e(d.published.date)}（${SOURCES[d.published.source]}）`],
    ['法定期限', `${e(d.deadline.date)}，${late}<br><small>${e(d.deadline.basis)}</small>`],
    [
      '跨年度核对',
      d.previous
        ? `与 <a href="${href(reportPath(s.agency, d.previous.year), { version: d.previous.version })}">${d.previous.year} 年度报告第 ${d.previous.version} 版</a>对照（${day(d.updatedAt)} 更新）`
        : `本库没有 ${s.year - 1} 年度报告，未做跨年度核对`,
    ],
  ];
}

function versionsList(view: ReportPageView): string {
  const { summary: s, versions } = view;
  if (versions.length === 0) return '';
  const format = s.format === '2019' ? '2019' : '2021';
  const items = versions.map((v) => {
    const label = `第 ${v.version} 版`;
    const link =
      v.version === s.version
        ? `<strong aria-current="page">${label}（当前显示）</strong>`
        : `<a href="${href(reportPath(s.agency, s.year), { version: v.version })}">${label}</a>`;
    return `<li>${link}：上传于 ${day(v.createdAt)}，${statusHtml(v)}<span class="hash">SHA-256 ${e(v.sha256)}</span>${changes(format, v)}</li>`;
  });
  return `<section class="versions" aria-labelledby="versions-h"><h2 id="versions-h">版本记录</h2><ol>${items.join('')}</ol></section>`;
}

function changes(format: '2021' | '2019', v: VersionInfo): string {
  if (v.version === 1) return '';
  if (v.changedCells.length === 0) return '<p class="plain">与上一版相比，表格数字没有变化。</p>';
  const more = v.changedCellsTruncated ? '<li>……（更多改动未列出）</li>' : '';
  return `<ul class="changes" aria-label="第 ${v.version} 版改动的数字">${v.changedCells.map((c) => `<li>${describeChange(format, c)}</li>`).join('')}${more}</ul>`;
}

/** “表三 ‘一、本年新收…’ 自然人：3 → 4”, in the labels the printed tables use. */
export function describeChange(format: '2021' | '2019', c: ChangedCell): string {
  const table = c.table as TableKey;
  const name = TABLE_NAMES[table]
    ? `${TABLE_NAMES[table]} ${describeCell(format, { table, row: c.row, column: c.column, cell: { value: null }, signed: false, decimal: false })}`
    : `${c.table} ${c.row} ${c.column}`;
  return `${e(name)}：${changeValue(c.from)} → ${changeValue(c.to)}`;
}

const changeValue = (v: number | string | null) => (v === null ? '空白' : e(String(v)));
