import type { AttributeValue, GetItemCommandOutput, QueryCommandInput, QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Agency, AuditRecord, ListQuery, Page, TokenRecord, VersionRecord } from '../archive/types';
import { BadCursor } from '../archive/errors';
import { AlreadyExists, StorageUnavailable, VersionTaken, type ReportIndex } from './ports';
import { INDEXES, KEY } from './table-design';

type Item = Record<string, AttributeValue>;
const KEY_ATTRS = new Set<string>([KEY.pk, KEY.sk, ...Object.values(INDEXES).flatMap((i) => [i.pk, i.sk])]);

const reportPk = (agency: string, year: number) => `REPORT#${agency}#${year}`;
const versionSk = (v: number) => `V#${String(v).padStart(6, '0')}`;
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

type Command = 'GetItemCommand' | 'PutItemCommand' | 'QueryCommand' | 'UpdateItemCommand';

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

  /** Writes an item that must not exist yet; false when it does (the write is refused). */
  private async putNew(pk: string, sk: string, data: object): Promise<boolean> {
    try {
      await call(() =>
        this.send('PutItemCommand', {
          TableName: this.table,
          Item: toItem({ [KEY.pk]: pk, [KEY.sk]: sk }, data),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': KEY.pk },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async putAgency(agency: Agency): Promise<void> {
    if (!(await this.putNew(`AGENCY#${agency.id}`, 'PROFILE', agency))) throw new AlreadyExists(`agency ${agency.id}`);
  }

  async getAgency(id: string): Promise<Agency | undefined> {
    return this.get<Agency>(`AGENCY#${id}`, 'PROFILE');
  }

  async putToken(token: TokenRecord): Promise<void> {
    if (!(await this.putNew(`TOKEN#${token.tokenId}`, 'TOKEN', token))) throw new AlreadyExists(`token ${token.tokenId}`);
  }

  async getToken(tokenId: string): Promise<TokenRecord | undefined> {
    return this.get<TokenRecord>(`TOKEN#${tokenId}`, 'TOKEN');
  }

  async revokeToken(tokenId: string, at: string): Promise<void> {
    await call(() =>
      this.send('UpdateItemCommand', {
        TableName: this.table,
        Key: marshall({ [KEY.pk]: `TOKEN#${tokenId}`, [KEY.sk]: 'TOKEN' }),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': KEY.pk },
        ExpressionAttributeValues: marshall({ ':at': at }),
      }),
    );
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
          ExpressionAttributeValues: marshall({ ':pk': reportPk(agency, year), ':v': 'V#' }),
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
    return this.get<VersionRecord>(reportPk(agency, year), versionSk(version));
  }

  async commitVersion(record: VersionRecord): Promise<void> {
    if (!(await this.putNew(reportPk(record.agency, record.year), versionSk(record.version), record))) throw new VersionTaken(record.version);
  }

  async publishLatest(record: VersionRecord): Promise<void> {
    const region = record.region || '-';
    const year = String(record.year);
    const keys = {
      [KEY.pk]: reportPk(record.agency, record.year),
      [KEY.sk]: 'LATEST',
      [INDEXES.byYear.pk]: `YEAR#${year}`,
      [INDEXES.byYear.sk]: `${region}#${record.agency}`,
      [INDEXES.byAgency.pk]: `AGENCY#${record.agency}`,
      [INDEXES.byAgency.sk]: year,
      [INDEXES.all.pk]: 'LATEST',
      [INDEXES.all.sk]: `${year}#${record.agency}`,
      [INDEXES.byRegion.pk]: `REGION#${region}`,
      [INDEXES.byRegion.sk]: `${year}#${record.agency}`,
    };
    try {
      await call(() =>
        this.send('PutItemCommand', {
          TableName: this.table,
          Item: toItem(keys, record),
          ConditionExpression: 'attribute_not_exists(#pk) OR version < :v',
          ExpressionAttributeNames: { '#pk': KEY.pk },
          ExpressionAttributeValues: marshall({ ':v': record.version }),
        }),
      );
    } catch (err) {
      // A newer version is already listed: nothing to do.
      if (!isConditionFailure(err)) throw err;
    }
  }

  async listLatest(query: ListQuery): Promise<Page<VersionRecord>> {
    const { index, condition, values } = chooseIndex(query);
    const start = query.cursor ? decodeCursor(query.cursor, index.name) : undefined;
    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: index.name,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: { '#pk': index.pk, ...(condition.includes('#sk') ? { '#sk': index.sk } : {}) },
      ExpressionAttributeValues: marshall(values),
      // Newest year first where the sort key starts with the year.
      ScanIndexForward: index.name === INDEXES.byYear.name,
    };
    if (query.hasErrors !== undefined) {
      input.FilterExpression = 'hasErrors = :e';
      input.ExpressionAttributeValues![':e'] = { BOOL: query.hasErrors };
    }
    return this.pagedQuery<VersionRecord>(input, query.limit, start, index.name);
  }

  async putAudit(record: AuditRecord): Promise<void> {
    await call(() =>
      this.send('PutItemCommand', {
        TableName: this.table,
        Item: toItem({ [KEY.pk]: `AUDIT#${record.agency}`, [KEY.sk]: `${record.at}#${record.id}` }, record),
      }),
    );
  }

  async listAudit(agency: string, limit: number, cursor?: string): Promise<Page<AuditRecord>> {
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': KEY.pk },
      ExpressionAttributeValues: marshall({ ':pk': `AUDIT#${agency}` }),
      ScanIndexForward: false,
    };
    return this.pagedQuery<AuditRecord>(input, limit, cursor ? decodeCursor(cursor, 'AUDIT') : undefined, 'AUDIT');
  }

  /** Fills a page of `limit` items even when a filter drops some, then hands out a cursor. */
  private async pagedQuery<T>(input: QueryCommandInput, limit: number, start: Item | undefined, tag: string): Promise<Page<T>> {
    const items: T[] = [];
    let last = start;
    do {
      let page: QueryCommandOutput;
      try {
        page = await call(() => this.send<QueryCommandOutput>('QueryCommand', { ...input, Limit: limit - items.length, ExclusiveStartKey: last }));
      } catch (err) {
        // A well-formed cursor from another query (another partition) is refused by DynamoDB.
        if (start && (err as Error).name === 'ValidationException') throw new BadCursor();
        throw err;
      }
      for (const item of page.Items ?? []) items.push(fromItem<T>(item));
      last = page.LastEvaluatedKey;
    } while (last && items.length < limit);
    return { items, nextCursor: last ? encodeCursor(tag, last) : null };
  }

  private async get<T>(pk: string, sk: string): Promise<T | undefined> {
    const r = await call(() =>
      this.send<GetItemCommandOutput>('GetItemCommand', { TableName: this.table, Key: marshall({ [KEY.pk]: pk, [KEY.sk]: sk }), ConsistentRead: true }),
    );
    return r.Item ? fromItem<T>(r.Item) : undefined;
  }
}

function chooseIndex(q: ListQuery) {
  if (q.agency !== undefined) {
    const values: Record<string, string> = { ':pk': `AGENCY#${q.agency}` };
    if (q.year !== undefined) values[':sk'] = String(q.year);
    return { index: INDEXES.byAgency, condition: q.year !== undefined ? '#pk = :pk AND #sk = :sk' : '#pk = :pk', values };
  }
  if (q.year !== undefined) {
    const values: Record<string, string> = { ':pk': `YEAR#${q.year}` };
    if (q.region !== undefined) values[':sk'] = `${q.region}#`;
    return { index: INDEXES.byYear, condition: q.region !== undefined ? '#pk = :pk AND begins_with(#sk, :sk)' : '#pk = :pk', values };
  }
  if (q.region !== undefined) return { index: INDEXES.byRegion, condition: '#pk = :pk', values: { ':pk': `REGION#${q.region}` } };
  return { index: INDEXES.all, condition: '#pk = :pk', values: { ':pk': 'LATEST' } };
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
