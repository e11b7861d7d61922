import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ListQuery, Page, VersionRecord, Withdrawal } from '../archive/types';
import { searchText } from '../archive/search-text';
import { regionPrefix } from '../regions/region-codes';
import { VersionTaken, type VersionStore } from './ports';
import { decodeCursor, isConditionFailure, type TableClient, tableKey, toItem } from './table-client';
import { type Decoder, decodeVersion, decodeVersionHash } from './item-decoders';
import { INDEXES, KEY } from './table-design';
import { chooseIndex, indexKeys, keys as K, latestEntry } from './table-keys';

export class DynamoVersionStore implements VersionStore {
  constructor(private readonly db: TableClient) {}

  async countVersions(agency: string, years: readonly number[]): Promise<number> {
    // One COUNT query per agency-year partition, a few at a time: the versions have no index by agency
    // alone (the listing's does not hold withdrawn ones), and the years are bounded.
    const countYear = async (year: number) => {
      let n = 0;
      for await (const page of this.db.queryAll({
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :v)',
        ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
        ExpressionAttributeValues: { ':pk': K.versions(agency, year).pk, ':v': K.versions(agency, year).skPrefix },
        Select: 'COUNT',
        ConsistentRead: true,
      }))
        n += page.Count ?? 0;
      return n;
    };
    let total = 0;
    for (let i = 0; i < years.length; i += COUNT_CONCURRENCY) {
      const counts = await Promise.all(years.slice(i, i + COUNT_CONCURRENCY).map(countYear));
      total += counts.reduce((a, b) => a + b, 0);
    }
    return total;
  }

  async withdrawVersion(agency: string, year: number, version: number, withdrawal: Withdrawal): Promise<Withdrawal | undefined> {
    try {
      await this.db.update({
        Key: K.version(agency, year, version),
        UpdateExpression: 'SET withdrawn = :w',
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(withdrawn)',
        ExpressionAttributeNames: { '#pk': KEY.pk },
        ExpressionAttributeValues: { ':w': withdrawal },
      });
      return withdrawal;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      // Withdrawn before (a retry finishes the rest), or no such version.
      return (await this.getVersion(agency, year, version))?.withdrawn;
    }
  }

  async replaceLatest(agency: string, year: number, withdrawn: number, next: VersionRecord | undefined): Promise<void> {
    try {
      if (next) {
        await this.db.put({
          Item: toItem(latestEntry(next), next),
          // Only over the withdrawn version: a newer upload listed meanwhile stays.
          ConditionExpression: 'version = :w',
          ExpressionAttributeValues: { ':w': withdrawn },
        });
      } else {
        await this.db.delete({
          Key: K.latest(agency, year),
          ConditionExpression: 'version = :w',
          ExpressionAttributeValues: { ':w': withdrawn },
        });
      }
    } catch (err) {
      // The listing names another version (or none): nothing to move.
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** The version items of one agency-year, strongly consistent: all pages, or the one page of a `Limit`. */
  async #queryVersions<T>(agency: string, year: number, decode: Decoder<T>, extra: Partial<QueryCommandInput> = {}): Promise<T[]> {
    const input = {
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :v)',
      ConsistentRead: true,
      ...extra,
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk, ...extra.ExpressionAttributeNames },
      ExpressionAttributeValues: { ':pk': K.versions(agency, year).pk, ':v': K.versions(agency, year).skPrefix },
    };
    const pages = extra.Limit ? [await this.db.query(input)] : this.db.queryAll(input);
    const out: T[] = [];
    for await (const page of pages) for (const item of page.Items ?? []) out.push(decode(item));
    return out;
  }

  listVersions(agency: string, year: number): Promise<VersionRecord[]> {
    return this.#queryVersions(agency, year, decodeVersion);
  }

  async latestVersion(agency: string, year: number): Promise<VersionRecord | undefined> {
    return (await this.#queryVersions(agency, year, decodeVersion, { ScanIndexForward: false, Limit: 1 }))[0];
  }

  versionHashes(agency: string, year: number): Promise<{ version: number; sha256: string }[]> {
    return this.#queryVersions(agency, year, decodeVersionHash, { ProjectionExpression: '#ver, sha256', ExpressionAttributeNames: { '#ver': 'version' } });
  }

  async getVersion(agency: string, year: number, version: number): Promise<VersionRecord | undefined> {
    return this.db.get(K.version(agency, year, version), decodeVersion);
  }

  async commitVersion(record: VersionRecord): Promise<void> {
    if (!(await this.db.putNew(K.version(record.agency, record.year, record.version), record))) throw new VersionTaken(record.version);
  }

  async publishLatest(record: VersionRecord): Promise<void> {
    const keys = latestEntry(record);
    // Refused when a newer version is already listed: nothing to do.
    await this.db.conditional(() =>
      this.db.put({
        Item: toItem(keys, record),
        // The same version again rewrites its listing copy (reindexing), never an older one over a newer.
        ConditionExpression: 'attribute_not_exists(#pk) OR version <= :v',
        ExpressionAttributeNames: { '#pk': KEY.pk },
        ExpressionAttributeValues: { ':v': record.version },
      }),
    );
  }

  async listLatest(query: ListQuery): Promise<Page<VersionRecord>> {
    const { index, condition, values, forward } = chooseIndex(query);
    const start = query.cursor ? decodeCursor(query.cursor, index.name) : undefined;
    const names: Record<string, string> = { '#pk': index.pk, ...(condition.includes('#sk') ? { '#sk': index.sk } : {}) };
    const filters: string[] = [];
    const filterValues: Record<string, unknown> = {};
    const hasErrors = query.has === 'errors' ? true : query.hasErrors;
    if (hasErrors !== undefined && index !== INDEXES.withErrors) {
      filters.push('hasErrors = :e');
      filterValues[':e'] = hasErrors;
    }
    if (query.has === 'unchecked' && index !== INDEXES.unchecked) filters.push('checked = :f');
    if (query.has === 'unchecked' && index !== INDEXES.unchecked) filterValues[':f'] = false;
    if (query.region !== undefined && !condition.includes(':rp')) {
      filters.push('begins_with(#region, :region)');
      names['#region'] = 'region';
      filterValues[':region'] = regionPrefix(query.region);
    }
    if (query.level !== undefined) {
      filters.push('#level = :level');
      names['#level'] = 'level';
      filterValues[':level'] = query.level;
    }
    if (query.q !== undefined) {
      filters.push('contains(#search, :q)');
      names['#search'] = 'search';
      filterValues[':q'] = searchText([query.q]);
    }
    const input: QueryCommandInput = {
      TableName: this.db.table,
      IndexName: index.name,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ...filterValues },
      ScanIndexForward: forward,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    };
    // The index holds the keys and what the filters read: the page's records are read by key.
    const page = await this.db.pagedQuery(tableKey, input, query.limit, start, index.name, filters.length > 0);
    return { ...page, items: await this.db.batchGetInOrder(page.items, decodeVersion) };
  }

  async listRecent(which: 'recent' | 'corrected', limit: number): Promise<VersionRecord[]> {
    const index = INDEXES[which];
    const r = await this.db.query({
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pk },
      ExpressionAttributeValues: { ':pk': indexKeys[which] },
      ScanIndexForward: false,
      Limit: limit,
    });
    return this.db.batchGetInOrder((r.Items ?? []).map(tableKey), decodeVersion);
  }
}

/** Index entries one filtered request may read before it answers with what it found and a cursor. */
export const FILTER_BUDGET = 1000;
/** Agency-year partitions counted at once when an agency's versions are counted. */
const COUNT_CONCURRENCY = 20;
