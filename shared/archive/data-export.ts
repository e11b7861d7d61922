import { cellLabelText } from '../model/cell-labels';
import { csvField, type Field } from './csv-field';
import { ALL_CELL_KEYS } from '../model/report-cells';
import type { DataRow } from './view-models';

/**
 * The downloads: one row per report (its latest version), every canonical cell in a fixed column,
 * so files of different years line up column for column. A cell a report leaves blank and a cell
 * that could not be read are both empty; the unread ones are named in `unread`, so nobody mistakes
 * a gap for a zero.
 */

const META_COLUMNS = [
  'agency',
  'agencyName',
  'region',
  'regionName',
  'year',
  'format',
  'version',
  'checked',
  'errors',
  'warnings',
  'published',
  'publishedSource',
] as const;
type MetaColumn = (typeof META_COLUMNS)[number];

export const DATA_COLUMNS: readonly string[] = [...META_COLUMNS, ...ALL_CELL_KEYS, 'unread', 'entered'];

/** The Chinese header a spreadsheet reader asks for (`?labels=zh`); the keys stay the public API. */
const META_LABELS: Record<MetaColumn | 'unread' | 'entered', string> = {
  agency: '机关标识',
  agencyName: '机关名称',
  region: '行政区划代码',
  regionName: '行政区划名称',
  year: '报告年度',
  format: '报告格式',
  version: '版本',
  checked: '表格全部读出并校验',
  errors: '错误数',
  warnings: '提醒数',
  published: '发布日期',
  publishedSource: '发布日期来源',
  unread: '未读出的格子',
  entered: '由报送机关补录的格子',
};

const isMeta = (column: string): column is MetaColumn | 'unread' | 'entered' => column in META_LABELS;

let labelsZh: readonly string[] | undefined;
/**
 * The columns under their Chinese names, in file order: 表三 一、本年新收… · 自然人 for a cell. Named on
 * the first CSV that asks for them, not when the site function loads (a tenth of its cold start).
 */
export function dataColumnLabelsZh(): readonly string[] {
  labelsZh ??= DATA_COLUMNS.map((c) => (isMeta(c) ? META_LABELS[c] : cellLabelText(c)));
  return labelsZh;
}

export type HeaderLabels = 'keys' | 'zh';

function rowFields(row: DataRow): Field[] {
  const meta = META_COLUMNS.map((c: MetaColumn) => row[c]);
  const cells = ALL_CELL_KEYS.map((k) => row.cells[k] ?? null);
  return [...meta, ...cells, row.unread.join(' '), row.entered.join(' ')];
}

/** RFC 4180 with CRLF, behind a BOM so that Excel opens the Chinese as UTF-8; the header in keys or in Chinese. */
export function toCsv(rows: DataRow[], labels: HeaderLabels = 'keys'): string {
  const lines = [(labels === 'zh' ? dataColumnLabelsZh() : DATA_COLUMNS).map(csvField).join(',')];
  for (const row of rows) lines.push(rowFields(row).map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function toJson(rows: DataRow[], meta: { year: number | 'all'; generatedAt: string }): string {
  return JSON.stringify({ year: meta.year, generatedAt: meta.generatedAt, columns: ALL_CELL_KEYS, count: rows.length, reports: rows });
}
