import { escapeHtml as e } from '../render/escape';
import { must } from '../model/must';
import {
  APPLICANT_COLUMN_LABELS,
  APPLICANT_COLUMNS,
  applicationRows,
  disclosureBlocks,
  resultRows,
  REVIEW_COLUMN_LABELS,
  REVIEW_COLUMNS,
  REVIEW_GROUP_LABELS,
  REVIEW_GROUPS,
} from '../model/keys';
import { NATIONAL } from '../regions/regions';
import { barChart, formatNumber } from './charts';
import { applicantLabel, applicationRowLabel, ORG_GROUP_LABEL } from '../model/cell-labels';
import { href, page, regionCrumbs, yearNav } from './layout';
import type { Aggregate, StatsView } from '../archive/view-models';

/**
 * Sums over one region's reports of one year. Only reports whose tables were read in full are
 * summed; a key no such report had is shown as “—” (no data), never as 0, and the page says how
 * many reports the sums leave out.
 */

type TableFormat = '2021' | '2019';

const FORMAT_NAMES: Record<string, string> = {
  '2021': '2021 版格式',
  '2019': '2019 版格式',
  pre2019: '2019 年以前的格式（无统一表格）',
};

/** A format's name; a format without one (none today) is shown as its key. */
const formatName = (f: string): string => FORMAT_NAMES[f] ?? f;

/** The label of one of table 三's rows: the page names only rows the model defines. */
const rowLabel = (key: string, withGroup = true): string => must(applicationRowLabel(key, withGroup), `table 三 has a row ${key}`);

const RESULTS_GROUP = must(applicationRows('2021').find((r) => r.key === 'granted')?.group, 'the 2021 row granted has its results group');

/** “—” for the eye, “无数据” for a screen reader. */
const NA = '<span aria-hidden="true">—</span><span class="vh">无数据</span>';

const sumKey = (a: Aggregate, key: string): number | null => (Object.hasOwn(a.cells, key) ? (a.cells[key] ?? null) : null);

/** A sum over several keys; null only when none of them has data. */
function sumOf(a: Aggregate, keys: string[]): number | null {
  const known = keys.map((k) => sumKey(a, k)).filter((v): v is number => v !== null);
  return known.length ? known.reduce((s, v) => s + v, 0) : null;
}

const cell = (v: number | null) => `<td class="num">${v === null ? NA : e(formatNumber(v))}</td>`;

const noIndent = (s: string) => `<p class="plain">${s}</p>`;

function scrollTable(label: string, inner: string, cls?: string): string {
  return `<div class="scroll" role="region" aria-label="${e(label)}" tabindex="0"><table${cls ? ` class="${cls}"` : ''}>${inner}</table></div>`;
}

/** The format most reports of the year use decides the rows shown; the other's extra rows follow. */
function mainFormat(a: Aggregate): { main: TableFormat; other: TableFormat } {
  const n = (f: string) => a.formats[f] ?? 0;
  return n('2019') > n('2021') ? { main: '2019', other: '2021' } : { main: '2021', other: '2019' };
}

const stripNumber = (label: string) => label.replace(/^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）/, '');

function header(view: StatsView): string {
  const { year, years, region } = view;
  const regionQuery = region.code === NATIONAL ? undefined : region.code;
  const newestFirst = [...years].sort((a, b) => b - a);
  return `<h1>${e(region.name)} ${year} 年度政府信息公开年报统计</h1>
${yearNav(
  newestFirst,
  year,
  (y) => href(`/stats/${y}`, { region: regionQuery }),
  (y) => `${y} 年`,
)}
${regionCrumbs(region.path, (code) => href(`/stats/${year}`, { region: code }))}
${view.totals.asOf ? `<p class="plain as-of">统计截至 ${asOfTime(view.totals.asOf, view.now)}（北京时间），新上传的报告约一分钟内计入。</p>` : ''}`;
}

/** The fold's time in Beijing (UTC+8, no daylight saving): the day when it is not today's, then HH:MM. */
export function asOfTime(ms: number, now: number): string {
  const beijing = (t: number) => new Date(t + 8 * 3_600_000).toISOString();
  const at = beijing(ms);
  const day = at.slice(0, 10) === beijing(now).slice(0, 10) ? '' : `${Number(at.slice(5, 7))} 月 ${Number(at.slice(8, 10))} 日 `;
  return `${day}${at.slice(11, 16)}`;
}

function coverage(view: StatsView): string {
  const t = view.totals;
  const regionQuery = view.region.code === NATIONAL ? undefined : view.region.code;
  const browse = (has?: string) => href('/reports', { year: view.year, region: regionQuery, has });
  const formats = Object.entries(t.formats)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([f, n]) => `<li>${e(formatName(f))}：${e(formatNumber(n))} 份</li>`)
    .join('');
  const items = [
    ['报告', `<a href="${browse()}">${e(formatNumber(t.reports))} 份</a>`],
    ['表格完整读出', `${e(formatNumber(t.checked))} 份`],
    ['未能校验', t.unchecked ? `<a href="${browse('unchecked')}">${e(formatNumber(t.unchecked))} 份</a>` : '0 份'],
    ['发现错误', t.withErrors ? `<a href="${browse('errors')}">${e(formatNumber(t.withErrors))} 份</a>` : '0 份'],
  ]
    .map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`)
    .join('');
  const rest = t.reports - t.checked - t.unchecked;
  const scope =
    t.reports === 0
      ? '本年度这一地区还没有收录报告。'
      : `合计来自 ${e(formatNumber(t.checked))} 份表格完整读出的报告；另有 ${e(formatNumber(t.unchecked))} 份未能校验，未计入${
          rest > 0 ? `；${e(formatNumber(rest))} 份没有统一表格，也未计入` : ''
        }。`;
  return `<section aria-labelledby="s-coverage"><h2 id="s-coverage">收录和校验</h2>
<dl class="coverage">${items}</dl>
${formats ? `<p class="plain">报告格式：</p><ul class="formats">${formats}</ul>` : ''}
<p class="scope"><strong>${scope}</strong></p>
${noIndent('表中“—”表示没有一份完整读出的报告填写该项，不等于 0。')}
</section>`;
}

function applicants(view: StatsView): string {
  const t = view.totals;
  const cols = APPLICANT_COLUMNS.filter((c) => c !== 'total');
  const chart = barChart({
    id: 'chart-applicants',
    title: `${stripNumber(rowLabel('newReceived', false))}：按申请人类型`,
    unit: '件',
    labelHeader: '申请人类型',
    bars: cols.map((c) => ({ label: applicantLabel(c), value: sumKey(t, `applications.newReceived.${c}`) })),
  });
  const heads = ['newReceived', 'carriedOver', 'totalHandled', 'carriedForward'] as const;
  const rows = heads.map((k) => `<tr><th scope="row">${e(rowLabel(k))}</th>${cell(sumKey(t, `applications.${k}.total`))}</tr>`).join('');
  return `<section aria-labelledby="s-applicants"><h2 id="s-applicants">政府信息公开申请：申请人</h2>
${scrollTable('申请数量合计', `<caption>申请数量合计（表三 · 总计列，单位：件）</caption><thead><tr><th scope="col">项目</th><th scope="col">合计</th></tr></thead><tbody>${rows}</tbody>`)}
${chart}
</section>`;
}

/** Result rows by their merged group (（三）不予公开 …), over both formats: the same keys mean the same thing. */
function outcomeGroups(t: Aggregate): { label: string; value: number | null }[] {
  const groups = new Map<string, { label: string; keys: string[] }>();
  for (const f of ['2021', '2019'] as const)
    for (const r of resultRows(f)) {
      const [head = r.key] = r.key.split('.');
      const label = r.group && r.group !== RESULTS_GROUP ? r.group : r.label;
      const g = groups.get(head) ?? { label, keys: [] };
      if (!g.keys.includes(r.key)) g.keys.push(r.key);
      groups.set(head, g);
    }
  return [...groups.values()].map((g) => ({
    label: g.label,
    value: sumOf(
      t,
      g.keys.map((k) => `applications.${k}.total`),
    ),
  }));
}

function outcomes(view: StatsView): string {
  const t = view.totals;
  const { main, other } = mainFormat(t);
  const chart = barChart({
    id: 'chart-outcomes',
    title: '本年度办理结果：按类别（两种格式合计）',
    unit: '件',
    labelHeader: '办理结果',
    bars: outcomeGroups(t),
  });
  // The printed table's two-row header: the five organisation columns under one merged cell.
  const orgs = APPLICANT_COLUMNS.filter((c) => c !== 'naturalPerson' && c !== 'total');
  const head = `<thead><tr><th rowspan="2" scope="col">项目</th><th rowspan="2" scope="col">${e(APPLICANT_COLUMN_LABELS.naturalPerson)}</th><th colspan="${orgs.length}" scope="colgroup">${e(
    ORG_GROUP_LABEL,
  )}</th><th rowspan="2" scope="col">${e(APPLICANT_COLUMN_LABELS.total)}</th></tr><tr>${orgs.map((c) => `<th scope="col">${e(APPLICANT_COLUMN_LABELS[c])}</th>`).join('')}</tr></thead>`;
  const row = (key: string) =>
    `<tr><th scope="row">${e(rowLabel(key))}</th>${APPLICANT_COLUMNS.map((c) => cell(sumKey(t, `applications.${key}.${c}`))).join('')}</tr>`;
  const mainKeys = new Set(applicationRows(main).map((r) => r.key as string));
  const extra = applicationRows(other).filter((r) => !mainKeys.has(r.key));
  const otherCount = t.formats[other] ?? 0;
  const extraBody =
    otherCount > 0 && extra.length
      ? `<tbody><tr><th scope="rowgroup" colspan="${APPLICANT_COLUMNS.length + 1}">只有 ${e(formatName(other))}有的行（${e(formatNumber(otherCount))} 份报告）</th></tr>${extra.map((r) => row(r.key)).join('')}</tbody>`
      : '';
  const table = scrollTable(
    '表三合计',
    `<caption>表三 收到和处理政府信息公开申请情况：合计（按${e(formatName(main))}的行，单位：件）</caption>${head}<tbody>${applicationRows(main)
      .map((r) => row(r.key))
      .join('')}</tbody>${extraBody}`,
    'wide',
  );
  const note =
    otherCount > 0
      ? noIndent(
          `本年度多数报告用${e(formatName(main))}（${e(formatNumber(t.formats[main] ?? 0))} 份），下表按它的行排列；两种格式共有的行是两者之和，${e(formatName(other))}独有的行单列在表末。`,
        )
      : '';
  return `<section aria-labelledby="s-outcomes"><h2 id="s-outcomes">政府信息公开申请：办理结果</h2>
${chart}
${note}
${table}
</section>`;
}

function reviews(view: StatsView): string {
  const t = view.totals;
  const chart = barChart({
    id: 'chart-reviews',
    title: '行政复议和行政诉讼：案件总数',
    unit: '件',
    labelHeader: '类别',
    bars: REVIEW_GROUPS.map((g) => ({ label: REVIEW_GROUP_LABELS[g], value: sumKey(t, `reviewLitigation.${g}.total`) })),
  });
  const head = `<thead><tr><th scope="col">类别</th>${REVIEW_COLUMNS.map((c) => `<th scope="col">${e(REVIEW_COLUMN_LABELS[c])}</th>`).join('')}</tr></thead>`;
  const body = REVIEW_GROUPS.map(
    (g) => `<tr><th scope="row">${e(REVIEW_GROUP_LABELS[g])}</th>${REVIEW_COLUMNS.map((c) => cell(sumKey(t, `reviewLitigation.${g}.${c}`))).join('')}</tr>`,
  ).join('');
  return `<section aria-labelledby="s-reviews"><h2 id="s-reviews">行政复议和行政诉讼</h2>
${chart}
${scrollTable('表四合计', `<caption>表四 政府信息公开行政复议、行政诉讼情况：合计（单位：件）</caption>${head}<tbody>${body}</tbody>`)}
</section>`;
}

interface DisclosureLine {
  key: string;
  row: string;
  column: string;
}

function disclosureLines(format: TableFormat, filter: (rowKey: string) => boolean): DisclosureLine[] {
  const out: DisclosureLine[] = [];
  for (const b of disclosureBlocks(format))
    for (const r of b.rows)
      if (filter(r.key)) for (const c of b.columns) out.push({ key: `activeDisclosure.${r.key}.${c.key}`, row: `${b.caption} ${r.label}`, column: c.label });
  return out;
}

function disclosureTable(t: Aggregate, label: string, caption: string, filter: (rowKey: string) => boolean): string {
  const { main, other } = mainFormat(t);
  const mainLines = disclosureLines(main, filter);
  const seen = new Set(mainLines.map((l) => l.key));
  const extra = (t.formats[other] ?? 0) > 0 ? disclosureLines(other, filter).filter((l) => !seen.has(l.key)) : [];
  const line = (l: DisclosureLine) => `<tr><th scope="row">${e(l.row)}</th><td>${e(l.column)}</td>${cell(sumKey(t, l.key))}</tr>`;
  const extraBody = extra.length
    ? `<tbody><tr><th scope="rowgroup" colspan="3">只有 ${e(formatName(other))}有的项目（${e(formatNumber(t.formats[other] ?? 0))} 份报告）</th></tr>${extra.map(line).join('')}</tbody>`
    : '';
  return scrollTable(
    label,
    `<caption>${caption}</caption><thead><tr><th scope="col">项目</th><th scope="col">指标</th><th scope="col">合计</th></tr></thead><tbody>${mainLines
      .map(line)
      .join('')}</tbody>${extraBody}`,
  );
}

function disclosure(view: StatsView): string {
  const t = view.totals;
  const unpaid = 'otherHandling.unpaidFee';
  const unpaidLabel = applicationRowLabel(unpaid);
  const unpaidTotal = sumKey(t, `applications.${unpaid}.total`);
  const unpaidRow =
    unpaidLabel && (t.formats['2021'] ?? 0) > 0
      ? `<p class="plain">表三中“${e(unpaidLabel)}”的申请合计：${unpaidTotal === null ? NA : `${e(formatNumber(unpaidTotal))} 件`}。</p>`
      : '';
  return `<section aria-labelledby="s-disclosure"><h2 id="s-disclosure">主动公开政府信息</h2>
${disclosureTable(t, '表二合计', '表二 主动公开政府信息情况：合计（收费见下节）', (r) => r !== 'fees')}
</section>
<section aria-labelledby="s-fees"><h2 id="s-fees">行政事业性收费</h2>
${disclosureTable(t, '收费合计', '表二 第二十条第（八）项：合计', (r) => r === 'fees')}
${unpaidRow}
</section>`;
}

function regionsTable(view: StatsView): string {
  const { year, region } = view;
  const cols: [string, (a: Aggregate) => number | null][] = [
    ['报告', (a) => a.reports],
    ['完整读出', (a) => a.checked],
    [stripNumber(rowLabel('newReceived', false)), (a) => sumKey(a, 'applications.newReceived.total')],
    [stripNumber(rowLabel('granted', false)), (a) => sumKey(a, 'applications.granted.total')],
    [REVIEW_GROUP_LABELS.review, (a) => sumKey(a, 'reviewLitigation.review.total')],
    [
      REVIEW_GROUP_LABELS.suitDirect.split(' · ')[0] ?? REVIEW_GROUP_LABELS.suitDirect,
      (a) => sumOf(a, ['reviewLitigation.suitDirect.total', 'reviewLitigation.suitAfterReview.total']),
    ],
  ];
  const head = `<thead><tr><th scope="col">地区</th>${cols.map(([l]) => `<th scope="col">${e(l)}</th>`).join('')}</tr></thead>`;
  const rows = view.children
    .map(
      (c) =>
        `<tr><th scope="row"><a href="${href(`/stats/${year}`, { region: c.code })}">${e(c.name)}</a></th>${cols.map(([, f]) => cell(f(c.totals))).join('')}</tr>`,
    )
    .join('');
  const foot = `<tfoot><tr><th scope="row">${e(region.name)}合计</th>${cols.map(([, f]) => cell(f(view.totals))).join('')}</tr></tfoot>`;
  const intro = view.children.length
    ? noIndent('点地区名称看它的统计。各地区只计完整读出的报告；下级地区之和可能小于合计，因为合计还包括本级机关的报告。')
    : noIndent('这一地区下没有收录报告的下级地区。');
  return `<section aria-labelledby="s-regions"><h2 id="s-regions">各地区合计</h2>
${intro}
${scrollTable('各地区合计', `<caption>${e(region.name)} ${year} 年度各地区合计（申请和案件单位：件）</caption>${head}<tbody>${rows}</tbody>${foot}`, 'regions')}
</section>`;
}

export function renderStats(view: StatsView): string {
  const hasData = view.totals.reports > 0;
  const main = [
    header(view),
    coverage(view),
    hasData ? applicants(view) : '',
    hasData ? outcomes(view) : '',
    hasData ? reviews(view) : '',
    hasData ? disclosure(view) : '',
    regionsTable(view),
  ]
    .filter(Boolean)
    .join('\n');
  return page({ title: `${view.region.name} ${view.year} 年度统计`, main });
}
