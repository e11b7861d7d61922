import { APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, applicationRows, disclosureBlocks } from '../model/keys';
import type { Cell, Report, Tables } from '../model/report';
import { describeCell, forEachCell, isUnknown, tablesOf, type CellRef } from '../model/table-access';

/**
 * Cells the reporting agency typed in for what the document left unread (issue 15): the report
 * as read, with those cells filled and marked `source: "entered"`, so that every check runs on
 * them and nothing shows them as read from the document. Pure: the archive and the dry run both
 * call it, so the same cells are refused for the same reasons.
 */

export type EnteredCells = Record<string, number>;

export type EnterCellsProblem =
  | { code: 'cells-empty' }
  | { code: 'cells-unknown'; cells: string[] }
  | { code: 'cells-bad-value'; cells: string[]; names: string[] }
  | { code: 'cells-not-unread'; cells: string[]; names: string[] }
  | { code: 'cells-no-tables' };

export type EnterCellsResult = { ok: true; report: Report; entered: string[] } | { ok: false; problem: EnterCellsProblem };

/** More than a table 三 row's worth of digits is not a count anyone reports. */
const MAX_VALUE = 1e12;

const key = (ref: Pick<CellRef, 'table' | 'row' | 'column'>) => `${ref.table}.${ref.row}.${ref.column}`;

/** The report's cell keys typed in earlier (its cells marked entered), in table order. */
export function enteredKeys(report: Report): string[] {
  const t = tablesOf(report);
  if (!t) return [];
  const out: string[] = [];
  forEachCell(t.format, t.tables, (ref) => {
    if (ref.cell.source === 'entered') out.push(key(ref));
  });
  return out;
}

/**
 * The report with the given cells filled. Only cells the report left unread may be filled; a
 * table not read at all (a scan) is laid out with every cell unread first, so the clerk can give
 * it whole. Keys are the canonical ones (docs/format.md); values plain numbers, whole unless the
 * column takes decimals (金额), negative only in 本年增/减.
 */
export function enterCells(report: Report, cells: Readonly<Record<string, unknown>>): EnterCellsResult {
  const wanted = Object.keys(cells);
  if (wanted.length === 0) return { ok: false, problem: { code: 'cells-empty' } };
  if (report.format === 'pre2019') return { ok: false, problem: { code: 'cells-no-tables' } };
  const copy = structuredClone(report) as Extract<Report, { format: '2021' | '2019' }>;
  if (!copy.tables) (copy as { tables: Tables }).tables = unreadTables(copy.format);
  const t = tablesOf(copy);
  if (!t) return { ok: false, problem: { code: 'cells-no-tables' } };
  const refs = new Map<string, CellRef>();
  forEachCell(t.format, t.tables, (ref) => refs.set(key(ref), ref));

  const given: { k: string; ref: CellRef }[] = [];
  const unknown: string[] = [];
  for (const k of wanted) {
    const ref = refs.get(k);
    if (ref) given.push({ k, ref });
    else unknown.push(k);
  }
  if (unknown.length > 0) return { ok: false, problem: { code: 'cells-unknown', cells: unknown } };
  const bad = given.filter(({ k, ref }) => !acceptable(ref, cells[k]));
  if (bad.length > 0)
    return { ok: false, problem: { code: 'cells-bad-value', cells: bad.map(({ k }) => k), names: bad.map(({ ref }) => describeCell(t.format, ref)) } };
  const read = given.filter(({ ref }) => !isUnknown(ref.cell));
  if (read.length > 0)
    return { ok: false, problem: { code: 'cells-not-unread', cells: read.map(({ k }) => k), names: read.map(({ ref }) => describeCell(t.format, ref)) } };

  for (const { k, ref } of given) {
    const cell = ref.cell as Cell;
    // What the parser kept of an unreadable run (`raw`) is not what the clerk gave: it goes.
    delete cell.raw;
    delete cell.unit;
    cell.value = cells[k] as number;
    cell.source = 'entered';
  }
  const entered = [...refs].filter(([, ref]) => ref.cell.source === 'entered').map(([k]) => k);
  return { ok: true, report: copy, entered };
}

function acceptable(ref: CellRef, value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_VALUE) return false;
  if (!ref.signed && value < 0) return false;
  return ref.decimal || Number.isInteger(value);
}

/** A format's three tables with every cell unread: what a report whose tables were not read at all has. */
export function unreadTables(format: '2021' | '2019'): Tables {
  const unread = (): Cell => ({ value: null });
  const row = (columns: readonly string[]) => Object.fromEntries(columns.map((c) => [c, unread()]));
  const activeDisclosure = Object.fromEntries(disclosureBlocks(format).flatMap((b) => b.rows.map((r) => [r.key, row(b.columns.map((c) => c.key))])));
  const applications: Record<string, unknown> = {};
  for (const r of applicationRows(format)) {
    const [head, leaf] = r.key.split('.') as [string, string | undefined];
    if (!leaf) {
      applications[head] = row(APPLICANT_COLUMNS);
      continue;
    }
    applications[head] ??= {};
    (applications[head] as Record<string, unknown>)[leaf] = row(APPLICANT_COLUMNS);
  }
  const reviewLitigation = Object.fromEntries(REVIEW_GROUPS.map((g) => [g, row(REVIEW_COLUMNS)]));
  return { activeDisclosure, applications, reviewLitigation } as unknown as Tables;
}
