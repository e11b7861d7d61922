import { describe, expect, it } from 'vitest';
import { INDEXES } from '../../shared/storage/table-design';
import { ITEM_KEYS, indexKeys, keys, ROW_SHARDS, rowEntry, rowShard } from '../../shared/storage/table-keys';
import { row } from '../contract/records';

/** IAM's StringLike: `*` matches any run of characters. */
const grants = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`).test(value);

describe('the key builders and the grants are one scheme', () => {
  const built = {
    agency: [keys.agency('a'), keys.tokenEntry('a', 't')],
    token: [keys.token('t')],
    report: [keys.version('a', 2021, 1), keys.latest('a', 2021), keys.row('a', 2021), keys.derived('a', 2021)],
    stats: [keys.stats(2021, '440106'), keys.stats(2021, '000000'), keys.statsOwn(2021, '440000'), keys.statsOwn(2021, '440106'), keys.statsMeta()],
    export: [keys.exportState(2021), keys.exportState('all')],
    audit: [keys.audit('a', '2024-01-01T00:00:00Z', 'x')],
    rate: [keys.rate('a', '2024-01-01T00')],
    upload: [keys.upload('u')],
    lsh: [keys.bucket(2021, '0001', 'a')],
  } as const;

  it.each(Object.entries(built))('every %s key is granted by its ITEM_KEYS pattern and by no other kind', (kind, items) => {
    for (const item of items) {
      const matching = Object.entries(ITEM_KEYS).filter(([, pattern]) => grants(pattern, item.PK));
      expect(
        matching.map(([k]) => k),
        item.PK,
      ).toEqual([kind]);
    }
  });

  it('covers every kind that is granted', () => {
    expect(Object.keys(built).sort()).toEqual(Object.keys(ITEM_KEYS).sort());
  });

  it('version sort keys sort by number', () => {
    const sks = [1, 9, 10, 123456].map((v) => keys.version('a', 2021, v).SK);
    expect([...sks].sort()).toEqual(sks);
  });

  it("a total names its region in its sort key, under the region above it, beside that region's own roll-up", () => {
    expect(keys.statsRegion(keys.stats(2021, '440106').SK)).toBe('440106');
    expect(keys.stats(2021, '440106').PK).toBe(keys.statsUnder(2021, '440100').pk);
    expect(keys.stats(2021, '440100').PK).toBe(keys.statsUnder(2021, '440000').pk);
    expect(keys.stats(2021, '440000').PK).toBe(keys.statsUnder(2021, '000000').pk);
    expect(keys.statsOwn(2021, '440100').PK).toBe(keys.statsUnder(2021, '440100').pk);
    expect(keys.statsRegion(keys.statsOwn(2021, '440100').SK)).toBeUndefined();
    // A county has no children: its own roll-up is its total.
    expect(keys.statsOwn(2021, '440106')).toEqual(keys.stats(2021, '440106'));
  });

  it("spreads a year's rows over the downloads shards, each agency always on the same one", () => {
    expect(indexKeys.rows(2021, 'a')).toBe(indexKeys.rows(2021, 'a'));
    expect(indexKeys.rows(2021, 'a')).toMatch(/^ROWS#2021#\d{2}$/);
    expect(indexKeys.rows(2020, 'a')).not.toBe(indexKeys.rows(2021, 'a'));
    expect(indexKeys.rowShards(2021)).toHaveLength(ROW_SHARDS);
    expect(new Set(indexKeys.rowShards(2021)).size).toBe(ROW_SHARDS);
    // FNV-1a (32-bit) of "a" is the published 0xe40c292c; of "中" (3 UTF-8 bytes) 0xb846d3f4, worked out apart in Python.
    expect(rowShard('a')).toBe(0xe40c292c % ROW_SHARDS);
    expect(rowShard('中')).toBe(0xb846d3f4 % ROW_SHARDS);
    // Every agency's row is in one of the shards a listing reads, and ids spread over all of them.
    const ids = Array.from({ length: 2000 }, (_, i) => `agency-${i}`);
    const counts = new Map<string, number>();
    for (const id of ids) {
      const pk = rowEntry(row(id, 2021, 1))[INDEXES.rows.pk] ?? '';
      expect(indexKeys.rowShards(2021)).toContain(pk);
      counts.set(pk, (counts.get(pk) ?? 0) + 1);
    }
    expect(counts.size).toBe(ROW_SHARDS);
    expect(Math.max(...counts.values())).toBeLessThan((1.5 * ids.length) / ROW_SHARDS);
    // A row whose every version was withdrawn is in no shard.
    expect(rowEntry(row('a', 2021, 1, { empty: true }))).toEqual({});
  });
});
