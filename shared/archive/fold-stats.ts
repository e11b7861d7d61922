import { levelOf, NATIONAL, rollUp } from '../regions/region-codes';
import type { StatsLedger } from '../storage/ports';
import { addInto, contribution } from './stats';
import type { ReportRow, RowChange, StatsItem } from './types';

/**
 * The fold: a batch of ROW changes (from the table's stream on AWS, from the local stack's change
 * log locally) becomes one write per roll-up item, however many uploads of the batch fall under it.
 *
 * Exactly once: a change is first added to the *own* roll-up of the region its agency is filed at,
 * which keeps, per agency, the rev of the row its sums are at (the mark). A change whose rev is not
 * above the mark was applied already (a redelivered batch) and adds nothing; the write is
 * conditional on the marks read, so two folds never apply one change twice. The *totals* above it
 * (city, province, country) are then computed again from their parts, the region's own roll-up and
 * its children's totals, read strongly consistent after the total's revision and written only if
 * that revision has not moved: a total is a function of what is stored, so a fold repeated or run
 * twice at once can only write the same figures again.
 *
 * No hot item: the national total is written once per batch (about 2 per second at 200 uploads/s
 * with batches of 100), the province totals at most once each per batch; the own roll-ups are
 * spread over one partition per region (see `table-keys.ts`).
 */

type FoldPorts = Pick<StatsLedger, 'readOwn' | 'addOwn' | 'readParts' | 'putTotal' | 'noteYearsAndLevels'>;

/** Conditional writes that lose to another fold read again; a fold that keeps losing fails and is redelivered. */
const MAX_ATTEMPTS = 20;
/** The largest number of agencies one conditional write moves the marks of: keeps the expressions under 4 KB. */
const MARKS_PER_WRITE = 40;

interface OwnEntry {
  rev: number;
  sign: 1 | -1;
  values: Record<string, number>;
}

const regionOf = (row: ReportRow) => row.region || NATIONAL;

/** The own roll-ups a batch changes: year and region → agency → the signed contributions, by rev. */
function ownChanges(changes: readonly RowChange[]) {
  const own = new Map<string, { year: number; region: string; agencies: Map<string, OwnEntry[]> }>();
  const push = (row: ReportRow, rev: number, sign: 1 | -1) => {
    const key = `${row.year}|${regionOf(row)}`;
    const item = own.get(key) ?? { year: row.year, region: regionOf(row), agencies: new Map<string, OwnEntry[]>() };
    own.set(key, item);
    const list = item.agencies.get(row.agency) ?? [];
    item.agencies.set(row.agency, list);
    list.push({ rev, sign, values: contribution(row) });
  };
  for (const change of changes) {
    const rev = change.new.rev ?? 0;
    if (change.old) push(change.old, rev, -1);
    push(change.new, rev, 1);
  }
  return [...own.values()];
}

/** Folds a batch of row changes into the statistics. Safe to repeat, in part or in whole, and to run beside another fold. */
export async function foldChanges(index: FoldPorts, changes: readonly RowChange[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c) => c.new);
  await index.noteYearsAndLevels([...new Set(rows.map((r) => r.year))], [...new Set(rows.flatMap((r) => (r.level ? [r.level] : [])))]);

  const own = ownChanges(changes);
  await Promise.all(own.map((item) => addToOwn(index, item)));

  // The totals above each changed own roll-up, deepest first: a city before its province, the province before the country.
  const totals = new Map<string, { year: number; region: string; level: number }>();
  for (const { year, region } of own) {
    for (const r of rollUp(region)) {
      if (levelOf(r) === 3) continue;
      totals.set(`${year}|${r}`, { year, region: r, level: levelOf(r) });
    }
  }
  for (const level of [2, 1, 0]) {
    await Promise.all([...totals.values()].filter((t) => t.level === level).map((t) => recomputeTotal(index, t.year, t.region)));
  }
}

async function addToOwn(index: FoldPorts, item: { year: number; region: string; agencies: Map<string, OwnEntry[]> }): Promise<void> {
  const agencies = [...item.agencies];
  for (let i = 0; i < agencies.length; i += MARKS_PER_WRITE) {
    const chunk = agencies.slice(i, i + MARKS_PER_WRITE);
    for (let attempt = 0; ; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new Error(`fold: own roll-up ${item.year} ${item.region} kept changing`);
      const stored = await index.readOwn(item.year, item.region);
      const adds: Record<string, number> = {};
      const marks: { agency: string; from: number | undefined; to: number }[] = [];
      for (const [agency, entries] of chunk) {
        const from = stored?.marks[agency];
        const fresh = entries.filter((e) => e.rev > (from ?? -1));
        if (fresh.length === 0) continue;
        for (const e of fresh) addInto(adds, e.values, e.sign);
        marks.push({ agency, from, to: Math.max(...fresh.map((e) => e.rev)) });
      }
      if (marks.length === 0) break;
      const nonZero = Object.fromEntries(Object.entries(adds).filter(([, v]) => v !== 0));
      if (await index.addOwn(item.year, item.region, nonZero, marks)) break;
    }
  }
}

/** Sums the parts of a region's total (numbers only: revisions and change times are the item's own). */
export function sumParts(parts: readonly StatsItem[]): StatsItem {
  const out: StatsItem = {};
  for (const part of parts) {
    const { rev: _rev, changedAt: _at, ...values } = part;
    addInto(out, values);
  }
  return out;
}

async function recomputeTotal(index: FoldPorts, year: number, region: string): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { rev, parts } = await index.readParts(year, region);
    if (await index.putTotal(year, region, sumParts(parts), rev)) return;
  }
  throw new Error(`fold: total ${year} ${region} kept changing`);
}
