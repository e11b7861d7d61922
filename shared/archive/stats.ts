import { AppError } from './errors';
import { formatCellKeys } from '../model/report-cells';
import type { Aggregate } from './view-models';
import type { ArchivePorts } from './ports';
import type { ReportRow, StatsItem } from './types';

/**
 * The statistics are sums kept per region and year. The upload writes only the agency-year's `ROW`;
 * the fold (`fold-stats.ts`), fed by the table's stream, turns each change of a row into the
 * difference it makes and adds a batch of them to the roll-ups at once, so that a statistics page
 * still reads one item however many reports there are, and the hot national item is written once
 * per batch rather than once per upload.
 */

const CELL = 'c:';
const FORMAT = 'fmt:';
/** checked reports per format: every cell of that format is then known, a missing sum is 0 */
const CHECKED_FORMAT = 'cfmt:';
/** Counts each write of a roll-up: the downloads rebuild when the national one moves. */
export const REVISION = 'rev';
/** When a roll-up was last folded into (epoch ms): the pages say "as of" it. */
export const CHANGED_AT = 'changedAt';

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

/** Adds `values` × `sign` into `into`; decimal cells (fees) differ by float noise, so sums are rounded to 6 places. */
export function addInto(into: Record<string, number>, values: Record<string, number>, sign: 1 | -1 = 1): Record<string, number> {
  for (const [k, v] of Object.entries(values)) into[k] = Math.round(((into[k] ?? 0) + sign * v) * 1e6) / 1e6;
  return into;
}

/** Only the counts add up across years: sums of different years' figures mean nothing. */
const ACROSS_YEARS = new Set(['reports', 'withErrors', 'unchecked', 'checked', REVISION]);

/** A region's roll-up across years, from its roll-up of each year: the counts summed, the latest change time. */
export function acrossYears(items: (StatsItem | undefined)[]): StatsItem | undefined {
  const present = items.filter((i): i is StatsItem => !!i);
  if (present.length === 0) return undefined;
  const out: StatsItem = {};
  for (const item of present) {
    for (const [k, v] of Object.entries(item)) if (ACROSS_YEARS.has(k)) out[k] = (out[k] ?? 0) + v;
    out[CHANGED_AT] = Math.max(out[CHANGED_AT] ?? 0, item[CHANGED_AT] ?? 0);
  }
  return out;
}

/** How long a commit keeps trying to write its row over other commits of the same agency-year. */
const MAX_ROW_ATTEMPTS = 60;

/**
 * Makes the row hold `row`, unless it already holds that version or a newer one (an older version
 * arriving late changes nothing) or `row`'s version was withdrawn. The write is conditional on the
 * row read, so of concurrent commits each either lands over the one before or reads again.
 */
export async function recordRow(ports: Pick<ArchivePorts, 'index'>, row: ReportRow): Promise<void> {
  await rewriteRow(ports, row, (current) => {
    if (current && current.version >= row.version) return undefined;
    // A withdrawn version is never counted, even by its own upload finishing late.
    if (current?.withdrawn?.includes(row.version)) return undefined;
    return { ...row, ...(current?.withdrawn ? { withdrawn: current.withdrawn } : {}) };
  });
}

/**
 * After a withdrawal: the row stops holding version `withdrawn` and holds `fallback` instead (the
 * newest version left), or counts nothing. The row remembers the withdrawn number, so that a commit
 * of that version finishing late cannot count it again. Sent again, it changes nothing.
 */
export async function recountWithout(
  ports: Pick<ArchivePorts, 'index'>,
  key: { agency: string; year: number },
  withdrawn: number,
  fallback: ReportRow | undefined,
): Promise<void> {
  await rewriteRow(ports, key, (current) => {
    if (current?.withdrawn?.includes(withdrawn)) return undefined;
    const list = [...(current?.withdrawn ?? []), withdrawn];
    if (current && current.version === withdrawn && !current.empty) {
      return { ...(fallback ?? { ...current, cells: {}, unread: [], empty: true }), withdrawn: list };
    }
    // The row holds another version (or none yet): only remember the number.
    return current ? { ...current, withdrawn: list } : { ...emptyRow(key, withdrawn), withdrawn: list };
  });
}

/** Reads the row, asks `next` what it should become (undefined: nothing to do) and writes that over what was read. */
async function rewriteRow(
  { index }: Pick<ArchivePorts, 'index'>,
  key: { agency: string; year: number },
  next: (current: ReportRow | undefined) => ReportRow | undefined,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ROW_ATTEMPTS; attempt++) {
    const current = await index.getRow(key.agency, key.year);
    const wanted = next(current);
    if (!wanted) return;
    if (await index.putRow({ ...wanted, rev: (current?.rev ?? 0) + 1 }, current)) return;
    // Another commit wrote first: spread the retries of many racing commits.
    await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));
  }
  throw new AppError('unavailable', '同一年度的报告正在更新统计，请稍后重试');
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

/** A statistics item read back as the pages use it. */
export function aggregate(item: StatsItem | undefined): Aggregate {
  const out: Aggregate = { reports: 0, checked: 0, unchecked: 0, withErrors: 0, formats: {}, cells: {} };
  if (!item) return out;
  if (item[CHANGED_AT]) out.asOf = item[CHANGED_AT];
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

type StatsReads = Pick<ArchivePorts['index'], 'statsMeta' | 'getStats' | 'getStatsMany' | 'childStats'>;

/** A region's roll-up for a year, or across the years (summed from each year's, as read). */
export async function readStats(index: StatsReads, year: number | 'all', region: string): Promise<StatsItem | undefined> {
  if (year !== 'all') return index.getStats(year, region);
  const { years } = await index.statsMeta();
  return acrossYears(await index.getStatsMany(years.map((y) => ({ year: y, region }))));
}

/** The roll-ups of the regions directly under one, for a year or across the years. */
export async function readChildStats(index: StatsReads, year: number | 'all', region: string): Promise<{ region: string; stats: StatsItem }[]> {
  if (year !== 'all') return index.childStats(year, region);
  const { years } = await index.statsMeta();
  const byRegion = new Map<string, StatsItem[]>();
  for (const children of await Promise.all(years.map((y) => index.childStats(y, region))))
    for (const c of children) byRegion.set(c.region, [...(byRegion.get(c.region) ?? []), c.stats]);
  return [...byRegion]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([r, items]) => {
      const stats = acrossYears(items);
      return stats ? [{ region: r, stats }] : [];
    });
}
