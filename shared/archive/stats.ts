import { randomUUID } from 'node:crypto';
import { NATIONAL, rollUp } from '../regions/region-codes';
import { AppError } from './errors';
import { formatCellKeys } from '../model/report-cells';
import type { Aggregate } from './view-models';
import type { ArchivePorts } from './ports';
import type { ReportRow, StatsItem, StatsUpdate } from './types';

/**
 * The statistics are sums kept per region and year, changed by each commit by the difference between
 * the new latest version and the one it replaces, so that a statistics page reads one item however
 * many reports there are. The row of an agency-year is the ledger of what is counted for it.
 */

const CELL = 'c:';
const FORMAT = 'fmt:';
/** checked reports per format: every cell of that format is then known, a missing sum is 0 */
const CHECKED_FORMAT = 'cfmt:';
/** Sent with every update of a year's national item: the downloads rebuild when it moves. */
export const REVISION = 'rev';

/** What one report adds to the roll-ups it belongs to. Only reports read in full add their cells. */
export function contribution(row: ReportRow): Record<string, number> {
  if (row.empty) return {};
  const out: Record<string, number> = { reports: 1, [row.checked ? 'checked' : 'unchecked']: 1, [`${FORMAT}${row.format}`]: 1 };
  if (row.errors > 0) out.withErrors = 1;
  if (row.checked && row.format !== 'pre2019') {
    out[`${CHECKED_FORMAT}${row.format}`] = 1;
    for (const [k, v] of Object.entries(row.cells)) if (typeof v === 'number' && v !== 0) out[`${CELL}${k}`] = v;
  }
  return out;
}

/** Stays well inside DynamoDB's 4 KB update expression. */
const MAX_ADDS_PER_UPDATE = 100;

/** The updates that move the statistics from counting `old` to counting `next` for this agency-year. */
export function statsUpdates(old: ReportRow | undefined, next: ReportRow, tag: string = String(next.version)): StatsUpdate[] {
  const targets = new Map<string, { year: number | 'all'; region: string; adds: Map<string, number> }>();
  const add = (year: number | 'all', region: string, values: Record<string, number>, sign: 1 | -1) => {
    const key = `${year}|${region}`;
    const t = targets.get(key) ?? { year, region, adds: new Map<string, number>() };
    for (const [k, v] of Object.entries(values)) t.adds.set(k, (t.adds.get(k) ?? 0) + sign * v);
    targets.set(key, t);
  };
  const count = (row: ReportRow, sign: 1 | -1) => {
    const c = contribution(row);
    for (const region of rollUp(row.region ?? NATIONAL)) {
      add(row.year, region, c, sign);
      // Across years only the counts: sums of different years' figures mean nothing.
      const counts = Object.fromEntries(Object.entries(c).filter(([k]) => k === 'reports' || k === 'withErrors' || k === 'unchecked'));
      add('all', region, counts, sign);
    }
  };
  if (old) count(old, -1);
  count(next, 1);
  add(next.year, NATIONAL, { [REVISION]: 1 }, 1);
  add('all', NATIONAL, { [REVISION]: 1 }, 1);

  const out: StatsUpdate[] = [];
  const token = `t:${next.agency}:${next.year}:${tag}`;
  for (const t of targets.values()) {
    // Decimal cells (fees) differ by float noise; DynamoDB adds decimals exactly.
    const adds = [...t.adds].map(([k, v]) => [k, Math.round(v * 1e6) / 1e6] as const).filter(([, v]) => v !== 0);
    if (adds.length === 0) continue;
    for (let i = 0; i < adds.length; i += MAX_ADDS_PER_UPDATE) {
      out.push({
        year: t.year,
        region: t.region,
        adds: Object.fromEntries(adds.slice(i, i + MAX_ADDS_PER_UPDATE)),
        token: `${token}:${i / MAX_ADDS_PER_UPDATE}`,
      });
    }
  }
  return out;
}

/**
 * Longer than any function that commits may run (uploads time out at 29 s): once a lease has run out,
 * its holder is gone and none of its updates can still land, so a successor may re-apply them under
 * their tokens and then delete the tokens.
 */
export const ROW_LEASE_MS = 60_000;
/** How long a commit waits for another commit of the same agency-year to finish its statistics. */
const MAX_WAIT_MS = 10_000;

/**
 * Makes the row and the statistics count `row`. Under the agency-year's lease, the row is written
 * with its updates pending, each update is applied once (its token on the item makes a repeat a
 * no-op), the row is marked done and the tokens removed. A commit that stopped half way is finished
 * by the next one for the same agency-year once its lease has run out, or by the same upload
 * retried. An older version arriving late changes nothing.
 */
export async function recordRow(ports: Pick<ArchivePorts, 'index'>, row: ReportRow, now: () => number = Date.now): Promise<void> {
  const { index } = ports;
  await index.noteYearAndLevel(row.year, row.level);
  await underRowLease(
    ports,
    row,
    now,
    async (lease) => {
      const current = await index.getRow(row.agency, row.year);
      // A commit that stopped half way: its lease has run out, so none of its updates is still in flight.
      if (current?.pending?.length) await finish(ports, current);
      if (current && current.version >= row.version) return;
      // A withdrawn version is never counted, even by its own upload finishing late.
      if (current?.withdrawn?.includes(row.version)) return;
      const pending = statsUpdates(current, row);
      const next = { ...row, pending, ...(current?.withdrawn ? { withdrawn: current.withdrawn } : {}) };
      if (!(await index.putRow(next, current?.version, lease()))) throw busy(1);
      await finish(ports, next);
    },
    async () => {
      // Whoever holds the lease may be counting a newer version than ours: then there is nothing left to do.
      const current = await index.getRow(row.agency, row.year);
      return !!current?.withdrawn?.includes(row.version) || (!!current && current.version >= row.version && !current.pending?.length);
    },
  );
}

const busy = (retryAfterSeconds: number) =>
  new AppError(503, 'unavailable', 'Busy', '同一年度的报告正在更新统计，请稍后重试', {}, { 'retry-after': String(retryAfterSeconds) });

/**
 * Runs `work` holding the agency-year's statistics lease (`lease()` gives the lease as it stands now,
 * for a conditional write), and releases it. While another holds it, `settled` may say there is
 * nothing left to do; after MAX_WAIT_MS of waiting, the caller is told to come back (503).
 */
async function underRowLease(
  ports: Pick<ArchivePorts, 'index'>,
  key: { agency: string; year: number },
  now: () => number,
  work: (lease: () => { owner: string; until: number }) => Promise<void>,
  settled?: () => Promise<boolean>,
): Promise<void> {
  const { index } = ports;
  const owner = randomUUID();
  const started = now();
  let wait = 20;
  while (!(await index.leaseRow(key.agency, key.year, owner, now(), ROW_LEASE_MS))) {
    if (settled && (await settled())) return;
    if (now() - started > MAX_WAIT_MS) throw busy(ROW_LEASE_MS / 1000);
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 500);
  }
  try {
    await work(() => ({ owner, until: now() + ROW_LEASE_MS }));
  } finally {
    await index.releaseRow(key.agency, key.year, owner);
  }
}

/**
 * After a withdrawal: the statistics stop counting version `withdrawn` and count `fallback` instead
 * (the newest version left), or nothing. The one move backwards `recordRow` never makes, done the
 * same way: under the lease, the updates pending on the row under their own tokens (`w{n}`), so a
 * retried withdrawal applies each once. The row remembers the withdrawn number, so that a commit of
 * that version finishing late cannot count it again.
 */
export async function recountWithout(
  ports: Pick<ArchivePorts, 'index'>,
  key: { agency: string; year: number },
  withdrawn: number,
  fallback: ReportRow | undefined,
  now: () => number = Date.now,
): Promise<void> {
  const { index } = ports;
  await underRowLease(ports, key, now, async (lease) => {
    const current = await index.getRow(key.agency, key.year);
    if (current?.pending?.length) await finish(ports, current);
    if (current?.withdrawn?.includes(withdrawn)) return;
    const list = [...(current?.withdrawn ?? []), withdrawn];
    let next: ReportRow;
    if (current && current.version === withdrawn && !current.empty) {
      const base = fallback ?? { ...current, cells: {}, unread: [], empty: true };
      next = { ...base, withdrawn: list, pending: statsUpdates(current, base, `w${withdrawn}`) };
    } else {
      // The row counts another version (or none yet): only remember the number.
      next = current ? { ...current, pending: undefined, withdrawn: list } : { ...emptyRow(key, withdrawn), withdrawn: list };
    }
    if (!(await index.putRow(next, current?.version, lease()))) throw busy(1);
    if (next.pending?.length) await finish(ports, next);
  });
}

const emptyRow = (key: { agency: string; year: number }, version: number): ReportRow => ({
  agency: key.agency,
  agencyName: key.agency,
  year: key.year,
  version,
  format: '-',
  checked: false,
  errors: 0,
  warnings: 0,
  cells: {},
  unread: [],
  empty: true,
});

async function finish({ index }: Pick<ArchivePorts, 'index'>, row: ReportRow): Promise<void> {
  const pending = row.pending ?? [];
  await Promise.all(pending.map((u) => index.applyStats(u)));
  await index.clearPending(row.agency, row.year, row.version);
  await Promise.all(pending.map((u) => index.clearStatsToken(u)));
}

/** A statistics item read back as the pages use it. */
export function aggregate(item: StatsItem | undefined): Aggregate {
  const out: Aggregate = { reports: 0, checked: 0, unchecked: 0, withErrors: 0, formats: {}, cells: {} };
  if (!item) return out;
  for (const [k, v] of Object.entries(item)) {
    // A sum brought back to 0 by a correction stays on the item; it is a figure only while checked reports of its format remain (below).
    if (k.startsWith(CELL)) {
      if (v !== 0) out.cells[k.slice(CELL.length)] = Math.round(v * 1e6) / 1e6;
    } else if (k.startsWith(FORMAT)) {
      if (v) out.formats[k.slice(FORMAT.length)] = v;
    } else if (k.startsWith(CHECKED_FORMAT)) {
      if (v > 0) for (const key of formatCellKeys(k.slice(CHECKED_FORMAT.length) as '2021' | '2019')) out.cells[key] ??= 0;
    } else if (k === 'reports' || k === 'checked' || k === 'unchecked' || k === 'withErrors') out[k] = v;
  }
  return out;
}
