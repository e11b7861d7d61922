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

export const tablesOf = (report: Report): { format: '2021' | '2019'; tables: Tables } | undefined =>
  report.format !== 'pre2019' && report.tables ? { format: report.format, tables: report.tables as Tables } : undefined;

/** Table 三 row by dotted key (`denied.stateSecret`). */
export function applicationRow(tables: Tables, key: string): Row {
  const [head, leaf] = key.split('.') as [string, string | undefined];
  const node = (tables.applications as Record<string, unknown>)[head] as Record<string, unknown>;
  return (leaf ? node[leaf] : node) as Row;
}

export const n = (cell: Cell | undefined): number => cell?.value ?? 0;

export const columnLabel = (c: string) => APPLICANT_COLUMN_LABELS[c as ApplicantColumn] ?? c;

export function rowLabel(format: '2021' | '2019', key: string): string {
  const app = applicationRows(format).find((r) => r.key === key);
  if (app) return app.group && !app.label.startsWith('（') ? `${app.group.replace(/^（.）/, '')}${app.label}` : app.label;
  for (const b of disclosureBlocks(format)) for (const r of b.rows) if (r.key === key) return r.label;
  return key;
}

/** Every cell of every table with its location and a human name for it. */
export function* allCells(format: '2021' | '2019', tables: Tables) {
  for (const block of disclosureBlocks(format)) {
    for (const row of block.rows) {
      for (const col of block.columns) {
        const cell = (tables.activeDisclosure as Record<string, Row>)[row.key]![col.key]!;
        yield { table: 'activeDisclosure' as const, row: row.key, column: col.key, cell, signed: !!col.signed, decimal: !!col.decimal, where: `“${row.label}” ${col.label}` };
      }
    }
  }
  for (const r of applicationRows(format)) {
    const row = applicationRow(tables, r.key);
    for (const [column, cell] of Object.entries(row)) {
      yield { table: 'applications' as const, row: r.key, column, cell, signed: false, decimal: false, where: `“${rowLabel(format, r.key)}” ${columnLabel(column)}` };
    }
  }
  for (const [group, row] of Object.entries(tables.reviewLitigation as Record<string, Row>)) {
    for (const [column, cell] of Object.entries(row)) {
      const where = `${REVIEW_GROUP_LABELS[group as keyof typeof REVIEW_GROUP_LABELS]} ${REVIEW_COLUMN_LABELS[column as keyof typeof REVIEW_COLUMN_LABELS]}`;
      yield { table: 'reviewLitigation' as const, row: group, column, cell, signed: false, decimal: false, where };
    }
  }
}
