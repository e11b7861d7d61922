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
import type { Page } from '../archive/types';
import { BadCursor } from '../archive/errors';
import { StorageUnavailable } from './ports';
import { INDEXES, KEY } from './table-design';

export type Item = Record<string, AttributeValue>;
const KEY_ATTRS = new Set<string>([KEY.pk, KEY.sk, ...Object.values(INDEXES).flatMap((i) => [i.pk, i.sk])]);

export const toItem = (keys: Record<string, string>, data: object): Item => marshall({ ...data, ...keys }, { removeUndefinedValues: true });
export function fromItem<T>(item: Item): T {
  const o = unmarshall(item);
  for (const k of KEY_ATTRS) delete o[k];
  return o as T;
}

/** Wraps SDK calls: a service that does not answer becomes StorageUnavailable (→ 503). */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') throw err;
    if ((err as Error).name === 'ValidationException') throw err;
    throw new StorageUnavailable('index', err);
  }
}

export const isConditionFailure = (err: unknown) => (err as Error)?.name === 'ConditionalCheckFailedException';

type Sdk = typeof import('@aws-sdk/client-dynamodb');
/** The SDK module and one client, loaded on first use and kept for the life of the process. */
export type DynamoDbLoader = () => Promise<{ sdk: Sdk; client: InstanceType<Sdk['DynamoDBClient']> }>;

export type Command =
  | 'GetItemCommand'
  | 'PutItemCommand'
  | 'QueryCommand'
  | 'UpdateItemCommand'
  | 'BatchGetItemCommand'
  | 'BatchWriteItemCommand'
  | 'DeleteItemCommand';

/** The one table's client, shared by the stores of every aggregate: commands, pages, batches, cursors. */
export class TableClient {
  constructor(
    private readonly load: DynamoDbLoader,
    readonly table: string,
  ) {}

  /** Sends one command by name; the SDK is loaded by the first call. */
  async send<T>(command: Command, input: object): Promise<T> {
    const { sdk, client } = await this.load();
    const Ctor = sdk[command] as unknown as new (i: object) => Parameters<typeof client.send>[0];
    return (await client.send(new Ctor(input))) as T;
  }

  /** Sends a conditional write: true when it was made, false when its condition refused it. */
  async conditional(command: Command, input: object): Promise<boolean> {
    try {
      await call(() => this.send(command, input));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Writes an item that must not exist yet; false when it does (the write is refused). */
  async putNew(key: Record<string, string>, data: object): Promise<boolean> {
    return this.conditional('PutItemCommand', {
      TableName: this.table,
      Item: toItem(key, data),
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': KEY.pk },
    });
  }

  async get<T>(key: Record<string, string>): Promise<T | undefined> {
    const r = await call(() => this.send<GetItemCommandOutput>('GetItemCommand', { TableName: this.table, Key: marshall(key), ConsistentRead: true }));
    return r.Item ? fromItem<T>(r.Item) : undefined;
  }

  /** Items by key, 100 to a request, unprocessed keys asked again; the order is DynamoDB's. */
  async batchGet(keys: Record<string, string>[]): Promise<Item[]> {
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

  /** Puts and deletes, 25 to a request (all at once), unprocessed ones sent again with a growing pause. */
  async batchWrite(requests: WriteRequest[]): Promise<void> {
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

  /**
   * Fills a page of `limit` items. With a filter, it reads at most FILTER_BUDGET index entries per
   * request and then hands out the cursor of where it stopped (`partial`), so that no query string
   * can make one request read the whole index.
   */
  async pagedQuery<T>(input: QueryCommandInput, limit: number, start: Item | undefined, tag: string, filtered = false): Promise<Page<T>> {
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
}

/** Index entries one filtered request may read before it answers with what it found and a cursor. */
export const FILTER_BUDGET = 1000;

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

export function decodeCursor(cursor: string, tag: string): Item {
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
