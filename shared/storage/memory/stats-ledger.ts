import type { ExportState, ReportRow, StatsItem } from '../../archive/types';
import type { StatsLedger } from '../ports';
import { INDEXES } from '../table-design';
import { keys, rowEntry } from '../table-keys';
import { copy, sorted } from './memory-pages';

const at = (agency: string, year: number) => `${agency}\u0000${year}`;
const itemAt = (k: { PK: string; SK: string }) => `${k.PK}\u0000${k.SK}`;

/** A roll-up as stored: its numbers, and for an own roll-up the marks of its agencies. */
interface Rollup {
  pk: string;
  sk: string;
  values: StatsItem;
  marks: Record<string, number>;
}

export class MemoryStatsLedger implements StatsLedger {
  readonly #rows = new Map<string, ReportRow>();
  readonly #stats = new Map<string, Rollup>();
  readonly #years = new Set<number>();
  readonly #levels = new Set<string>();
  readonly #exports = new Map<string, ExportState>();

  constructor(private readonly clock: () => Date) {}

  async getRow(agency: string, year: number): Promise<ReportRow | undefined> {
    const item = this.#rows.get(at(agency, year));
    return item && copy(item);
  }

  async putRow(row: ReportRow, expected: ReportRow | undefined): Promise<boolean> {
    const item = this.#rows.get(at(row.agency, row.year));
    if (expected ? item?.version !== expected.version || item.rev !== expected.rev : item !== undefined) return false;
    this.#rows.set(at(row.agency, row.year), copy(row));
    return true;
  }

  async noteYearsAndLevels(years: readonly number[], levels: readonly string[]): Promise<void> {
    for (const y of years) this.#years.add(y);
    for (const l of levels) this.#levels.add(l);
  }

  async statsMeta(): Promise<{ years: number[]; levels: string[] }> {
    return { years: [...this.#years].sort((a, b) => b - a), levels: [...this.#levels].sort() };
  }

  async getStats(year: number, region: string): Promise<StatsItem | undefined> {
    const item = this.#stats.get(itemAt(keys.stats(year, region)));
    return item && { ...item.values };
  }

  async getStatsMany(wanted: { year: number; region: string }[]): Promise<(StatsItem | undefined)[]> {
    return Promise.all(wanted.map((k) => this.getStats(k.year, k.region)));
  }

  async childStats(year: number, region: string): Promise<{ region: string; stats: StatsItem }[]> {
    const found = this.#under(year, region).flatMap((item) => {
      const child = keys.statsRegion(item.sk);
      return child === undefined ? [] : [{ sort: item.sk, item: { region: child, stats: { ...item.values } } }];
    });
    return sorted(found).map((e) => e.item);
  }

  async readOwn(year: number, region: string): Promise<{ values: StatsItem; marks: Record<string, number> } | undefined> {
    const item = this.#stats.get(itemAt(keys.statsOwn(year, region)));
    return item && { values: { ...item.values }, marks: { ...item.marks } };
  }

  async addOwn(year: number, region: string, adds: StatsItem, marks: readonly { agency: string; from: number | undefined; to: number }[]): Promise<boolean> {
    const k = keys.statsOwn(year, region);
    const item = this.#stats.get(itemAt(k)) ?? { pk: k.PK, sk: k.SK, values: {}, marks: {} };
    if (marks.some((m) => item.marks[m.agency] !== m.from)) return false;
    for (const m of marks) item.marks[m.agency] = m.to;
    for (const [name, n] of Object.entries({ ...adds, rev: 1 })) item.values[name] = (item.values[name] ?? 0) + n;
    item.values.changedAt = this.clock().getTime();
    this.#stats.set(itemAt(k), item);
    return true;
  }

  async readParts(year: number, region: string): Promise<{ rev: number | undefined; parts: StatsItem[] }> {
    const total = await this.getStats(year, region);
    return { rev: total?.rev, parts: this.#under(year, region).map((i) => ({ ...i.values })) };
  }

  async putTotal(year: number, region: string, values: StatsItem, rev: number | undefined): Promise<boolean> {
    const k = keys.stats(year, region);
    if (this.#stats.get(itemAt(k))?.values.rev !== rev) return false;
    this.#stats.set(itemAt(k), { pk: k.PK, sk: k.SK, values: { ...values, rev: (rev ?? 0) + 1, changedAt: this.clock().getTime() }, marks: {} });
    return true;
  }

  #under(year: number, region: string): Rollup[] {
    const { pk } = keys.statsUnder(year, region);
    return [...this.#stats.values()].filter((i) => i.pk === pk);
  }

  async getRows(wanted: { agency: string; year: number }[]): Promise<ReportRow[]> {
    return wanted.flatMap((k) => {
      const item = this.#rows.get(at(k.agency, k.year));
      return item ? [copy(item)] : [];
    });
  }

  async listRows(year: number | 'all', visit: (row: ReportRow) => void): Promise<void> {
    const years = year === 'all' ? (await this.statsMeta()).years : [year];
    for (const y of years) {
      const listed = [...this.#rows.values()].flatMap((item) => {
        if (item.year !== y) return [];
        const sort = rowEntry(item)[INDEXES.rows.sk];
        return sort === undefined ? [] : [{ sort, item }];
      });
      for (const { item } of sorted(listed)) visit(copy(item));
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
