import type { ExportState, ReportRow, StatsItem, StatsUpdate } from '../../archive/types';
import { levelOf, regionPrefix } from '../../regions/region-codes';
import type { StatsLedger } from '../ports';
import { INDEXES } from '../table-design';
import { keys, rowEntry } from '../table-keys';
import { copy, sorted } from './memory-pages';

/** The ROW item: a row, or only a lease taken before the first row was written. */
type RowItem = Partial<ReportRow> & { lease?: string; leaseUntil?: number };

const at = (agency: string, year: number) => `${agency}\u0000${year}`;
const statsAt = (year: number | 'all', region: string) => {
  const k = keys.stats(year, region);
  return `${k.PK}\u0000${k.SK}`;
};

export class MemoryStatsLedger implements StatsLedger {
  readonly #rows = new Map<string, RowItem>();
  /** roll-ups as stored: numbers, and the tokens of the updates applied (epoch ms) */
  readonly #stats = new Map<string, Record<string, number>>();
  readonly #years = new Set<number>();
  readonly #levels = new Set<string>();
  readonly #exports = new Map<string, ExportState>();

  constructor(private readonly clock: () => Date) {}

  async getRow(agency: string, year: number): Promise<ReportRow | undefined> {
    const item = this.#rows.get(at(agency, year));
    if (item?.version === undefined) return undefined;
    const { lease: _lease, leaseUntil: _until, ...row } = copy(item);
    return row as ReportRow;
  }

  async leaseRow(agency: string, year: number, owner: string, now: number, ms: number): Promise<boolean> {
    const item = this.#rows.get(at(agency, year)) ?? {};
    if (item.leaseUntil !== undefined && item.leaseUntil >= now && item.lease !== owner) return false;
    this.#rows.set(at(agency, year), { ...item, lease: owner, leaseUntil: now + ms });
    return true;
  }

  async releaseRow(agency: string, year: number, owner: string): Promise<void> {
    const item = this.#rows.get(at(agency, year));
    if (item?.lease !== owner) return;
    delete item.lease;
    delete item.leaseUntil;
  }

  async putRow(row: ReportRow, expectedVersion: number | undefined, lease: { owner: string; until: number }): Promise<boolean> {
    const item = this.#rows.get(at(row.agency, row.year));
    if (item?.lease !== lease.owner || item.version !== expectedVersion) return false;
    this.#rows.set(at(row.agency, row.year), { ...copy(row), lease: lease.owner, leaseUntil: lease.until });
    return true;
  }

  async clearPending(agency: string, year: number, version: number): Promise<void> {
    const item = this.#rows.get(at(agency, year));
    if (item?.version === version) delete item.pending;
  }

  async applyStats(update: StatsUpdate): Promise<void> {
    const key = statsAt(update.year, update.region);
    const item = this.#stats.get(key) ?? {};
    if (update.token in item) return;
    const now = this.clock().getTime();
    for (const [name, n] of Object.entries(update.adds)) item[name] = (item[name] ?? 0) + n;
    item[update.token] = now;
    item.changedAt = now;
    this.#stats.set(key, item);
  }

  async clearStatsToken(update: StatsUpdate): Promise<void> {
    delete this.#stats.get(statsAt(update.year, update.region))?.[update.token];
  }

  async noteYearAndLevel(year: number, level: string | undefined): Promise<void> {
    this.#years.add(year);
    if (level) this.#levels.add(level);
  }

  async statsMeta(): Promise<{ years: number[]; levels: string[] }> {
    return { years: [...this.#years].sort((a, b) => b - a), levels: [...this.#levels].sort() };
  }

  async getStats(year: number | 'all', region: string): Promise<StatsItem | undefined> {
    const item = this.#stats.get(statsAt(year, region));
    return item && numbers(item);
  }

  async getStatsMany(wanted: { year: number | 'all'; region: string }[]): Promise<(StatsItem | undefined)[]> {
    return Promise.all(wanted.map((k) => this.getStats(k.year, k.region)));
  }

  async childStats(year: number | 'all', region: string): Promise<{ region: string; stats: StatsItem }[]> {
    const level = levelOf(region);
    if (level === 3) return [];
    const { pk, skPrefix } = keys.statsLevel(year, level + 1, regionPrefix(region));
    const found = [...this.#stats].flatMap(([at, item]) => {
      const [itemPk, sk] = at.split('\u0000') as [string, string];
      return itemPk === pk && sk.startsWith(skPrefix) ? [{ sort: sk, item: { region: keys.statsRegion(sk), stats: numbers(item) } }] : [];
    });
    return sorted(found).map((e) => e.item);
  }

  async getRows(wanted: { agency: string; year: number }[]): Promise<ReportRow[]> {
    return wanted.flatMap((k) => {
      const item = this.#rows.get(at(k.agency, k.year));
      return item?.version === undefined ? [] : [rowOf(item)];
    });
  }

  async listRows(year: number | 'all', visit: (row: ReportRow) => void): Promise<void> {
    const years = year === 'all' ? (await this.statsMeta()).years : [year];
    for (const y of years) {
      const listed = [...this.#rows.values()].flatMap((item) => {
        if (item.version === undefined || item.year !== y) return [];
        const sort = rowEntry(item as ReportRow)[INDEXES.rows.sk];
        return sort === undefined ? [] : [{ sort, item }];
      });
      for (const { item } of sorted(listed)) visit(rowOf(item));
    }
  }

  async getExportState(year: number | 'all'): Promise<ExportState | undefined> {
    const found = this.#exports.get(String(year));
    return found && copy(found);
  }

  async putExportState(year: number | 'all', state: ExportState): Promise<void> {
    const stored = this.#exports.get(String(year));
    if (stored && stored.rev > state.rev) return;
    this.#exports.set(String(year), copy(state));
  }
}

/** A roll-up's numbers, without the tokens of the updates it has taken. */
function numbers(item: Record<string, number>): StatsItem {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !k.startsWith('t:')));
}

/** A row as the downloads read it: without the updates it may still owe, or its lease. */
function rowOf(item: RowItem): ReportRow {
  const { pending: _pending, lease: _lease, leaseUntil: _until, ...row } = copy(item);
  return row as ReportRow;
}
