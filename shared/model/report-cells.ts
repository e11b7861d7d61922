import type { Report } from './report';
import { allCells, isUnknown, printedRow, tablesOf, type CellRef } from './table-access';
import { applicationRows, APPLICANT_COLUMNS, disclosureBlocks, extraRows, REVIEW_COLUMNS, REVIEW_GROUPS } from './keys';

/**
 * A report's table cells under their canonical keys (`applications.newReceived.total`): a number,
 * null for a cell the report leaves blank, and the keys of cells that could not be read listed in
 * `unread` (never a number, never 0).
 */
export interface ReportCells {
  format: '2021' | '2019';
  cells: Record<string, number | null>;
  unread: string[];
  /** keys of cells the document left unread and the reporting agency typed in (由报送机关补录) */
  entered: string[];
}

export const cellKey = (ref: Pick<CellRef, 'table' | 'row' | 'column'>) => `${ref.table}.${ref.row}.${ref.column}`;

export function reportCells(report: Report): ReportCells | undefined {
  const t = tablesOf(report);
  if (!t) return undefined;
  const cells: Record<string, number | null> = {};
  const unread: string[] = [];
  const entered: string[] = [];
  for (const ref of allCells(t.format, t.tables)) {
    const key = cellKey(ref);
    if (isUnknown(ref.cell)) unread.push(key);
    else cells[key] = ref.cell.value;
    if (ref.cell.source === 'entered') entered.push(key);
  }
  // A 2021 table that printed （六）其他处理 as one row: its total was read, though its parts were not.
  for (const extra of extraRows(t.format)) {
    const row = printedRow(t.tables, extra.key);
    if (!row) continue;
    for (const column of APPLICANT_COLUMNS) if (!isUnknown(row[column])) cells[`applications.${extra.key}.${column}`] = row[column].value;
  }
  return { format: t.format, cells, unread, entered };
}

/** Every canonical cell key of a format, in the order of the printed tables. */
export function formatCellKeys(format: '2021' | '2019'): string[] {
  const keys: string[] = [];
  for (const block of disclosureBlocks(format))
    for (const row of block.rows) for (const col of block.columns) keys.push(`activeDisclosure.${row.key}.${col.key}`);
  for (const row of applicationRows(format)) for (const col of APPLICANT_COLUMNS) keys.push(`applications.${row.key}.${col}`);
  for (const group of REVIEW_GROUPS) for (const col of REVIEW_COLUMNS) keys.push(`reviewLitigation.${group}.${col}`);
  return keys;
}

/** The columns of a download: the 2021 format's cells, then those only the 2019 format has. */
export const ALL_CELL_KEYS: readonly string[] = (() => {
  const keys = formatCellKeys('2021');
  const seen = new Set(keys);
  for (const k of formatCellKeys('2019')) if (!seen.has(k)) keys.push(k);
  return keys;
})();
