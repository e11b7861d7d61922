import type { Report } from '../model/report';
import { allCells, tablesOf } from '../model/table-access';
import type { ChangedCell } from './types';

export const MAX_CHANGED_CELLS = 200;

const shown = (c: { value: number | null; raw?: string } | undefined) => (c === undefined ? null : (c.raw ?? c.value));

/** Which table cells differ between two versions of a report (by canonical keys). */
export function changedCells(before: Report | undefined, after: Report): { cells: ChangedCell[]; truncated: boolean } {
  const cellsOf = (r: Report | undefined) => {
    const t = r && tablesOf(r);
    const map = new Map<string, { table: string; row: string; column: string; v: number | string | null }>();
    if (t)
      for (const c of allCells(t.format, t.tables))
        map.set(`${c.table}|${c.row}|${c.column}`, { table: c.table, row: c.row, column: c.column, v: shown(c.cell) });
    return map;
  };
  if (!before) return { cells: [], truncated: false };
  const a = cellsOf(before);
  const b = cellsOf(after);
  const out: ChangedCell[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    const from = x?.v ?? null;
    const to = y?.v ?? null;
    const ref = y ?? x;
    if (from !== to && ref) {
      out.push({ table: ref.table, row: ref.row, column: ref.column, from, to });
    }
  }
  return { cells: out.slice(0, MAX_CHANGED_CELLS), truncated: out.length > MAX_CHANGED_CELLS };
}
