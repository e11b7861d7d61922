import type { ExportState, ReportRow, StatsItem, StatsUpdate } from '../archive/types';
import { levelOf, regionPrefix } from '../regions/region-codes';
import type { StatsLedger } from './ports';
import { type Item, type TableClient, toItem } from './table-client';

import { decodeExportState, decodeRow, MalformedItem } from './item-decoders';
import { INDEXES, KEY } from './table-design';
import { indexKeys, keys as K, rowEntry } from './table-keys';

export class DynamoStatsLedger implements StatsLedger {
  constructor(
    private readonly db: TableClient,
    private readonly clock: () => Date,
  ) {}

  async getRow(agency: string, year: number): Promise<ReportRow | undefined> {
    // An item holding only a lease is no row yet.
    const row = await this.db.get(K.row(agency, year), (item) => (item.version === undefined ? undefined : decodeRow(item)));
    if (!row) return undefined;
    const { lease: _lease, leaseUntil: _until, ...data } = row;
    return { ...data, pending: row.pending ? (JSON.parse(row.pending) as StatsUpdate[]) : undefined };
  }

  async leaseRow(agency: string, year: number, owner: string, now: number, ms: number): Promise<boolean> {
    return this.db.conditional(() =>
      this.db.update({
        Key: K.row(agency, year),
        UpdateExpression: 'SET lease = :owner, leaseUntil = :until',
        ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR lease = :owner',
        ExpressionAttributeValues: { ':owner': owner, ':until': now + ms, ':now': now },
      }),
    );
  }

  async releaseRow(agency: string, year: number, owner: string): Promise<void> {
    // Refused when someone took the lease after ours ran out: it is theirs to release.
    await this.db.conditional(() =>
      this.db.update({
        Key: K.row(agency, year),
        UpdateExpression: 'REMOVE lease, leaseUntil',
        ConditionExpression: 'lease = :owner',
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
  }

  async putRow(row: ReportRow, expectedVersion: number | undefined, lease: { owner: string; until: number }): Promise<boolean> {
    const { pending, ...data } = row;
    const keys = { ...K.row(row.agency, row.year), ...rowEntry(row) };
    return this.db.conditional(() =>
      this.db.put({
        // The pending updates are a string: a list of maps of up to 226 sums each is a lot of typed attributes for nothing.
        Item: toItem(keys, { ...data, ...(pending ? { pending: JSON.stringify(pending) } : {}), lease: lease.owner, leaseUntil: lease.until }),
        // Only while we hold the lease, and only over the version we read.
        ConditionExpression: `lease = :owner AND ${expectedVersion === undefined ? 'attribute_not_exists(version)' : 'version = :v'}`,
        ExpressionAttributeValues: { ':owner': lease.owner, ...(expectedVersion === undefined ? {} : { ':v': expectedVersion }) },
      }),
    );
  }

  async clearPending(agency: string, year: number, version: number): Promise<void> {
    // A newer version took the row over, with its own pending updates: they are not ours to clear.
    await this.db.conditional(() =>
      this.db.update({
        Key: K.row(agency, year),
        UpdateExpression: 'REMOVE pending',
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': version },
      }),
    );
  }

  async applyStats(update: StatsUpdate): Promise<void> {
    const names: Record<string, string> = { '#t': update.token };
    // When the item last changed: a download built right after may have missed a row the index had not yet shown.
    const values: Record<string, unknown> = { ':now': this.clock().getTime() };
    const adds = Object.entries(update.adds).map(([k, v], i) => {
      names[`#a${i}`] = k;
      values[`:a${i}`] = v;
      return `#a${i} :a${i}`;
    });
    // The token is there: this update was applied by an earlier attempt.
    await this.db.conditional(() =>
      this.db.update({
        Key: K.stats(update.year, update.region),
        UpdateExpression: `SET #t = :now, changedAt = :now${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_not_exists(#t)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async clearStatsToken(update: StatsUpdate): Promise<void> {
    await this.db.update({
      Key: K.stats(update.year, update.region),
      UpdateExpression: 'REMOVE #t',
      ExpressionAttributeNames: { '#t': update.token },
    });
  }

  async noteYearAndLevel(year: number, level: string | undefined): Promise<void> {
    await this.db.update({
      Key: K.statsMeta(),
      UpdateExpression: level ? 'ADD years :y, levels :l' : 'ADD years :y',
      ExpressionAttributeValues: { ':y': new Set([String(year)]), ...(level ? { ':l': new Set([level]) } : {}) },
    });
  }

  async statsMeta(): Promise<{ years: number[]; levels: string[] }> {
    const meta = await this.db.get(K.statsMeta(), decodeMeta, false);
    const years = [...(meta?.years ?? [])].map(Number).sort((a, b) => b - a);
    const levels = [...(meta?.levels ?? [])].sort();
    return { years, levels };
  }

  async getStats(year: number | 'all', region: string): Promise<StatsItem | undefined> {
    return this.db.get(K.stats(year, region), statsItem, false);
  }

  async getStatsMany(keys: { year: number | 'all'; region: string }[]): Promise<(StatsItem | undefined)[]> {
    const wanted = keys.map((k) => K.stats(k.year, k.region));
    const found = new Map<string, StatsItem>();
    for (const item of await this.db.batchGet(wanted)) found.set(`${item[KEY.pk]}|${item[KEY.sk]}`, statsItem(item));
    return wanted.map((k) => found.get(`${k[KEY.pk]}|${k[KEY.sk]}`));
  }

  /** The roll-ups one level under a region that have reports: a Query on the region's key prefix. */
  async childStats(year: number | 'all', region: string): Promise<{ region: string; stats: StatsItem }[]> {
    const level = levelOf(region);
    if (level === 3) return [];
    const { pk, skPrefix } = K.statsLevel(year, level + 1, regionPrefix(region));
    const out: { region: string; stats: StatsItem }[] = [];
    for await (const page of this.db.queryAll({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
    }))
      for (const item of page.Items ?? []) out.push({ region: K.statsRegion(String(item[KEY.sk])), stats: statsItem(item) });
    return out;
  }

  /** Every ROW of a year (or of every year), for a download: the only reader that reads them all. */
  async listRows(year: number | 'all', visit: (row: ReportRow) => void): Promise<void> {
    const years = year === 'all' ? (await this.statsMeta()).years : [year];
    for (const y of years) {
      for await (const page of this.db.queryAll({
        IndexName: INDEXES.rows.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.rows.pk },
        ExpressionAttributeValues: { ':pk': indexKeys.rows(y) },
      }))
        for (const item of page.Items ?? []) visit(rowOf(item));
    }
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

/** A statistics item's numbers, without its keys and the tokens of updates in flight. */
function statsItem(item: Item): StatsItem {
  const out: StatsItem = {};
  for (const [k, v] of Object.entries(item)) if (typeof v === 'number' && !k.startsWith('t:')) out[k] = v;
  return out;
}

/** A row as the downloads and pages read it: without the statistics it may still owe, or the lease of its writer. */
function rowOf(item: Item): ReportRow {
  const { pending: _pending, lease: _lease, leaseUntil: _until, ...row } = decodeRow(item);
  return row;
}

/** The years and levels seen: two string sets, either absent until the first report. */
function decodeMeta(item: Item): { years?: Set<string>; levels?: Set<string> } {
  for (const name of ['years', 'levels'])
    if (item[name] !== undefined && !(item[name] instanceof Set)) throw new MalformedItem(item, 'statistics meta', `${name} is not a set`);
  return item as { years?: Set<string>; levels?: Set<string> };
}
