import type {
  AttributeValue,
  BatchGetItemCommandOutput,
  BatchWriteItemCommandOutput,
  GetItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  Agency,
  AgencyQuery,
  AuditRecord,
  BucketEntry,
  DerivedRecord,
  ExportState,
  ListQuery,
  Page,
  ReportRow,
  StatsItem,
  StatsUpdate,
  TokenRecord,
  TokenSummary,
  UploadOutcome,
  UploadRecord,
  VersionRecord,
  Withdrawal,
} from '../archive/types';
import { searchText } from '../archive/search-text';
import { levelOf, regionPrefix } from '../regions/region-codes';
import { BadCursor } from '../archive/errors';
import { AlreadyExists, StorageUnavailable, VersionTaken, type ReportIndex } from './ports';
import { INDEXES, KEY } from './table-design';
import { agencyEntry, copiedEntry, indexKeys, keys as K, latestEntry, rowEntry } from './table-keys';

type Item = Record<string, AttributeValue>;
const KEY_ATTRS = new Set<string>([KEY.pk, KEY.sk, ...Object.values(INDEXES).flatMap((i) => [i.pk, i.sk])]);

const toItem = (keys: Record<string, string>, data: object): Item => marshall({ ...data, ...keys }, { removeUndefinedValues: true });
function fromItem<T>(item: Item): T {
  const o = unmarshall(item);
  for (const k of KEY_ATTRS) delete o[k];
  return o as T;
}

/** Wraps SDK calls: a service that does not answer becomes StorageUnavailable (→ 503). */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') throw err;
    if ((err as Error).name === 'ValidationException') throw err;
    throw new StorageUnavailable('index', err);
  }
}

const isConditionFailure = (err: unknown) => (err as Error)?.name === 'ConditionalCheckFailedException';

type Sdk = typeof import('@aws-sdk/client-dynamodb');
/** The SDK module and one client, loaded on first use and kept for the life of the process. */
export type DynamoDbLoader = () => Promise<{ sdk: Sdk; client: InstanceType<Sdk['DynamoDBClient']> }>;

type Command =
  | 'GetItemCommand'
  | 'PutItemCommand'
  | 'QueryCommand'
  | 'UpdateItemCommand'
  | 'BatchGetItemCommand'
  | 'BatchWriteItemCommand'
  | 'DeleteItemCommand';

export class DynamoDbIndex implements ReportIndex {
  constructor(
    private readonly load: DynamoDbLoader,
    private readonly table: string,
  ) {}

  /** Sends one command by name; the SDK is loaded by the first call. */
  private async send<T>(command: Command, input: object): Promise<T> {
    const { sdk, client } = await this.load();
    const Ctor = sdk[command] as unknown as new (i: object) => Parameters<typeof client.send>[0];
    return (await client.send(new Ctor(input))) as T;
  }

  /** Sends a conditional write: true when it was made, false when its condition refused it. */
  private async conditional(command: Command, input: object): Promise<boolean> {
    try {
      await call(() => this.send(command, input));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Writes an item that must not exist yet; false when it does (the write is refused). */
  private async putNew(key: Record<string, string>, data: object): Promise<boolean> {
    return this.conditional('PutItemCommand', {
      TableName: this.table,
      Item: toItem(key, data),
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': KEY.pk },
    });
  }

  async putAgency(agency: Agency): Promise<void> {
    if (!(await this.putNew(K.agency(agency.id), agencyItem(agency)))) throw new AlreadyExists(`agency ${agency.id}`);
  }

  async updateAgency(agency: Agency): Promise<boolean> {
    return this.conditional('PutItemCommand', {
      TableName: this.table,
      Item: toItem(K.agency(agency.id), agencyItem(agency)),
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: { '#pk': KEY.pk },
    });
  }

  async listAgencies(query: AgencyQuery): Promise<Page<Agency>> {
    const index = INDEXES.agencies;
    const prefix = query.region !== undefined ? regionPrefix(query.region) : '';
    const names: Record<string, string> = { '#pk': index.pk, ...(prefix ? { '#sk': index.sk } : {}) };
    const values: Record<string, unknown> = { ':pk': indexKeys.agencies, ...(prefix ? { ':rp': prefix } : {}) };
    // Name and level have no key: a filter, read within FILTER_BUDGET entries per request.
    const filters: string[] = [];
    if (query.q !== undefined) {
      filters.push('contains(#search, :q)');
      names['#search'] = 'search';
      values[':q'] = searchText([query.q]);
    }
    if (query.level !== undefined) {
      filters.push('#level = :level');
      names['#level'] = 'level';
      values[':level'] = query.level;
    }
    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: index.name,
      KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :rp)' : '#pk = :pk',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values),
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    };
    const page = await this.pagedQuery<Agency & { search?: string }>(
      input,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, index.name) : undefined,
      index.name,
      filters.length > 0,
    );
    return { ...page, items: page.items.map(({ search: _search, ...a }) => a) };
  }

  async listTokens(agency: string, limit: number, cursor?: string): Promise<Page<TokenSummary>> {
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :t)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: marshall({ ':pk': K.tokenEntries(agency).pk, ':t': K.tokenEntries(agency).skPrefix }),
      ConsistentRead: true,
    };
    const page = await this.pagedQuery<TokenSummary>(input, limit, cursor ? decodeCursor(cursor, 'TOKENS') : undefined, 'TOKENS');
    // Only these three are ever written to a list entry; picked again so that nothing else can leak.
    return { ...page, items: page.items.map((t) => ({ tokenId: t.tokenId, createdAt: t.createdAt, ...(t.revokedAt ? { revokedAt: t.revokedAt } : {}) })) };
  }

  async getAgency(id: string): Promise<Agency | undefined> {
    const found = await this.get<Agency & { search?: string }>(K.agency(id));
    if (!found) return undefined;
    const { search: _search, ...agency } = found;
    return agency;
  }

  async putToken(token: TokenRecord): Promise<void> {
    if (!(await this.putNew(K.token(token.tokenId), token))) throw new AlreadyExists(`token ${token.tokenId}`);
    // The agency's list entry, after the token: a failure here fails the request, so no one holds an unlisted token.
    await call(() =>
      this.send('PutItemCommand', {
        TableName: this.table,
        Item: marshall({ ...K.tokenEntry(token.agency, token.tokenId), tokenId: token.tokenId, createdAt: token.createdAt }),
      }),
    );
  }

  async getToken(tokenId: string): Promise<TokenRecord | undefined> {
    return this.get<TokenRecord>(K.token(tokenId));
  }

  async revokeToken(tokenId: string, at: string): Promise<void> {
    await call(() =>
      this.send('UpdateItemCommand', {
        TableName: this.table,
        Key: marshall(K.token(tokenId)),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': KEY.pk },
        ExpressionAttributeValues: marshall({ ':at': at }),
      }),
    );
    const token = await this.getToken(tokenId);
    if (!token) return;
    // The list entry follows the token item; a retried revocation repairs it (the date never changes).
    await call(() =>
      this.send('UpdateItemCommand', {
        TableName: this.table,
        Key: marshall(K.tokenEntry(token.agency, tokenId)),
        UpdateExpression: 'SET revokedAt = :at, tokenId = :id, createdAt = if_not_exists(createdAt, :created)',
        ExpressionAttributeValues: marshall({ ':at': token.revokedAt ?? at, ':id': tokenId, ':created': token.createdAt }),
      }),
    );
  }

  async deleteToken(agency: string, tokenId: string): Promise<void> {
    // The token itself first: once it is gone nobody authenticates with it, whatever the list says.
    for (const key of [K.token(tokenId), K.tokenEntry(agency, tokenId)]) {
      await call(() => this.send('DeleteItemCommand', { TableName: this.table, Key: marshall(key) }));
    }
  }

  async deleteAgency(id: string): Promise<void> {
    await call(() => this.send('DeleteItemCommand', { TableName: this.table, Key: marshall(K.agency(id)) }));
  }

  async countVersions(agency: string, years: readonly number[]): Promise<number> {
    // One COUNT query per agency-year partition, a few at a time: the versions have no index by agency
    // alone (the listing's does not hold withdrawn ones), and the years are bounded.
    const countYear = async (year: number) => {
      let n = 0;
      let start: Item | undefined;
      do {
        const page = await call(() =>
          this.send<QueryCommandOutput>('QueryCommand', {
            TableName: this.table,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :v)',
            ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
            ExpressionAttributeValues: marshall({ ':pk': K.versions(agency, year).pk, ':v': K.versions(agency, year).skPrefix }),
            Select: 'COUNT',
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        n += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
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
      await call(() =>
        this.send('UpdateItemCommand', {
          TableName: this.table,
          Key: marshall(K.version(agency, year, version)),
          UpdateExpression: 'SET withdrawn = :w',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(withdrawn)',
          ExpressionAttributeNames: { '#pk': KEY.pk },
          ExpressionAttributeValues: marshall({ ':w': withdrawal }),
        }),
      );
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
        await call(() =>
          this.send('PutItemCommand', {
            TableName: this.table,
            Item: toItem(latestEntry(next), next),
            // Only over the withdrawn version: a newer upload listed meanwhile stays.
            ConditionExpression: 'version = :w',
            ExpressionAttributeValues: marshall({ ':w': withdrawn }),
          }),
        );
      } else {
        await call(() =>
          this.send('DeleteItemCommand', {
            TableName: this.table,
            Key: marshall(K.latest(agency, year)),
            ConditionExpression: 'version = :w',
            ExpressionAttributeValues: marshall({ ':w': withdrawn }),
          }),
        );
      }
    } catch (err) {
      // The listing names another version (or none): nothing to move.
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** The version items of one agency-year, strongly consistent, all pages. */
  private async queryVersions<T>(agency: string, year: number, extra: Partial<QueryCommandInput> = {}): Promise<T[]> {
    const out: T[] = [];
    let start: Item | undefined;
    do {
      const page = await call(() =>
        this.send<QueryCommandOutput>('QueryCommand', {
          TableName: this.table,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :v)',
          ConsistentRead: true,
          ExclusiveStartKey: start,
          ...extra,
          ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk, ...extra.ExpressionAttributeNames },
          ExpressionAttributeValues: marshall({ ':pk': K.versions(agency, year).pk, ':v': K.versions(agency, year).skPrefix }),
        }),
      );
      for (const item of page.Items ?? []) out.push(fromItem<T>(item));
      start = extra.Limit ? undefined : page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  listVersions(agency: string, year: number): Promise<VersionRecord[]> {
    return this.queryVersions<VersionRecord>(agency, year);
  }

  async latestVersion(agency: string, year: number): Promise<VersionRecord | undefined> {
    return (await this.queryVersions<VersionRecord>(agency, year, { ScanIndexForward: false, Limit: 1 }))[0];
  }

  versionHashes(agency: string, year: number): Promise<{ version: number; sha256: string }[]> {
    return this.queryVersions(agency, year, { ProjectionExpression: '#ver, sha256', ExpressionAttributeNames: { '#ver': 'version' } });
  }

  async getVersion(agency: string, year: number, version: number): Promise<VersionRecord | undefined> {
    return this.get<VersionRecord>(K.version(agency, year, version));
  }

  async commitVersion(record: VersionRecord): Promise<void> {
    if (!(await this.putNew(K.version(record.agency, record.year, record.version), record))) throw new VersionTaken(record.version);
  }

  async publishLatest(record: VersionRecord): Promise<void> {
    const keys = latestEntry(record);
    // Refused when a newer version is already listed: nothing to do.
    await this.conditional('PutItemCommand', {
      TableName: this.table,
      Item: toItem(keys, record),
      // The same version again rewrites its listing copy (reindexing), never an older one over a newer.
      ConditionExpression: 'attribute_not_exists(#pk) OR version <= :v',
      ExpressionAttributeNames: { '#pk': KEY.pk },
      ExpressionAttributeValues: marshall({ ':v': record.version }),
    });
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
      TableName: this.table,
      IndexName: index.name,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall({ ...values, ...filterValues }),
      ScanIndexForward: forward,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    };
    return this.pagedQuery<VersionRecord>(input, query.limit, start, index.name, filters.length > 0);
  }

  async listRecent(which: 'recent' | 'corrected', limit: number): Promise<VersionRecord[]> {
    const index = INDEXES[which];
    const r = await call(() =>
      this.send<QueryCommandOutput>('QueryCommand', {
        TableName: this.table,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pk },
        ExpressionAttributeValues: marshall({ ':pk': indexKeys[which] }),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (r.Items ?? []).map((i) => fromItem<VersionRecord>(i));
  }

  async getRow(agency: string, year: number): Promise<ReportRow | undefined> {
    const row = await this.get<ReportRow & { pending?: string; lease?: string; leaseUntil?: number }>(K.row(agency, year));
    // An item holding only a lease is no row yet.
    if (!row || row.version === undefined) return undefined;
    const { lease: _lease, leaseUntil: _until, ...data } = row;
    return { ...data, pending: row.pending ? (JSON.parse(row.pending) as StatsUpdate[]) : undefined };
  }

  async leaseRow(agency: string, year: number, owner: string, now: number, ms: number): Promise<boolean> {
    return this.conditional('UpdateItemCommand', {
      TableName: this.table,
      Key: marshall(K.row(agency, year)),
      UpdateExpression: 'SET lease = :owner, leaseUntil = :until',
      ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR lease = :owner',
      ExpressionAttributeValues: marshall({ ':owner': owner, ':until': now + ms, ':now': now }),
    });
  }

  async releaseRow(agency: string, year: number, owner: string): Promise<void> {
    // Refused when someone took the lease after ours ran out: it is theirs to release.
    await this.conditional('UpdateItemCommand', {
      TableName: this.table,
      Key: marshall(K.row(agency, year)),
      UpdateExpression: 'REMOVE lease, leaseUntil',
      ConditionExpression: 'lease = :owner',
      ExpressionAttributeValues: marshall({ ':owner': owner }),
    });
  }

  async putRow(row: ReportRow, expectedVersion: number | undefined, lease: { owner: string; until: number }): Promise<boolean> {
    const { pending, ...data } = row;
    const keys = { ...K.row(row.agency, row.year), ...rowEntry(row) };
    return this.conditional('PutItemCommand', {
      TableName: this.table,
      // The pending updates are a string: a list of maps of up to 226 sums each is a lot of typed attributes for nothing.
      Item: toItem(keys, { ...data, ...(pending ? { pending: JSON.stringify(pending) } : {}), lease: lease.owner, leaseUntil: lease.until }),
      // Only while we hold the lease, and only over the version we read.
      ConditionExpression: `lease = :owner AND ${expectedVersion === undefined ? 'attribute_not_exists(version)' : 'version = :v'}`,
      ExpressionAttributeValues: marshall({ ':owner': lease.owner, ...(expectedVersion === undefined ? {} : { ':v': expectedVersion }) }),
    });
  }

  async clearPending(agency: string, year: number, version: number): Promise<void> {
    // A newer version took the row over, with its own pending updates: they are not ours to clear.
    await this.conditional('UpdateItemCommand', {
      TableName: this.table,
      Key: marshall(K.row(agency, year)),
      UpdateExpression: 'REMOVE pending',
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: marshall({ ':v': version }),
    });
  }

  async applyStats(update: StatsUpdate): Promise<void> {
    const names: Record<string, string> = { '#t': update.token };
    // When the item last changed: a download built right after may have missed a row the index had not yet shown.
    const values: Record<string, unknown> = { ':now': Date.now() };
    const adds = Object.entries(update.adds).map(([k, v], i) => {
      names[`#a${i}`] = k;
      values[`:a${i}`] = v;
      return `#a${i} :a${i}`;
    });
    // The token is there: this update was applied by an earlier attempt.
    await this.conditional('UpdateItemCommand', {
      TableName: this.table,
      Key: marshall(K.stats(update.year, update.region)),
      UpdateExpression: `SET #t = :now, changedAt = :now${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_not_exists(#t)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values),
    });
  }

  async clearStatsToken(update: StatsUpdate): Promise<void> {
    await call(() =>
      this.send('UpdateItemCommand', {
        TableName: this.table,
        Key: marshall(K.stats(update.year, update.region)),
        UpdateExpression: 'REMOVE #t',
        ExpressionAttributeNames: { '#t': update.token },
      }),
    );
  }

  async noteYearAndLevel(year: number, level: string | undefined): Promise<void> {
    await call(() =>
      this.send('UpdateItemCommand', {
        TableName: this.table,
        Key: marshall(K.statsMeta()),
        UpdateExpression: level ? 'ADD years :y, levels :l' : 'ADD years :y',
        ExpressionAttributeValues: { ':y': { SS: [String(year)] }, ...(level ? { ':l': { SS: [level] } } : {}) },
      }),
    );
  }

  async statsMeta(): Promise<{ years: number[]; levels: string[] }> {
    const r = await call(() => this.send<GetItemCommandOutput>('GetItemCommand', { TableName: this.table, Key: marshall(K.statsMeta()) }));
    const years = (r.Item?.years?.SS ?? []).map(Number).sort((a, b) => b - a);
    const levels = (r.Item?.levels?.SS ?? []).sort();
    return { years, levels };
  }

  async getStats(year: number | 'all', region: string): Promise<StatsItem | undefined> {
    const r = await call(() => this.send<GetItemCommandOutput>('GetItemCommand', { TableName: this.table, Key: marshall(K.stats(year, region)) }));
    return r.Item ? statsItem(r.Item) : undefined;
  }

  async getStatsMany(keys: { year: number | 'all'; region: string }[]): Promise<(StatsItem | undefined)[]> {
    const wanted = keys.map((k) => K.stats(k.year, k.region));
    const found = new Map<string, StatsItem>();
    for (const item of await this.batchGet(wanted)) found.set(`${item[KEY.pk]?.S}|${item[KEY.sk]?.S}`, statsItem(item));
    return wanted.map((k) => found.get(`${k[KEY.pk]}|${k[KEY.sk]}`));
  }

  /** The roll-ups one level under a region that have reports: a Query on the region's key prefix. */
  async childStats(year: number | 'all', region: string): Promise<{ region: string; stats: StatsItem }[]> {
    const level = levelOf(region);
    if (level === 3) return [];
    const out: { region: string; stats: StatsItem }[] = [];
    let start: Item | undefined;
    do {
      const page = await call(() =>
        this.send<QueryCommandOutput>('QueryCommand', {
          TableName: this.table,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
          ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
          ExpressionAttributeValues: marshall({
            ':pk': K.statsLevel(year, level + 1, regionPrefix(region)).pk,
            ':sk': K.statsLevel(year, level + 1, regionPrefix(region)).skPrefix,
          }),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push({ region: K.statsRegion(item[KEY.sk]!.S!), stats: statsItem(item) });
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Every ROW of a year (or of every year), for a download: the only reader that reads them all. */
  async listRows(year: number | 'all', visit: (row: ReportRow) => void): Promise<void> {
    const years = year === 'all' ? (await this.statsMeta()).years : [year];
    for (const y of years) {
      let start: Item | undefined;
      do {
        const page = await call(() =>
          this.send<QueryCommandOutput>('QueryCommand', {
            TableName: this.table,
            IndexName: INDEXES.rows.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': INDEXES.rows.pk },
            ExpressionAttributeValues: marshall({ ':pk': indexKeys.rows(y) }),
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) visit(rowOf(item));
        start = page.LastEvaluatedKey;
      } while (start);
    }
  }

  async getRows(keys: { agency: string; year: number }[]): Promise<ReportRow[]> {
    return (await this.batchGet(keys.map((k) => K.row(k.agency, k.year)))).map(rowOf);
  }

  /** Items by key, 100 to a request, unprocessed keys asked again; the order is DynamoDB's. */
  private async batchGet(keys: Record<string, string>[]): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let request: Record<string, { Keys: Item[] }> | undefined = { [this.table]: { Keys: keys.slice(i, i + 100).map((k) => marshall(k)) } };
      while (request && Object.keys(request).length) {
        const r: BatchGetItemCommandOutput = await call(() => this.send<BatchGetItemCommandOutput>('BatchGetItemCommand', { RequestItems: request }));
        out.push(...(r.Responses?.[this.table] ?? []));
        request = r.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }

  async getExportState(year: number | 'all'): Promise<ExportState | undefined> {
    return this.get(K.exportState(year));
  }

  async putExportState(year: number | 'all', state: ExportState): Promise<void> {
    await this.conditional('PutItemCommand', {
      TableName: this.table,
      Item: marshall({ ...K.exportState(year), ...state }),
      // Never record an older build over a newer one.
      ConditionExpression: 'attribute_not_exists(#pk) OR rev <= :rev',
      ExpressionAttributeNames: { '#pk': KEY.pk },
      ExpressionAttributeValues: marshall({ ':rev': state.rev }),
    });
  }

  async countUpload(agency: string, window: string, limit: number): Promise<boolean> {
    return this.conditional('UpdateItemCommand', {
      TableName: this.table,
      Key: marshall(K.rate(agency, window)),
      // expiresAt: the table's TTL attribute removes old windows (two days on).
      UpdateExpression: 'ADD uploads :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ConditionExpression: 'attribute_not_exists(uploads) OR uploads < :limit',
      ExpressionAttributeValues: marshall({ ':one': 1, ':limit': limit, ':expires': Math.floor(Date.now() / 1000) + 2 * 86400 }),
    });
  }

  async putAudit(record: AuditRecord): Promise<void> {
    await call(() =>
      this.send('PutItemCommand', {
        TableName: this.table,
        Item: toItem(K.audit(record.agency, record.at, record.id), record),
      }),
    );
  }

  async listAudit(agency: string, limit: number, cursor?: string): Promise<Page<AuditRecord>> {
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': KEY.pk },
      ExpressionAttributeValues: marshall({ ':pk': K.audits(agency).pk }),
      ScanIndexForward: false,
    };
    return this.pagedQuery<AuditRecord>(input, limit, cursor ? decodeCursor(cursor, 'AUDIT') : undefined, 'AUDIT');
  }

  /**
   * Fills a page of `limit` items. With a filter, it reads at most FILTER_BUDGET index entries per
   * request and then hands out the cursor of where it stopped (`partial`), so that no query string
   * can make one request read the whole index.
   */
  private async pagedQuery<T>(input: QueryCommandInput, limit: number, start: Item | undefined, tag: string, filtered = false): Promise<Page<T>> {
    const items: T[] = [];
    let last = start;
    let read = 0;
    let round = 0;
    do {
      let page: QueryCommandOutput;
      const want = limit - items.length;
      try {
        page = await call(() =>
          this.send<QueryCommandOutput>('QueryCommand', {
            ...input,
            // Filtered, read in steps that grow while the filter keeps dropping entries (a page of one costs
            // about what an unfiltered one does); the surplus is cut below and the cursor set after the last item kept.
            Limit: filtered ? Math.min(FILTER_BUDGET - read, Math.max(want * 2, 4) * 4 ** round, 500) : want,
            ExclusiveStartKey: last,
          }),
        );
      } catch (err) {
        // A well-formed cursor from another query (another partition) is refused by DynamoDB.
        if (start && (err as Error).name === 'ValidationException') throw new BadCursor();
        throw err;
      }
      read += page.ScannedCount ?? page.Items?.length ?? 0;
      round++;
      const got = page.Items ?? [];
      if (got.length > want) {
        for (const item of got.slice(0, want)) items.push(fromItem<T>(item));
        return { items, nextCursor: encodeCursor(tag, keyOf(got[want - 1]!, tag)) };
      }
      for (const item of got) items.push(fromItem<T>(item));
      last = page.LastEvaluatedKey;
    } while (last && items.length < limit && read < FILTER_BUDGET);
    return { items, nextCursor: last ? encodeCursor(tag, last) : null, ...(last && items.length < limit ? { partial: true } : {}) };
  }

  async putUpload(record: UploadRecord): Promise<void> {
    if (!(await this.putNew(K.upload(record.id), record))) throw new AlreadyExists(`upload ${record.id}`);
  }

  async getUpload(id: string): Promise<UploadRecord | undefined> {
    return this.get<UploadRecord>(K.upload(id));
  }

  /** Only a pending upload takes an outcome: a redelivered event cannot overwrite the first one. */
  async finishUpload(id: string, outcome: UploadOutcome): Promise<boolean> {
    const detail = outcome.status === 'stored' ? { name: 'result', value: outcome.result } : { name: 'problem', value: outcome.problem };
    return this.conditional('UpdateItemCommand', {
      TableName: this.table,
      Key: marshall(K.upload(id)),
      UpdateExpression: 'SET #status = :status, finishedAt = :at, #detail = :detail',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status', '#detail': detail.name },
      ExpressionAttributeValues: marshall(
        { ':status': outcome.status, ':at': outcome.finishedAt, ':detail': detail.value, ':pending': 'pending' },
        { removeUndefinedValues: true, convertClassInstanceToMap: true },
      ),
    });
  }

  async getDerived(agency: string, year: number): Promise<DerivedRecord | undefined> {
    return this.get<DerivedRecord>(K.derived(agency, year));
  }

  async getDerivedMany(keys: { agency: string; year: number }[]): Promise<DerivedRecord[]> {
    return (await this.batchGet(keys.map((k) => K.derived(k.agency, k.year)))).map((i) => fromItem<DerivedRecord>(i));
  }

  async putDerived(record: DerivedRecord, expectedRev: number | undefined): Promise<boolean> {
    // Listed among the most copied only when it names a similar report (the use case keeps only those above the bar).
    return this.conditional('PutItemCommand', {
      TableName: this.table,
      Item: toItem({ ...K.derived(record.agency, record.year), ...copiedEntry(record) }, record),
      ConditionExpression: expectedRev === undefined ? 'attribute_not_exists(#pk)' : 'rev = :rev',
      ExpressionAttributeNames: expectedRev === undefined ? { '#pk': KEY.pk } : undefined,
      ExpressionAttributeValues: expectedRev === undefined ? undefined : marshall({ ':rev': expectedRev }),
    });
  }

  async deleteDerived(agency: string, year: number, expectedRev: number): Promise<boolean> {
    return this.conditional('DeleteItemCommand', {
      TableName: this.table,
      Key: marshall(K.derived(agency, year)),
      ConditionExpression: 'rev = :rev',
      ExpressionAttributeValues: marshall({ ':rev': expectedRev }),
    });
  }

  async putBuckets(year: number, bands: readonly string[], entry: BucketEntry): Promise<void> {
    await this.batchWrite(bands.map((band) => ({ PutRequest: { Item: toItem(K.bucket(year, band, entry.agency), entry) } })));
  }

  async deleteBuckets(year: number, bands: readonly string[], agency: string): Promise<void> {
    await this.batchWrite(bands.map((band) => ({ DeleteRequest: { Key: marshall(K.bucket(year, band, agency)) } })));
  }

  /** Puts and deletes, 25 to a request (all at once), unprocessed ones sent again with a growing pause. */
  private async batchWrite(requests: WriteRequest[]): Promise<void> {
    const chunks: WriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Record<string, WriteRequest[]> | undefined = { [this.table]: chunk };
        for (let round = 0; pending && Object.keys(pending).length; round++) {
          if (round) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** round)));
          const r: BatchWriteItemCommandOutput = await call(() => this.send<BatchWriteItemCommandOutput>('BatchWriteItemCommand', { RequestItems: pending }));
          pending = r.UnprocessedItems as typeof pending;
        }
      }),
    );
  }

  async queryBuckets(year: number, bands: readonly string[], perBand: number): Promise<BucketEntry[]> {
    const pages = await Promise.all(
      bands.map((band) =>
        call(() =>
          this.send<QueryCommandOutput>('QueryCommand', {
            TableName: this.table,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': KEY.pk },
            ExpressionAttributeValues: marshall({ ':pk': K.buckets(year, band).pk }),
            // A bucket that a national template fills: its first entries are enough to name a source.
            Limit: perBand,
          }),
        ),
      ),
    );
    const byAgency = new Map<string, BucketEntry>();
    for (const page of pages)
      for (const item of page.Items ?? []) {
        const entry = fromItem<BucketEntry>(item);
        byAgency.set(entry.agency, entry);
      }
    return [...byAgency.values()];
  }

  async listCopied(year: number, limit: number, cursor?: string): Promise<Page<DerivedRecord>> {
    const index = INDEXES.copied;
    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pk },
      ExpressionAttributeValues: marshall({ ':pk': indexKeys.copied(year) }),
      ScanIndexForward: false,
    };
    return this.pagedQuery<DerivedRecord>(input, limit, cursor ? decodeCursor(cursor, index.name) : undefined, index.name);
  }

  private async get<T>(key: Record<string, string>): Promise<T | undefined> {
    const r = await call(() => this.send<GetItemCommandOutput>('GetItemCommand', { TableName: this.table, Key: marshall(key), ConsistentRead: true }));
    return r.Item ? fromItem<T>(r.Item) : undefined;
  }
}

/** The profile as stored: its list keys and the normalized names the `q` filter searches. */
const agencyItem = (a: Agency) => ({ ...a, ...agencyEntry(a), search: searchText([a.name, ...a.aliases]) });

/** Index entries one filtered request may read before it answers with what it found and a cursor. */
export const FILTER_BUDGET = 1000;
/** Agency-year partitions counted at once when an agency's versions are counted. */
const COUNT_CONCURRENCY = 20;

/** The index whose keys answer most of the query; what they cannot answer becomes a bounded filter. */
function chooseIndex(q: ListQuery) {
  const prefix = q.region !== undefined ? regionPrefix(q.region) : undefined;
  if (q.agency !== undefined) {
    const values: Record<string, string> = { ':pk': indexKeys.byAgency(q.agency) };
    if (q.year !== undefined) values[':sk'] = String(q.year);
    return { index: INDEXES.byAgency, condition: q.year !== undefined ? '#pk = :pk AND #sk = :sk' : '#pk = :pk', values, forward: false };
  }
  const flagged = q.has === 'unchecked' ? INDEXES.unchecked : q.has === 'errors' || q.hasErrors === true ? INDEXES.withErrors : undefined;
  if (flagged) {
    const values: Record<string, string> = { ':pk': flagged === INDEXES.unchecked ? indexKeys.unchecked : indexKeys.withErrors };
    if (q.year === undefined) return { index: flagged, condition: '#pk = :pk', values, forward: false };
    values[':rp'] = indexKeys.flaggedPrefix(q.year, prefix ?? '');
    return { index: flagged, condition: '#pk = :pk AND begins_with(#sk, :rp)', values, forward: false };
  }
  if (q.year !== undefined) {
    const values: Record<string, string> = { ':pk': indexKeys.byYear(q.year) };
    if (!prefix) return { index: INDEXES.byYear, condition: '#pk = :pk', values, forward: true };
    values[':rp'] = prefix;
    return { index: INDEXES.byYear, condition: '#pk = :pk AND begins_with(#sk, :rp)', values, forward: true };
  }
  if (prefix) {
    const values: Record<string, string> = { ':pk': indexKeys.byRegion(prefix) };
    if (prefix.length > 2) values[':rp'] = prefix;
    return { index: INDEXES.byRegion, condition: prefix.length > 2 ? '#pk = :pk AND begins_with(#sk, :rp)' : '#pk = :pk', values, forward: true };
  }
  return { index: INDEXES.all, condition: '#pk = :pk', values: { ':pk': indexKeys.all }, forward: false };
}

/** A statistics item's numbers, without its keys and the tokens of updates in flight. */
function statsItem(item: Item): StatsItem {
  const out: StatsItem = {};
  for (const [k, v] of Object.entries(item)) if (v.N !== undefined && !k.startsWith('t:')) out[k] = Number(v.N);
  return out;
}

/** A row as the downloads and pages read it: without the statistics it may still owe. */
function rowOf(item: Item): ReportRow {
  const { pending: _pending, ...row } = fromItem<ReportRow & { pending?: string }>(item);
  return row as ReportRow;
}

/** The key attributes of an item as DynamoDB's LastEvaluatedKey would give them for that index. */
function keyOf(item: Item, tag: string): Item {
  const out: Item = {};
  for (const k of cursorKeys(tag)) if (item[k]) out[k] = item[k];
  return out;
}

/** Cursors are opaque to clients: the index they belong to and DynamoDB's last key. */
function encodeCursor(tag: string, key: Item): string {
  return Buffer.from(JSON.stringify({ i: tag, k: unmarshall(key) })).toString('base64url');
}

/** The attributes DynamoDB puts in LastEvaluatedKey for a query on the table or an index. */
function cursorKeys(tag: string): string[] {
  const index = Object.values(INDEXES).find((i) => i.name === tag);
  return (index ? [KEY.pk, KEY.sk, index.pk, index.sk] : [KEY.pk, KEY.sk]).sort();
}

function decodeCursor(cursor: string, tag: string): Item {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { i?: unknown; k?: unknown };
    if (parsed.i !== tag || typeof parsed.k !== 'object' || parsed.k === null || Array.isArray(parsed.k)) throw new Error('wrong index');
    const key = parsed.k as Record<string, unknown>;
    const names = Object.keys(key).sort();
    if (names.join() !== cursorKeys(tag).join() || !Object.values(key).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 1024))
      throw new Error('bad key');
    return marshall(key);
  } catch {
    throw new BadCursor();
  }
}
