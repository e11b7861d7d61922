import type {
  BatchWriteCommandInput,
  DeleteCommandInput,
  DynamoDBDocumentClient,
  PutCommandInput,
  QueryCommandInput,
  QueryCommandOutput,
  UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Page } from '../archive/types';
import { BadCursor } from '../archive/errors';
import { StorageUnavailable } from './ports';
import { must } from '../model/must';
import { INDEXES, KEY } from './table-design';

/** An item as the document client reads and writes it: plain values, sets as Set. */
export type Item = Record<string, unknown>;
const KEY_ATTRS = new Set<string>([KEY.pk, KEY.sk, ...Object.values(INDEXES).flatMap((i) => [i.pk, i.sk])]);

export const toItem = (keys: Record<string, string>, data: object): Item => ({ ...data, ...keys });
/** An item's own fields, its key attributes dropped: still unchecked (item-decoders.ts types them). */
export function withoutKeys(item: Item): Item {
  const o = { ...item };
  for (const k of KEY_ATTRS) delete o[k];
  return o;
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

type Lib = typeof import('@aws-sdk/lib-dynamodb');
/**
 * The document client (lib-dynamodb, which the nodejs22.x runtime provides as it does the service
 * client) and its module, loaded on first use and kept for the life of the process.
 */
export type DynamoDbLoader = () => Promise<{ lib: Lib; doc: Pick<DynamoDBDocumentClient, 'send'> }>;

/** How items are written: an absent optional field is left out, a class instance (a Date, say) kept as a map. */
export const DOCUMENT_MARSHALLING = { removeUndefinedValues: true, convertClassInstanceToMap: true } as const;

type Without<T> = Omit<T, 'TableName'>;

/** The one table's client, shared by the stores of every aggregate: commands, pages, batches, cursors. */
export class TableClient {
  constructor(
    private readonly load: DynamoDbLoader,
    readonly table: string,
  ) {}

  /** One item by key; strongly consistent unless the reader can take a moment-old copy for half the cost. */
  async get<T>(key: Record<string, string>, decode: (item: Item) => T, consistent = true): Promise<T | undefined> {
    const { lib, doc } = await this.load();
    const item = (await call(() => doc.send(new lib.GetCommand({ TableName: this.table, Key: key, ConsistentRead: consistent })))).Item;
    return item ? decode(item) : undefined;
  }

  async put(input: Without<PutCommandInput>): Promise<void> {
    const { lib, doc } = await this.load();
    await call(() => doc.send(new lib.PutCommand({ ...input, TableName: this.table })));
  }

  async update(input: Without<UpdateCommandInput>): Promise<void> {
    const { lib, doc } = await this.load();
    await call(() => doc.send(new lib.UpdateCommand({ ...input, TableName: this.table })));
  }

  async delete(input: Without<DeleteCommandInput>): Promise<void> {
    const { lib, doc } = await this.load();
    await call(() => doc.send(new lib.DeleteCommand({ ...input, TableName: this.table })));
  }

  async query(input: Without<QueryCommandInput>): Promise<QueryCommandOutput> {
    const { lib, doc } = await this.load();
    return call(() => doc.send(new lib.QueryCommand({ ...input, TableName: this.table })));
  }

  /** Every page of a query, through the SDK's paginator. */
  async *queryAll(input: Without<QueryCommandInput>): AsyncGenerator<QueryCommandOutput> {
    const { lib, doc } = await this.load();
    const pages = lib.paginateQuery({ client: doc as DynamoDBDocumentClient }, { ...input, TableName: this.table });
    while (true) {
      const next = await call(() => pages.next());
      if (next.done) return;
      yield next.value;
    }
  }

  /** Makes a conditional write: true when it was made, false when its condition refused it. */
  async conditional(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Writes an item that must not exist yet; false when it does (the write is refused). */
  async putNew(key: Record<string, string>, data: object): Promise<boolean> {
    return this.conditional(() =>
      this.put({ Item: toItem(key, data), ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': KEY.pk } }),
    );
  }

  /** Items by key, 100 to a request, unprocessed keys asked again; the order is DynamoDB's. */
  async batchGet(keys: Record<string, string>[]): Promise<Item[]> {
    const { lib, doc } = await this.load();
    const out: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [this.table]: { Keys: keys.slice(i, i + 100) } };
      while (request && Object.keys(request).length) {
        const asked: typeof request = request;
        const r = await call(() => doc.send(new lib.BatchGetCommand({ RequestItems: asked })));
        out.push(...(r.Responses?.[this.table] ?? []));
        request = r.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }

  /**
   * Items by key in the order asked, those not found left out: the page of a keys-only index read
   * whole, in one BatchGetItem (eventually consistent, as the index that named them is).
   */
  async batchGetInOrder<T>(keys: Record<string, unknown>[], decode: (item: Item) => T): Promise<T[]> {
    if (!keys.length) return [];
    const at = (k: Record<string, unknown>) => `${String(k[KEY.pk])}\u0000${String(k[KEY.sk])}`;
    const found = new Map<string, Item>();
    for (const item of await this.batchGet(keys.map(tableKey))) found.set(at(item), item);
    return keys.flatMap((k) => {
      const item = found.get(at(k));
      return item ? [decode(item)] : [];
    });
  }

  /** Puts and deletes, 25 to a request (all at once), unprocessed ones sent again with a growing pause. */
  async batchWrite(requests: WriteRequest[]): Promise<void> {
    const { lib, doc } = await this.load();
    const chunks: WriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Record<string, WriteRequest[]> | undefined = { [this.table]: chunk };
        for (let round = 0; pending && Object.keys(pending).length; round++) {
          if (round) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** round)));
          const sent: Record<string, WriteRequest[]> = pending;
          const r = await call(() => doc.send(new lib.BatchWriteCommand({ RequestItems: sent })));
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
  async pagedQuery<T>(
    decode: (item: Item) => T,
    input: Without<QueryCommandInput>,
    limit: number,
    start: Item | undefined,
    tag: string,
    filtered = false,
  ): Promise<Page<T>> {
    const items: T[] = [];
    let last = start;
    let read = 0;
    let round = 0;
    do {
      let page: QueryCommandOutput;
      const want = limit - items.length;
      try {
        page = await this.query({
          ...input,
          // Filtered, read in steps that grow while the filter keeps dropping entries (a page of one costs
          // about what an unfiltered one does); the surplus is cut below and the cursor set after the last item kept.
          Limit: filtered ? Math.min(FILTER_BUDGET - read, Math.max(want * 2, 4) * 4 ** round, 500) : want,
          ExclusiveStartKey: last,
        });
      } catch (err) {
        // A well-formed cursor from another query (another partition) is refused by DynamoDB.
        if (start && (err as Error).name === 'ValidationException') throw new BadCursor();
        throw err;
      }
      read += page.ScannedCount ?? page.Items?.length ?? 0;
      round++;
      const got = page.Items ?? [];
      if (got.length > want) {
        for (const item of got.slice(0, want)) items.push(decode(item));
        return { items, nextCursor: encodeCursor(tag, keyOf(must(got[want - 1], 'a page longer than want has its want-th item'), tag)) };
      }
      for (const item of got) items.push(decode(item));
      last = page.LastEvaluatedKey;
    } while (last && items.length < limit && read < FILTER_BUDGET);
    return { items, nextCursor: last ? encodeCursor(tag, last) : null, ...(last && items.length < limit ? { partial: true } : {}) };
  }
}

/** The table's key of an item or index entry (every index holds it). */
export const tableKey = (item: Record<string, unknown>): Record<string, string> => ({ [KEY.pk]: String(item[KEY.pk]), [KEY.sk]: String(item[KEY.sk]) });

/** Index entries one filtered request may read before it answers with what it found and a cursor. */
export const FILTER_BUDGET = 1000;

/** The key attributes of an item as DynamoDB's LastEvaluatedKey would give them for that index. */
function keyOf(item: Item, tag: string): Item {
  const out: Item = {};
  for (const k of cursorKeys(tag)) if (item[k] !== undefined) out[k] = item[k];
  return out;
}

/** Cursors are opaque to clients: the index they belong to and DynamoDB's last key. */
function encodeCursor(tag: string, key: Item): string {
  return Buffer.from(JSON.stringify({ i: tag, k: key })).toString('base64url');
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
    return key;
  } catch {
    throw new BadCursor();
  }
}

/** One put or delete of a batch write. */
export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];
