import {
  APPLICANT_COLUMN_LABELS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  applicationRows,
  disclosureBlocks,
  type ApplicantColumn,
} from '../model/keys';
import type { Cell, Report, TabledReport } from '../model/report';

export type Tables = NonNullable<TabledReport['tables']>;
export type Row = Record<string, Cell>;

export type TableView = { format: '2021' | '2019'; tables: Tables };

export const tablesOf = (report: Report): TableView | undefined =>
  report.format !== 'pre2019' && report.tables ? { format: report.format, tables: report.tables as Tables } : undefined;

const paths = new Map<string, [string, string | undefined]>();

/** Table 三 row by dotted key (`denied.stateSecret`). */
export function applicationRow(tables: Tables, key: string): Row {
  let path = paths.get(key);
  if (!path) paths.set(key, (path = key.split('.') as [string, string | undefined]));
  const [head, leaf] = path;
  const node = (tables.applications as Record<string, unknown>)[head] as Record<string, unknown>;
  return (leaf ? node[leaf] : node) as Row;
}

export const n = (cell: Cell | undefined): number => cell?.value ?? 0;

export const columnLabel = (c: string) => APPLICANT_COLUMN_LABELS[c as ApplicantColumn] ?? c;

export function rowLabel(format: '2021' | '2019', key: string): string {
  const app = applicationRows(format).find((r) => r.key === key);
  if (app) return app.group?.startsWith('（') ? `${app.group} ${app.label}` : app.label;
  for (const b of disclosureBlocks(format)) for (const r of b.rows) if (r.key === key) return r.label;
  return key;
}

export interface CellRef {
  table: 'activeDisclosure' | 'applications' | 'reviewLitigation';
  row: string;
  column: string;
  cell: Cell;
  signed: boolean;
  decimal: boolean;
}

/** Visits every cell of every table with its location (a plain loop: this is on the hot path). */
export function forEachCell(format: '2021' | '2019', tables: Tables, visit: (ref: CellRef) => void): void {
  for (const block of disclosureBlocks(format)) {
    for (const row of block.rows) {
      const cells = (tables.activeDisclosure as Record<string, Row>)[row.key]!;
      for (const col of block.columns) {
        visit({ table: 'activeDisclosure', row: row.key, column: col.key, cell: cells[col.key]!, signed: !!col.signed, decimal: !!col.decimal });
      }
    }
  }
  for (const r of applicationRows(format)) {
    const row = applicationRow(tables, r.key);
    for (const column in row) visit({ table: 'applications', row: r.key, column, cell: row[column]!, signed: false, decimal: false });
  }
  const review = tables.reviewLitigation as Record<string, Row>;
  for (const group in review) {
    const row = review[group]!;
    for (const column in row) visit({ table: 'reviewLitigation', row: group, column, cell: row[column]!, signed: false, decimal: false });
  }
}

export function allCells(format: '2021' | '2019', tables: Tables): CellRef[] {
  const out: CellRef[] = [];
  forEachCell(format, tables, (ref) => out.push(ref));
  return out;
}

/** A cell's name as the clerk sees it in the printed table. */
export function describeCell(format: '2021' | '2019', ref: CellRef): string {
  if (ref.table === 'reviewLitigation') {
    return `${REVIEW_GROUP_LABELS[ref.row as keyof typeof REVIEW_GROUP_LABELS]} ${REVIEW_COLUMN_LABELS[ref.column as keyof typeof REVIEW_COLUMN_LABELS]}`;
  }
  if (ref.table === 'applications') return `“${rowLabel(format, ref.row)}” ${columnLabel(ref.column)}`;
  for (const b of disclosureBlocks(format)) {
    const row = b.rows.find((r) => r.key === ref.row);
    const col = b.columns.find((c) => c.key === ref.column);
    if (row && col) return `“${row.label}” ${col.label}`;
  }
  return `${ref.row} ${ref.column}`;
}
