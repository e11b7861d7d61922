import type { BucketEntry, DerivedRecord, Page } from '../../archive/types';
import type { SimilarityStore } from '../ports';
import { INDEXES } from '../table-design';
import { copiedEntry } from '../table-keys';
import { must } from '../../model/must';
import { copy, pageOf, sorted } from './memory-pages';

const at = (agency: string, year: number) => `${agency}\u0000${year}`;

export class MemorySimilarityStore implements SimilarityStore {
  readonly #derived = new Map<string, DerivedRecord>();
  /** each bucket's entries, by agency */
  readonly #buckets = new Map<string, Map<string, BucketEntry>>();

  async getDerived(agency: string, year: number): Promise<DerivedRecord | undefined> {
    const found = this.#derived.get(at(agency, year));
    return found && copy(found);
  }

  async getDerivedMany(keys: { agency: string; year: number }[]): Promise<DerivedRecord[]> {
    return keys.flatMap((k) => {
      const found = this.#derived.get(at(k.agency, k.year));
      return found ? [copy(found)] : [];
    });
  }

  async putDerived(record: DerivedRecord, expectedRev: number | undefined): Promise<boolean> {
    const stored = this.#derived.get(at(record.agency, record.year));
    if (expectedRev === undefined ? stored !== undefined : stored?.rev !== expectedRev) return false;
    this.#derived.set(at(record.agency, record.year), copy(record));
    return true;
  }

  async deleteDerived(agency: string, year: number, expectedRev: number): Promise<boolean> {
    if (this.#derived.get(at(agency, year))?.rev !== expectedRev) return false;
    this.#derived.delete(at(agency, year));
    return true;
  }

  async putBuckets(year: number, bands: readonly string[], entry: BucketEntry, stale: readonly string[] = []): Promise<void> {
    for (const band of stale) if (!bands.includes(band)) this.#buckets.get(`${year}#${band}`)?.delete(entry.agency);
    for (const band of bands) {
      const bucket = this.#buckets.get(`${year}#${band}`) ?? new Map<string, BucketEntry>();
      bucket.set(entry.agency, copy(entry));
      this.#buckets.set(`${year}#${band}`, bucket);
    }
  }

  async deleteBuckets(year: number, bands: readonly string[], agency: string): Promise<void> {
    for (const band of bands) this.#buckets.get(`${year}#${band}`)?.delete(agency);
  }

  async queryBuckets(year: number, bands: readonly string[], perBand: number): Promise<BucketEntry[]> {
    const byAgency = new Map<string, BucketEntry>();
    for (const band of bands) {
      const bucket = [...(this.#buckets.get(`${year}#${band}`)?.values() ?? [])].map((e) => ({ sort: e.agency, item: e }));
      for (const { item } of sorted(bucket).slice(0, perBand)) byAgency.set(item.agency, copy(item));
    }
    return [...byAgency.values()];
  }

  async listCopied(year: number, limit: number, cursor?: string): Promise<Page<DerivedRecord>> {
    const entries = [...this.#derived.values()]
      .filter((d) => d.year === year && d.topShare > 0)
      .map((d) => ({ sort: must(copiedEntry(d)[INDEXES.copied.sk], 'a record with a top share has its copied entry'), item: d }));
    return pageOf(sorted(entries, true), limit, cursor, INDEXES.copied.name, true);
  }
}
