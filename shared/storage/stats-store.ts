import type { ExportState, ReportRow, StatsItem } from '../archive/types';
import type { StatsLedger } from './ports';
import { type Item, type TableClient, toItem } from './table-client';

import { decodeExportState, decodeRow, MalformedItem } from './item-decoders';
import { INDEXES, KEY } from './table-design';
import { indexKeys, keys as K, rowEntry } from './table-keys';

/** Counts the writes of a roll-up (the same name as the domain's `REVISION`). */
const REVISION = 'rev';
/** How many shards of the downloads index one listing reads at once: enough to overlap, few enough not to burst. */
const SHARD_READS = 4;

export class DynamoStatsLedger implements StatsLedger {
  constructor(
    private readonly db: TableClient,
    private readonly clock: () => Date,
  ) {}

  async getRow(agency: string, year: number): Promise<ReportRow | undefined> {
    // An item holding only the lease of the statistics' old ledger is no row yet.
    return this.db.get(K.row(agency, year), (item) => (item.version === undefined ? undefined : rowOf(item)));
  }

  async putRow(row: ReportRow, expected: ReportRow | undefined): Promise<boolean> {
    const values: Record<string, unknown> = {};
    let condition = 'attribute_not_exists(version)';
    if (expected) {
      values[':v'] = expected.version;
      condition = 'version = :v AND ';
      if (expected.rev === undefined) condition += 'attribute_not_exists(rev)';
      else {
        condition += 'rev = :r';
        values[':r'] = expected.rev;
      }
    }
    return this.db.conditional(() =>
      this.db.put({
        Item: toItem({ ...K.row(row.agency, row.year), ...rowEntry(row) }, row),
        // Only over the row read: of racing commits each lands over the one before, and the stream sees every step.
        ConditionExpression: condition,
        ...(expected ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  }

  async noteYearsAndLevels(years: readonly number[], levels: readonly string[]): Promise<void> {
    if (years.length === 0) return;
    await this.db.update({
      Key: K.statsMeta(),
      UpdateExpression: levels.length ? 'ADD years :y, levels :l' : 'ADD years :y',
      ExpressionAttributeValues: { ':y': new Set(years.map(String)), ...(levels.length ? { ':l': new Set(levels) } : {}) },
    });
  }

  async statsMeta(): Promise<{ years: number[]; levels: string[] }> {
    const meta = await this.db.get(K.statsMeta(), decodeMeta, false);
    const years = [...(meta?.years ?? [])].map(Number).sort((a, b) => b - a);
    const levels = [...(meta?.levels ?? [])].sort();
    return { years, levels };
  }

  async getStats(year: number, region: string): Promise<StatsItem | undefined> {
    return this.db.get(K.stats(year, region), statsItem, false);
  }

  async getStatsMany(keys: { year: number; region: string }[]): Promise<(StatsItem | undefined)[]> {
    const wanted = keys.map((k) => K.stats(k.year, k.region));
    const found = new Map<string, StatsItem>();
    for (const item of await this.db.batchGet(wanted)) found.set(`${item[KEY.pk]}|${item[KEY.sk]}`, statsItem(item));
    return wanted.map((k) => found.get(`${k[KEY.pk]}|${k[KEY.sk]}`));
  }

  /** The totals one level under a region: a Query on the partition under it. */
  async childStats(year: number, region: string): Promise<{ region: string; stats: StatsItem }[]> {
    const out: { region: string; stats: StatsItem }[] = [];
    for (const item of await this.rollupsUnder(year, region, false)) {
      const child = K.statsRegion(String(item[KEY.sk]));
      if (child !== undefined) out.push({ region: child, stats: statsItem(item) });
    }
    return out;
  }

  async readOwn(year: number, region: string): Promise<{ values: StatsItem; marks: Record<string, number> } | undefined> {
    return this.db.get(K.statsOwn(year, region), (item) => ({ values: statsItem(item), marks: marksOf(item) }));
  }

  async addOwn(year: number, region: string, adds: StatsItem, marks: readonly { agency: string; from: number | undefined; to: number }[]): Promise<boolean> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':now': this.clock().getTime(), ':one': 1 };
    const sets = ['changedAt = :now'];
    const conditions: string[] = [];
    marks.forEach((m, i) => {
      names[`#m${i}`] = `${MARK}${m.agency}`;
      values[`:m${i}`] = m.to;
      sets.push(`#m${i} = :m${i}`);
      if (m.from === undefined) conditions.push(`attribute_not_exists(#m${i})`);
      else {
        values[`:f${i}`] = m.from;
        conditions.push(`#m${i} = :f${i}`);
      }
    });
    const add = [`${REVISION} :one`];
    Object.entries(adds).forEach(([k, v], i) => {
      names[`#a${i}`] = k;
      values[`:a${i}`] = v;
      add.push(`#a${i} :a${i}`);
    });
    return this.db.conditional(() =>
      this.db.update({
        Key: K.statsOwn(year, region),
        UpdateExpression: `SET ${sets.join(', ')} ADD ${add.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async readParts(year: number, region: string): Promise<{ rev: number | undefined; parts: StatsItem[] }> {
    // The revision first: parts read after it are at least as new as the ones it was computed from.
    const total = await this.db.get(K.stats(year, region), statsItem);
    const parts = (await this.rollupsUnder(year, region, true)).map(statsItem);
    return { rev: total?.[REVISION], parts };
  }

  async putTotal(year: number, region: string, values: StatsItem, rev: number | undefined): Promise<boolean> {
    return this.db.conditional(() =>
      this.db.put({
        Item: { ...values, ...K.stats(year, region), [REVISION]: (rev ?? 0) + 1, changedAt: this.clock().getTime() },
        ConditionExpression: rev === undefined ? 'attribute_not_exists(#rev)' : '#rev = :rev',
        ExpressionAttributeNames: { '#rev': REVISION },
        ...(rev === undefined ? {} : { ExpressionAttributeValues: { ':rev': rev } }),
      }),
    );
  }

  private async rollupsUnder(year: number, region: string, consistent: boolean): Promise<Item[]> {
    const out: Item[] = [];
    for await (const page of this.db.queryAll({
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': KEY.pk },
      ExpressionAttributeValues: { ':pk': K.statsUnder(year, region).pk },
      ConsistentRead: consistent,
    }))
      out.push(...(page.Items ?? []));
    return out;
  }

  /**
   * Every ROW of a year (or of every year), for a download: the only reader that reads them all. A
   * year's rows are spread over shards (see `ROW_SHARDS`); they are read a few shards at a time and
   * handed out in the index's order (region, then agency), as one partition would return them.
   */
  async listRows(year: number | 'all', visit: (row: ReportRow) => void): Promise<void> {
    const years = year === 'all' ? (await this.statsMeta()).years : [year];
    for (const y of years) {
      const shards = indexKeys.rowShards(y);
      const listed: { sort: string; row: ReportRow }[] = [];
      for (let i = 0; i < shards.length; i += SHARD_READS) {
        await Promise.all(shards.slice(i, i + SHARD_READS).map((pk) => this.#listShard(pk, listed)));
      }
      listed.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
      for (const { row } of listed) visit(row);
    }
  }

  async #listShard(pk: string, into: { sort: string; row: ReportRow }[]): Promise<void> {
    for await (const page of this.db.queryAll({
      IndexName: INDEXES.rows.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': INDEXES.rows.pk },
      ExpressionAttributeValues: { ':pk': pk },
    }))
      for (const item of page.Items ?? []) into.push({ sort: String(item[INDEXES.rows.sk]), row: rowOf(item) });
  }

  async getRows(keys: { agency: string; year: number }[]): Promise<ReportRow[]> {
    return (await this.db.batchGet(keys.map((k) => K.row(k.agency, k.year)))).map(rowOf);
  }

  async getExportState(year: number | 'all'): Promise<ExportState | undefined> {
    return this.db.get(K.exportState(year), decodeExportState);
  }

  async putExportState(year: number | 'all', state: ExportState): Promise<void> {
    await this.db.conditional(() =>
      this.db.put({
        Item: { ...K.exportState(year), ...state },
        // Never record an older build over a newer one.
        ConditionExpression: 'attribute_not_exists(#pk) OR rev <= :rev',
        ExpressionAttributeNames: { '#pk': KEY.pk },
        ExpressionAttributeValues: { ':rev': state.rev },
      }),
    );
  }
}

/** An own roll-up's marks: per agency, the rev of the row its sums are at. */
const MARK = 'm:';

/** A statistics item's numbers, without its keys and the marks of an own roll-up. */
function statsItem(item: Item): StatsItem {
  const out: StatsItem = {};
  for (const [k, v] of Object.entries(item)) if (typeof v === 'number' && !k.startsWith(MARK)) out[k] = v;
  return out;
}

function marksOf(item: Item): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(item)) if (k.startsWith(MARK) && typeof v === 'number') out[k.slice(MARK.length)] = v;
  return out;
}

/** A row as the downloads, pages and the fold read it: without what the statistics' old ledger left on it. */
export function rowOf(item: Item): ReportRow {
  const { pending: _pending, lease: _lease, leaseUntil: _until, ...row } = decodeRow(item);
  return row;
}

/** The years and levels seen: two string sets, either absent until the first report. */
function decodeMeta(item: Item): { years?: Set<string>; levels?: Set<string> } {
  for (const name of ['years', 'levels'])
    if (item[name] !== undefined && !(item[name] instanceof Set)) throw new MalformedItem(item, 'statistics meta', `${name} is not a set`);
  return item as { years?: Set<string>; levels?: Set<string> };
}
