import type { ListQuery, Page, VersionRecord, Withdrawal } from '../../archive/types';
import { searchText } from '../../archive/search-text';
import { regionPrefix } from '../../regions/region-codes';
import { VersionTaken, type VersionStore } from '../ports';
import { INDEXES, KEY, projected } from '../table-design';
import { chooseIndex, latestEntry } from '../table-keys';
import { copy, pageOf, sorted } from './memory-pages';

const at = (agency: string, year: number) => `${agency}\u0000${year}`;

export class MemoryVersionStore implements VersionStore {
  /** each agency-year's versions, by number */
  readonly #versions = new Map<string, Map<number, VersionRecord>>();
  /** the listing's copy of each agency-year's newest version */
  readonly #latest = new Map<string, VersionRecord>();

  async countVersions(agency: string, years: readonly number[]): Promise<number> {
    return years.reduce((n, year) => n + (this.#versions.get(at(agency, year))?.size ?? 0), 0);
  }

  async withdrawVersion(agency: string, year: number, version: number, withdrawal: Withdrawal): Promise<Withdrawal | undefined> {
    const stored = this.#versions.get(at(agency, year))?.get(version);
    if (!stored) return undefined;
    stored.withdrawn ??= copy(withdrawal);
    return copy(stored.withdrawn);
  }

  async replaceLatest(agency: string, year: number, withdrawn: number, next: VersionRecord | undefined): Promise<void> {
    if (this.#latest.get(at(agency, year))?.version !== withdrawn) return;
    if (next) this.#latest.set(at(agency, year), copy(next));
    else this.#latest.delete(at(agency, year));
  }

  async listVersions(agency: string, year: number): Promise<VersionRecord[]> {
    return [...(this.#versions.get(at(agency, year))?.values() ?? [])].sort((a, b) => a.version - b.version).map(copy);
  }

  async latestVersion(agency: string, year: number): Promise<VersionRecord | undefined> {
    return (await this.listVersions(agency, year)).at(-1);
  }

  async versionHashes(agency: string, year: number): Promise<{ version: number; sha256: string }[]> {
    return (await this.listVersions(agency, year)).map((v) => ({ version: v.version, sha256: v.sha256 }));
  }

  async getVersion(agency: string, year: number, version: number): Promise<VersionRecord | undefined> {
    const found = this.#versions.get(at(agency, year))?.get(version);
    return found && copy(found);
  }

  async commitVersion(record: VersionRecord): Promise<void> {
    const versions = this.#versions.get(at(record.agency, record.year)) ?? new Map<number, VersionRecord>();
    if (versions.has(record.version)) throw new VersionTaken(record.version);
    versions.set(record.version, copy(record));
    this.#versions.set(at(record.agency, record.year), versions);
  }

  async publishLatest(record: VersionRecord): Promise<void> {
    const listed = this.#latest.get(at(record.agency, record.year));
    if (listed && listed.version > record.version) return;
    this.#latest.set(at(record.agency, record.year), copy(record));
  }

  /** The index the table would read, its key condition, then what the table filters. */
  async listLatest(query: ListQuery): Promise<Page<VersionRecord>> {
    const { index, values, forward } = chooseIndex(query);
    const hasErrors = query.has === 'errors' ? true : query.hasErrors;
    const region = query.region !== undefined ? regionPrefix(query.region) : undefined;
    const q = query.q !== undefined ? searchText([query.q]) : undefined;
    const entries = [...this.#latest.values()].flatMap((record) => {
      const entry = latestEntry(record);
      const sk = entry[index.sk];
      if (entry[index.pk] !== values[':pk'] || sk === undefined) return [];
      if ((values[':sk'] !== undefined && sk !== values[':sk']) || (values[':rp'] !== undefined && !sk.startsWith(values[':rp']))) return [];
      // The filters see the index's entry, as DynamoDB's do: only what the index projects.
      const seen = projected(index, { ...record, ...entry }) as Partial<VersionRecord>;
      if (hasErrors !== undefined && seen.hasErrors !== hasErrors) return [];
      if (query.has === 'unchecked' && seen.checked !== false) return [];
      if (region !== undefined && !seen.region?.startsWith(region)) return [];
      if (query.level !== undefined && seen.level !== query.level) return [];
      if (q !== undefined && !seen.search?.includes(q)) return [];
      return [{ sort: `${sk}\u0000${entry[KEY.pk]}`, item: record }];
    });
    return pageOf(sorted(entries, !forward), query.limit, query.cursor, index.name, !forward);
  }

  async listRecent(which: 'recent' | 'corrected', limit: number): Promise<VersionRecord[]> {
    const index = INDEXES[which];
    const entries = [...this.#latest.values()].flatMap((record) => {
      const sort = latestEntry(record)[index.sk];
      return sort === undefined ? [] : [{ sort, item: record }];
    });
    return sorted(entries, true)
      .slice(0, limit)
      .map((e) => copy(e.item));
  }
}
