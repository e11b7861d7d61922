/**
 * Test-side writer: lays a report model out as the national format prints it, independently of
 * the parser, then serializes that layout in every flattening seen in the wild. The model the
 * writer starts from is the expected parse result.
 */
import { APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, SECTION_KEYS, SECTION_TITLES, applicationRows, disclosureBlocks } from '../../shared/model/keys';
import type { Cell, Report } from '../../shared/model/report';
import { defined } from './defined';

export interface WCell {
  text: string;
  rowspan?: number;
  colspan?: number;
}
export type Item = { type: 'p'; text: string } | { type: 'table'; rows: WCell[][] };

export const cellText = (c: Cell | undefined): string => (c ? (c.raw ?? (c.value === null ? '' : String(c.value))) : '');

type AnyRow = Record<string, Cell>;

function appRow(report: Report, key: string): AnyRow {
  const [head, leaf] = key.split('.') as [string, string?];
  const node = (defined(report.tables).applications as Record<string, unknown>)[head] as Record<string, unknown>;
  return (leaf ? node[leaf] : node) as AnyRow;
}

export function layout(report: Report, opts: { titleOnOneLine?: boolean } = {}): Item[] {
  const items: Item[] = [];
  const p = (text: string) => {
    for (const t of text.split('\n')) if (t) items.push({ type: 'p', text: t });
  };
  if (opts.titleOnOneLine) p(report.title);
  else {
    p(report.agency);
    p(report.title.slice(report.agency.length));
  }
  if (report.preamble) p(report.preamble);
  for (const key of SECTION_KEYS) {
    p(SECTION_TITLES[key]);
    if (report.sections[key]) p(report.sections[key]);
    if (report.format === 'pre2019' || !report.tables) continue;
    if (key === 'activeDisclosure') items.push({ type: 'table', rows: disclosureRows(report) });
    if (key === 'applications') items.push({ type: 'table', rows: applicationTableRows(report) });
    if (key === 'reviewLitigation') items.push({ type: 'table', rows: reviewRows(report) });
  }
  return items;
}

function disclosureRows(report: Report & { format: '2021' | '2019' }): WCell[][] {
  const rows: WCell[][] = [];
  const width = report.format === '2021' ? 3 : 3;
  for (const block of disclosureBlocks(report.format)) {
    rows.push([{ text: block.caption, colspan: width + 1 }]);
    rows.push([
      { text: '信息内容' },
      ...block.columns.map((c, i) => ({ text: c.label, colspan: i === block.columns.length - 1 ? width - block.columns.length + 1 : 1 })),
    ]);
    for (const row of block.rows) {
      const cells = defined((defined(report.tables).activeDisclosure as Record<string, AnyRow>)[row.key]);
      rows.push([
        { text: row.label },
        ...block.columns.map((c, i) => ({ text: cellText(cells[c.key]), colspan: i === block.columns.length - 1 ? width - block.columns.length + 1 : 1 })),
      ]);
    }
  }
  return rows;
}

function applicationTableRows(report: Report & { format: '2021' | '2019' }): WCell[][] {
  const defs = applicationRows(report.format);
  const rows: WCell[][] = [
    [
      { text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colspan: 3, rowspan: 3 },
      { text: '申请人情况', colspan: 7 },
    ],
    [
      { text: '自然人', rowspan: 2 },
      { text: '法人或其他组织', colspan: 5 },
      { text: '总计', rowspan: 2 },
    ],
    [{ text: '商业\n企业' }, { text: '科研\n机构' }, { text: '社会公益组织' }, { text: '法律服务机构' }, { text: '其他' }],
  ];
  const results = defs.filter((d) => d.group).length;
  const groupSize = (g: string) => defs.filter((d) => d.group === g).length;
  let resultsOpen = false;
  const opened = new Set<string>();
  for (const d of defs) {
    const head: WCell[] = [];
    if (!d.group) head.push({ text: d.label, colspan: 3 });
    else {
      if (!resultsOpen) {
        head.push({ text: '三、本年度办理结果', rowspan: results });
        resultsOpen = true;
      }
      if (d.group.startsWith('（')) {
        if (!opened.has(d.group)) {
          head.push({ text: d.group, rowspan: groupSize(d.group) });
          opened.add(d.group);
        }
        head.push({ text: d.label });
      } else head.push({ text: d.label, colspan: 2 });
    }
    const cells = appRow(report, d.key);
    rows.push([...head, ...APPLICANT_COLUMNS.map((c) => ({ text: cellText(cells[c]) }))]);
  }
  return rows;
}

function reviewRows(report: Report): WCell[][] {
  const labels = ['结果维持', '结果\n纠正', '其他\n结果', '尚未\n审结', '总计'];
  const t = defined(report.tables).reviewLitigation;
  return [
    [
      { text: '行政复议', colspan: 5 },
      { text: '行政诉讼', colspan: 10 },
    ],
    [...labels.map((text) => ({ text, rowspan: 2 })), { text: '未经复议直接起诉', colspan: 5 }, { text: '复议后起诉', colspan: 5 }],
    [...labels, ...labels].map((text) => ({ text })),
    REVIEW_GROUPS.flatMap((g) => REVIEW_COLUMNS.map((c) => ({ text: cellText(t[g][c]) }))),
  ];
}
