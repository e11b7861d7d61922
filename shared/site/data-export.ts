import { csvField, type Field } from './csv-field';
import { ALL_CELL_KEYS } from './report-cells';
import type { DataRow } from './view-models';

/**
 * The downloads: one row per report (its latest version), every canonical cell in a fixed column,
 * so files of different years line up column for column. A cell a report leaves blank and a cell
 * that could not be read are both empty; the unread ones are named in `unread`, so nobody mistakes
 * a gap for a zero.
 */

const META_COLUMNS = ['agency', 'agencyName', 'region', 'regionName', 'year', 'format', 'version', 'checked', 'errors', 'warnings', 'published'] as const;
type MetaColumn = (typeof META_COLUMNS)[number];

export const DATA_COLUMNS: readonly string[] = [...META_COLUMNS, ...ALL_CELL_KEYS, 'unread'];

function rowFields(row: DataRow): Field[] {
  const meta = META_COLUMNS.map((c: MetaColumn) => row[c]);
  const cells = ALL_CELL_KEYS.map((k) => row.cells[k] ?? null);
  return [...meta, ...cells, row.unread.join(' ')];
}

/** RFC 4180 with CRLF, behind a BOM so that Excel opens the Chinese as UTF-8. */
export function toCsv(rows: DataRow[]): string {
  const lines = [DATA_COLUMNS.map(csvField).join(',')];
  for (const row of rows) lines.push(rowFields(row).map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function toJson(rows: DataRow[], meta: { year: number | 'all'; generatedAt: string }): string {
  return JSON.stringify({ year: meta.year, generatedAt: meta.generatedAt, columns: ALL_CELL_KEYS, count: rows.length, reports: rows });
}
