import type { Finding, ParseMessage } from '../model/findings';
import {
  APPLICANT_COLUMNS,
  REVIEW_COLUMNS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUPS,
  SECTION_KEYS,
  SECTION_TITLES,
  TABLE_NAMES,
  applicationRows,
  disclosureBlocks,
  extraRows,
  type TableKey,
} from '../model/keys';
import type { Cell, Report } from '../model/report';
import { enteredKeys } from '../rules/enter-cells';
import { applicationRow, describeCell, disclosureRow, isUnknown, printedRow, tablesOf, type Tables } from '../model/table-access';
import { escapeHtml as e } from './escape';
import { PAGE_CSP_META, PAGE_CSS } from './page-style';

export interface RenderInput {
  report: Report;
  findings: Finding[];
  messages?: ParseMessage[];
}

export const FORMAT_NAMES: Record<Report['format'], string> = { '2021': '2021 版格式', '2019': '2019 版格式', pre2019: '2019 年以前格式（无统一统计表）' };

export interface BodyOptions {
  /** the report's own <h1> and meta line; off where the page around it has its own h1 */
  header?: boolean;
  /** the findings list; off where the page around it lists findings its own way */
  summary?: boolean;
  /**
   * only the three tables, for a page that lists the findings without the ids the cells would point
   * at (/check): a marked cell then says in words what it is marked for
   */
  tablesOnly?: boolean;
  /** with tablesOnly: each unread cell an input named by its canonical key, for the clerk to type (/check) */
  inputs?: boolean;
}

/** Stage 6: a complete, standalone page. Every input string passes through `e()`. */
export function renderReport(input: RenderInput): string {
  const { report } = input;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP_META}">
<meta name="referrer" content="no-referrer">
<title>${e(report.title || `${report.agency}${report.year ?? ''}年政府信息公开工作年度报告`)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
${renderReportBody(input)}
</body>
</html>
`;
}

/**
 * The report's content without the document around it, so the site's report page and the /check
 * page show the same text and tables as the standalone page. Finding ids (`f-N`) are the finding's
 * index in `findings`, which the marked cells point at with aria-describedby.
 */
export function renderReportBody(
  { report, findings, messages = [] }: RenderInput,
  { header = true, summary: withSummary = true, tablesOnly = false, inputs = false }: BodyOptions = {},
): string {
  const marks = cellMarks(findings, !tablesOnly);
  const t = tablesOf(report);
  if (inputs && tablesOnly && t) marks.inputs = t.format;
  const typed = enteredKeys(report).length > 0 ? ENTERED_NOTE : '';
  if (tablesOnly) {
    if (!t) return '';
    return [typed, disclosureTable(t.format, t.tables, marks), applicationsTable(t.format, t.tables, marks), reviewTable(t.tables, marks)].join('\n');
  }
  const body: string[] = [];
  if (header) {
    body.push(
      `<header><h1>${report.agency ? `<span class="agency">${e(report.agency)}</span>` : ''}${e(titleRest(report))}</h1>`,
      `<p class="meta">${report.year ?? '年度不详'} 年度 · ${FORMAT_NAMES[report.format]}</p></header>`,
    );
  }
  if (withSummary) body.push(summary(findings));
  if (typed) body.push(typed);
  if (report.preamble) body.push(paragraphs(report.preamble));
  for (const key of SECTION_KEYS) {
    body.push(`<section aria-labelledby="s-${key}"><h2 id="s-${key}">${SECTION_TITLES[key]}</h2>`);
    if (report.sections[key]) body.push(paragraphs(report.sections[key]));
    if (t && key === 'activeDisclosure') body.push(disclosureTable(t.format, t.tables, marks));
    if (t && key === 'applications') body.push(applicationsTable(t.format, t.tables, marks));
    if (t && key === 'reviewLitigation') body.push(reviewTable(t.tables, marks));
    body.push('</section>');
  }
  if (messages.length > 0) {
    body.push(`<details><summary>解析提示（${messages.length}）</summary><ul>${messages.map((m) => `<li>${e(m.message)}</li>`).join('')}</ul></details>`);
  }
  return body.join('\n');
}

function titleRest(report: Report): string {
  const rest = report.agency && report.title.startsWith(report.agency) ? report.title.slice(report.agency.length) : report.title;
  return rest || `${report.year ?? ''}年政府信息公开工作年度报告`;
}

const paragraphs = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `<p>${e(l)}</p>`)
    .join('\n');

function summary(findings: Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (findings.length === 0) {
    return '<aside class="summary ok" aria-label="校验结果"><h2>校验结果</h2><p>表格勾稽关系和各项检查均未发现问题。</p></aside>';
  }
  const items = findings
    .map((f, i) => {
      const target = f.table ? ` <a href="#t-${f.table}">（见${TABLE_NAMES[f.table]}）</a>` : '';
      return `<li class="${f.severity}" id="f-${i}">${f.severity === 'error' ? '错误' : '提醒'}：${e(f.message)}${target} <span class="rule">${f.rule}</span></li>`;
    })
    .join('');
  return `<aside class="summary" aria-label="校验结果"><h2>校验结果：${errors} 个错误，${warnings} 个提醒</h2><ol>${items}</ol></aside>`;
}

// ---- cells and their findings ---------------------------------------------------------------

/** The cells findings point at; `inputs`: unread cells become inputs, named for the format's labels. */
type Marks = Map<string, { severity: 'error' | 'warning'; ids: number[] }> & { inputs?: '2021' | '2019' };
const markKey = (table: TableKey, row: string, column: string) => `${table}|${row}|${column}`;

/** Which cells each finding points at; a column-wide finding marks the rows its rule sums. */
function cellMarks(findings: Finding[], describe = true): Marks {
  const marks: Marks = new Map();
  findings.forEach((f, i) => {
    if (!f.table || !f.column) return;
    const rows = f.row ? [f.row] : ['newReceived', 'carriedOver', 'totalHandled', 'carriedForward'];
    for (const row of rows) {
      const k = markKey(f.table, row, f.column);
      const m = marks.get(k) ?? { severity: f.severity, ids: [] };
      if (f.severity === 'error') m.severity = 'error';
      if (describe) m.ids.push(i);
      marks.set(k, m);
    }
  });
  return marks;
}

/** Said once above the tables of a report some of whose cells were typed in, never read from the file. */
const ENTERED_NOTE = '<p class="entered-note">标有“（补录）”的格子没有从报告文件中读出，数字由报送机关补录，并非读自原文件。</p>';

function td(cell: Cell | undefined, marks: Marks, table: TableKey, row: string, column: string, colspan = 1): string {
  if (marks.inputs && isUnknown(cell)) return `<td${colspan > 1 ? ` colspan="${colspan}"` : ''}>${cellInput(marks.inputs, table, row, column)}</td>`;
  const m = marks.size === 0 ? undefined : marks.get(markKey(table, row, column));
  const span = (colspan > 1 ? ` colspan="${colspan}"` : '') + (cell?.source === 'entered' ? ' data-source="entered"' : '');
  if (m && m.ids.length === 0)
    return `<td${span} class="${m.severity}">${cellText(cell)}<span class="vh">（${m.severity === 'error' ? '有错误' : '有提醒'}）</span></td>`;
  const cls = m ? ` class="${m.severity}" aria-describedby="${m.ids.map((i) => `f-${i}`).join(' ')}"` : '';
  return `<td${span}${cls}>${cellText(cell)}</td>`;
}

/** An unread cell the clerk may type: its canonical key as its name, its printed row and column as its label. */
function cellInput(format: '2021' | '2019', table: TableKey, row: string, column: string): string {
  const label = `${TABLE_NAMES[table]} ${describeCell(format, { table, row, column, cell: { value: null }, signed: false, decimal: false })}（没有读出，请填写）`;
  return `<input type="text" inputmode="decimal" class="cell-input" name="${e(`${table}.${row}.${column}`)}" aria-label="${e(label)}" autocomplete="off" size="4">`;
}

/** An unread cell shows as unread: a blank would look like a clerk's blank, a 0 like a figure. */
const UNREAD = '<span title="未读出">？</span>';

function cellText(cell: Cell | undefined): string {
  if (cell === undefined || isUnknown(cell)) return UNREAD;
  // A typed-in figure says so in the cell itself: it never passes for one read from the document.
  if (cell.source === 'entered') return `${cell.value ?? ''}<span class="raw">（补录）</span>`;
  if (cell.raw !== undefined) return e(cell.raw);
  return cell.value === null ? '' : String(cell.value);
}

// ---- the three tables, laid out like the national format ----------------------------------

function disclosureTable(format: '2021' | '2019', tables: Tables, marks: Marks): string {
  const blocks = disclosureBlocks(format);
  const width = Math.max(...blocks.map((b) => b.columns.length));
  const rows: string[] = [];
  for (const block of blocks) {
    rows.push(`<tr><th colspan="${width + 1}" scope="colgroup">${block.caption}</th></tr>`);
    rows.push(
      `<tr><th scope="col">信息内容</th>${block.columns.map((c, i) => `<th scope="col"${span(i, block.columns.length, width)}>${c.label}</th>`).join('')}</tr>`,
    );
    for (const row of block.rows) {
      const cells = disclosureRow(tables, row.key);
      rows.push(
        `<tr><th scope="row">${row.label}</th>${block.columns.map((c, i) => td(cells[c.key], marks, 'activeDisclosure', row.key, c.key, spanN(i, block.columns.length, width))).join('')}</tr>`,
      );
    }
  }
  return table('activeDisclosure', '表二 主动公开政府信息情况', rows);
}

/** The last column of a narrower block stretches to the table's width. */
const spanN = (i: number, n: number, width: number) => (i === n - 1 ? width - n + 1 : 1);
const span = (i: number, n: number, width: number) => (spanN(i, n, width) > 1 ? ` colspan="${spanN(i, n, width)}"` : '');

function applicationsTable(format: '2021' | '2019', tables: Tables, marks: Marks): string {
  const defs = applicationRows(format);
  const rows: string[] = [
    '<tr><th colspan="3" rowspan="3" scope="col">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th colspan="7" scope="colgroup">申请人情况</th></tr>',
    '<tr><th rowspan="2" scope="col">自然人</th><th colspan="5" scope="colgroup">法人或其他组织</th><th rowspan="2" scope="col">总计</th></tr>',
    '<tr><th scope="col">商业企业</th><th scope="col">科研机构</th><th scope="col">社会公益组织</th><th scope="col">法律服务机构</th><th scope="col">其他</th></tr>',
  ];
  const totals = printedTotals(format, tables, marks);
  const resultCount = defs.filter((d) => d.group === '三、本年度办理结果' || d.group?.startsWith('（')).length + totals.length;
  const groupSizes = new Map<string, number>();
  for (const d of defs) if (d.group?.startsWith('（')) groupSizes.set(d.group, (groupSizes.get(d.group) ?? 0) + 1);
  let resultsOpened = false;
  const groupsOpened = new Set<string>();
  // Each group's last row, found once (the totals printed for the group follow it).
  const lastRows = new Set<string>();
  for (const d of defs) if (d.group?.startsWith('（')) lastRows.add(lastOfGroup(defs, d) ?? '');
  for (const d of defs) {
    const cells = applicationRow(tables, d.key);
    let values = '';
    for (const c of APPLICANT_COLUMNS) values += td(cells[c], marks, 'applications', d.key, c);
    let head = '';
    if (!d.group) {
      head = `<th colspan="3" scope="row">${d.label}</th>`;
    } else {
      if (!resultsOpened) {
        head += `<th rowspan="${resultCount}" scope="rowgroup">三、本年度办理结果</th>`;
        resultsOpened = true;
      }
      if (d.group.startsWith('（')) {
        if (!groupsOpened.has(d.group)) {
          head += `<th rowspan="${groupSizes.get(d.group)}" scope="rowgroup" class="l2">${d.group}</th>`;
          groupsOpened.add(d.group);
        }
        head += `<th scope="row" class="l3">${d.label}</th>`;
      } else {
        head += `<th colspan="2" scope="row" class="l2">${d.label}</th>`;
      }
    }
    rows.push(`<tr>${head}${values}</tr>`);
    if (d.group?.startsWith('（') && lastRows.has(d.key)) rows.push(...totals.filter((x) => x.head === headOf(d.key)).map((x) => x.html));
  }
  return table('applications', '表三 收到和处理政府信息公开申请情况', rows);
}

const lastOfGroup = (defs: readonly { key: string; group?: string }[], d: { group?: string }) => defs.filter((x) => x.group === d.group).at(-1)?.key;
const headOf = (key: string) => key.split('.')[0];

/**
 * A group total the table printed instead of its parts (（六）其他处理 of a 2021 table printed the
 * 2019 way): shown after the group's parts, which stay unread, so the figure read is not lost.
 */
function printedTotals(format: '2021' | '2019', tables: Tables, marks: Marks): { head: string | undefined; html: string }[] {
  return extraRows(format).flatMap((x) => {
    const cells = printedRow(tables, x.key);
    if (!cells) return [];
    const values = APPLICANT_COLUMNS.map((c) => td(cells[c], marks, 'applications', x.key, c)).join('');
    return [{ head: headOf(x.key), html: `<tr><th colspan="2" scope="row" class="l2">${x.label}（合计；报告未分项填报）</th>${values}</tr>` }];
  });
}

function reviewTable(tables: Tables, marks: Marks): string {
  const labels = REVIEW_COLUMNS.map((c) => `<th scope="col">${REVIEW_COLUMN_LABELS[c]}</th>`).join('');
  const rows = [
    '<tr><th colspan="5" scope="colgroup">行政复议</th><th colspan="10" scope="colgroup">行政诉讼</th></tr>',
    `<tr>${REVIEW_COLUMNS.map((c) => `<th rowspan="2" scope="col">${REVIEW_COLUMN_LABELS[c]}</th>`).join('')}<th colspan="5" scope="colgroup">未经复议直接起诉</th><th colspan="5" scope="colgroup">复议后起诉</th></tr>`,
    `<tr>${labels}${labels}</tr>`,
    `<tr>${REVIEW_GROUPS.map((g) => REVIEW_COLUMNS.map((c) => td(tables.reviewLitigation[g][c], marks, 'reviewLitigation', g, c)).join('')).join('')}</tr>`,
  ];
  return table('reviewLitigation', '表四 政府信息公开行政复议、行政诉讼情况', rows);
}

/** A wide table scrolls inside itself; the region is focusable so a keyboard can scroll it. */
const table = (key: TableKey, caption: string, rows: string[]) =>
  `<div class="scroll" role="region" aria-label="${caption}" tabindex="0"><table id="t-${key}"><caption>${caption}</caption>\n${rows.join('\n')}\n</table></div>`;
