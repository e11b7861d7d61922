import {
  APPLICANT_COLUMNS,
  APPLICANT_COLUMN_LABELS,
  REVIEW_COLUMNS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  REVIEW_GROUPS,
  applicationRows,
  disclosureBlocks,
  extraRows,
  type ApplicantColumn,
  type ApplicationRowKey,
} from './keys';
import type { ApplicantRow, Cell, Report, Tables, Tables2019, Tables2021 } from './report';
import { must } from './must';

export type { Tables };
/** A row of any table, for code that walks the key lists rather than naming cells. */
export type Row = Readonly<Record<string, Cell>>;

export type TableView = { format: '2021'; tables: Tables2021 } | { format: '2019'; tables: Tables2019 };

export function tablesOf(report: Report): TableView | undefined {
  if (report.format === '2021' && report.tables) return { format: '2021', tables: report.tables };
  if (report.format === '2019' && report.tables) return { format: '2019', tables: report.tables };
  return undefined;
}

const paths = new Map<string, [string, string | undefined]>();
/** A dotted key split once: the equations look rows up by key for every term of every check. */
function pathOf(key: string): [string, string | undefined] {
  let path = paths.get(key);
  if (!path) {
    path = key.split('.') as [string, string | undefined];
    paths.set(key, path);
  }
  return path;
}

/** Table 三 row by dotted key (`denied.stateSecret`). */
export function applicationRow(tables: Tables, key: ApplicationRowKey): ApplicantRow {
  const [head, leaf] = pathOf(key);
  // The dotted key is checked by its type; walking it is the one untyped step.
  const node = (tables.applications as unknown as Record<string, Record<string, ApplicantRow> | undefined>)[head];
  return (leaf ? node?.[leaf] : node) as ApplicantRow;
}

/**
 * A table 三 row that the table may or may not have printed (`otherHandling.total` of a 2021 table,
 * see `extraRows`): undefined when it did not.
 */
export function printedRow(tables: Tables, key: string): ApplicantRow | undefined {
  const [head, leaf] = pathOf(key);
  const node: unknown = (tables.applications as Record<string, unknown>)[head ?? ''];
  const row: unknown = leaf && node && typeof node === 'object' ? (node as Record<string, unknown>)[leaf] : node;
  return row && typeof row === 'object' ? (row as ApplicantRow) : undefined;
}

/** Table 二 row by key, for code that walks `disclosureBlocks(format)`. */
export function disclosureRow(tables: Tables, key: string): Row {
  return must((tables.activeDisclosure as Record<string, Row>)[key], `a valid table 二 has every row of its format, ${key} too`);
}

/**
 * A cell no number was read for: missing from the input, or part of a run of digits that has no
 * one split (`raw` then holds the run). Never 0: the equations it is in are not checked.
 */
export const isUnknown = (cell: Cell | undefined): boolean => !cell || (cell.value === null && (cell.raw === undefined || HAS_DIGIT.test(cell.raw)));
/** A cell written blank or not applicable ("", "/", "—", "无"): the checks count it 0, with a warning. */
export const isBlank = (cell: Cell | undefined): boolean => !!cell && cell.value === null && !isUnknown(cell);
const HAS_DIGIT = /\d/;

/** The number a check uses: a written blank counts 0. Only for cells known not to be unknown. */
export const n = (cell: Cell | undefined): number => cell?.value ?? 0;

/** The sum of the cells, or undefined when one of them is unknown: such an equation is not checked. */
export function sum(cells: readonly (Cell | undefined)[]): number | undefined {
  let s = 0;
  for (const c of cells) {
    if (c === undefined || isUnknown(c)) return undefined;
    s += c.value ?? 0;
  }
  return s;
}

/** The number an equation uses: a written blank counts 0, an unknown cell is undefined. */
export const num = (cell: Cell | undefined): number | undefined => (isUnknown(cell) ? undefined : (cell?.value ?? 0));

export const columnLabel = (c: string) => APPLICANT_COLUMN_LABELS[c as ApplicantColumn] ?? c;

export function rowLabel(format: '2021' | '2019', key: string): string {
  const app = applicationRows(format).find((r) => r.key === key) ?? extraRows(format).find((r) => r.key === key);
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
      const cells = disclosureRow(tables, row.key);
      for (const col of block.columns) {
        const cell = must(cells[col.key], `a valid table 二 row has every column of its block, ${col.key} too`);
        visit({ table: 'activeDisclosure', row: row.key, column: col.key, cell, signed: !!col.signed, decimal: !!col.decimal });
      }
    }
  }
  for (const r of applicationRows(format)) {
    const row = applicationRow(tables, r.key);
    for (const column of APPLICANT_COLUMNS) visit({ table: 'applications', row: r.key, column, cell: row[column], signed: false, decimal: false });
  }
  for (const group of REVIEW_GROUPS) {
    const row = tables.reviewLitigation[group];
    for (const column of REVIEW_COLUMNS) visit({ table: 'reviewLitigation', row: group, column, cell: row[column], signed: false, decimal: false });
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
