import {
  APPLICANT_COLUMNS,
  REVIEW_COLUMN_LABELS,
  REVIEW_COLUMNS,
  REVIEW_GROUP_LABELS,
  REVIEW_GROUPS,
  SECTION_KEYS,
  SECTION_TITLES,
  TABLE_KEYS,
  TABLE_NAMES,
  type TableKey,
  applicationRows,
  disclosureBlocks,
} from '../model/keys';
import { escapeHtml as e } from '../render/escape';
import { FORMAT_NAMES } from '../render/render-report';
import { columnLabel, rowLabel } from '../model/table-access';
import { href, page, reportPath, statusHtml } from './layout';
import { type ReportCells, reportCells } from '../model/report-cells';
import { similarity } from './text-similarity';
import type { CompareSide, CompareView } from '../archive/view-models';

const TABLE_TITLES: Record<TableKey, string> = {
  activeDisclosure: '主动公开政府信息情况',
  applications: '收到和处理政府信息公开申请情况',
  reviewLitigation: '政府信息公开行政复议、行政诉讼情况',
};

interface RowLayout {
  row: string;
  label: string;
  columns: { key: string; label: string }[];
}

/** The rows and columns of one table as a format prints them, keyed canonically. */
function layout(format: '2021' | '2019', table: TableKey): RowLayout[] {
  if (table === 'activeDisclosure') {
    return disclosureBlocks(format).flatMap((b) =>
      b.rows.map((r) => ({ row: r.key, label: r.label, columns: b.columns.map((c) => ({ key: c.key, label: c.label })) })),
    );
  }
  if (table === 'applications') {
    return applicationRows(format).map((r) => ({
      row: r.key,
      label: rowLabel(format, r.key),
      columns: APPLICANT_COLUMNS.map((c) => ({ key: c, label: columnLabel(c) })),
    }));
  }
  return REVIEW_GROUPS.map((g) => ({
    row: g,
    label: REVIEW_GROUP_LABELS[g],
    columns: REVIEW_COLUMNS.map((c) => ({ key: c, label: REVIEW_COLUMN_LABELS[c] })),
  }));
}

/** The later year's layout, then whatever only the earlier year's format has, so a 2019/2021 pair lines up by key. */
function mergedLayout(formats: ('2021' | '2019')[], table: TableKey): RowLayout[] {
  const out: RowLayout[] = [];
  for (const format of formats) {
    for (const r of layout(format, table)) {
      const have = out.find((o) => o.row === r.row);
      if (!have) out.push({ ...r, columns: [...r.columns] });
      else for (const c of r.columns) if (!have.columns.some((h) => h.key === c.key)) have.columns.push(c);
    }
  }
  return out;
}

export type Value = { kind: 'number'; n: number } | { kind: 'blank' } | { kind: 'unread' } | { kind: 'absent' };

function cellValue(cells: ReportCells, key: string, unread: Set<string>): Value {
  if (unread.has(key)) return { kind: 'unread' };
  if (!(key in cells.cells)) return { kind: 'absent' };
  const v = cells.cells[key];
  return v === null || v === undefined ? { kind: 'blank' } : { kind: 'number', n: v };
}

const num = (n: number) => String(Math.round(n * 100) / 100).replace('-', '−');

function show(v: Value): string {
  if (v.kind === 'number') return num(v.n);
  if (v.kind === 'blank') return '<span class="muted">空白</span>';
  if (v.kind === 'unread') return '<span class="muted">未读出</span>';
  return '<span aria-hidden="true">—</span><span class="vh">无此项</span>';
}

/** The change from left to right, or why there is none; `changed` only where both sides were read and differ. */
export function change(l: Value, r: Value): { text: string; changed: boolean } {
  if (l.kind === 'absent' || r.kind === 'absent') return { text: '仅一方有此项', changed: false };
  // An unread cell is not 0: no difference can be computed against it.
  if (l.kind === 'unread' || r.kind === 'unread') return { text: '未读出，无法比较', changed: false };
  if (l.kind === 'blank' && r.kind === 'blank') return { text: '', changed: false };
  if (l.kind === 'blank') return { text: '新增', changed: true };
  if (r.kind === 'blank') return { text: '改为空白', changed: true };
  const d = Math.round((r.n - l.n) * 100) / 100;
  if (d === 0) return { text: '', changed: false };
  return { text: d > 0 ? `+${num(d)}` : num(d), changed: true };
}

/** Two years of one agency side by side: the tables by canonical key, the text by how much of it is the same. */
export function renderCompare(view: CompareView): string {
  const { left, right } = view;
  const name = right.summary.agencyName;
  const ly = left.summary.year;
  const ry = right.summary.year;
  const main = [`<h1>${e(name)}：${ly} 年度与 ${ry} 年度对比</h1>`, overview(view), picker(view), tables(left, right), sections(left, right)];
  return page({ title: `${name} ${ly} 与 ${ry} 年度对比`, main: main.filter(Boolean).join('\n') });
}

function overview({ left, right }: CompareView): string {
  const side = (s: CompareSide) =>
    `<li><a href="${href(reportPath(s.summary.agency, s.summary.year))}">${s.summary.year} 年度报告</a>：第 ${s.summary.version} 版，${e(FORMAT_NAMES[s.report.format])}，${statusHtml(s.summary)}</li>`;
  const note =
    left.report.format !== right.report.format
      ? `<p class="plain">两年的报告格式不同（${e(FORMAT_NAMES[left.report.format])}、${e(FORMAT_NAMES[right.report.format])}）：表格按相同的项目对比，只有一年有的项目注明“仅一方有此项”。</p>`
      : '';
  return `<section aria-labelledby="both-h"><h2 id="both-h">对比的两份报告</h2><ul>${side(left)}${side(right)}</ul>${note}</section>`;
}

function picker({ left, right, years }: CompareView): string {
  const base = right.summary;
  const others = years.filter((y) => y !== base.year && y !== left.summary.year);
  if (others.length === 0) return '';
  const links = others.map((y) => `<li><a href="${href(`${reportPath(base.agency, base.year)}/compare`, { with: y })}">${base.year} 年度与 ${y} 年度</a></li>`);
  return `<nav class="pick" aria-label="换一个年度对比"><p class="plain">换一个年度对比：</p><ul class="links">${links.join('')}</ul></nav>`;
}

function tables(left: CompareSide, right: CompareSide): string {
  const lc = reportCells(left.report);
  const rc = reportCells(right.report);
  const ly = left.summary.year;
  const ry = right.summary.year;
  if (!lc || !rc) {
    const missing = [!lc ? ly : null, !rc ? ry : null].filter((y) => y !== null).join('、');
    return `<section aria-labelledby="tables-h"><h2 id="tables-h">统计表对比</h2><p class="plain">${missing} 年度的报告没有统一格式的统计表（或表格未能读出），无法逐项对比。</p></section>`;
  }
  const lu = new Set(lc.unread);
  const ru = new Set(rc.unread);
  const formats = [...new Set([rc.format, lc.format])];
  const parts = TABLE_KEYS.map((table) => {
    const rows: string[] = [];
    let changed = 0;
    for (const r of mergedLayout(formats, table)) {
      r.columns.forEach((c, i) => {
        const key = `${table}.${r.row}.${c.key}`;
        const l = cellValue(lc, key, lu);
        const v = cellValue(rc, key, ru);
        const d = change(l, v);
        if (d.changed) changed++;
        const group = i === 0 ? `<th scope="rowgroup" rowspan="${r.columns.length}">${r.label}</th>` : '';
        rows.push(
          `<tr>${group}<th scope="row">${c.label}</th><td>${show(l)}</td><td>${show(v)}</td><td${d.changed ? ' data-changed="true"' : ''}>${d.text}</td></tr>`,
        );
      });
    }
    const caption = `${TABLE_NAMES[table]} ${TABLE_TITLES[table]}`;
    return `<h3 id="c-${table}">${caption}</h3><p class="plain">${changed ? `有 ${changed} 项数字变化。` : '两年的数字没有变化。'}</p>
<div class="scroll" role="region" aria-label="${caption}：${ly} 与 ${ry} 年度" tabindex="0"><table class="compare"><caption>${caption}：${ly} 年度与 ${ry} 年度</caption>
<thead><tr><th scope="col" colspan="2">项目</th><th scope="col">${ly} 年度</th><th scope="col">${ry} 年度</th><th scope="col">变化</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
  });
  return `<section aria-labelledby="tables-h"><h2 id="tables-h">统计表对比</h2><p class="plain">“变化”一栏是 ${ry} 年度减去 ${ly} 年度；“未读出”的数字不参与比较，不当作 0。</p>${parts.join('\n')}</section>`;
}

function sections(left: CompareSide, right: CompareSide): string {
  const ly = left.summary.year;
  const ry = right.summary.year;
  const items = SECTION_KEYS.map((key) => {
    const a = left.report.sections[key].trim();
    const b = right.report.sections[key].trim();
    let words: string;
    if (!a && !b) words = '两年都没有这部分文字';
    else if (!a) words = `${ly} 年度没有这部分文字`;
    else if (!b) words = `${ry} 年度没有这部分文字`;
    else words = `两年文字重合约 ${Math.round(similarity(a, b) * 100)}%`;
    return `<li>${SECTION_TITLES[key]}：${words}</li>`;
  });
  return `<section aria-labelledby="text-h"><h2 id="text-h">正文对比</h2><p class="plain">重合比例按连续五个字相同的片段计算，不计空格和标点；接近 100% 说明文字基本照抄上一年。</p><ul>${items.join('')}</ul></section>`;
}
