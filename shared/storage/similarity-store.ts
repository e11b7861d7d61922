import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { BucketEntry, DerivedRecord, Page } from '../archive/types';
import type { SimilarityStore } from './ports';
import { decodeCursor, type TableClient, tableKey, toItem } from './table-client';
import { decodeBucketEntry, decodeDerived } from './item-decoders';
import { INDEXES, KEY } from './table-design';
import { copiedEntry, indexKeys, keys as K } from './table-keys';

export class DynamoSimilarityStore implements SimilarityStore {
  constructor(private readonly db: TableClient) {}

  async getDerived(agency: string, year: number): Promise<DerivedRecord | undefined> {
    return this.db.get(K.derived(agency, year), decodeDerived);
  }

  async getDerivedMany(keys: { agency: string; year: number }[]): Promise<DerivedRecord[]> {
    return (await this.db.batchGet(keys.map((k) => K.derived(k.agency, k.year)))).map(decodeDerived);
  }

  async putDerived(record: DerivedRecord, expectedRev: number | undefined): Promise<boolean> {
    // Listed among the most copied only when it names a similar report (the use case keeps only those above the bar).
    return this.db.conditional(() =>
      this.db.put({
        Item: toItem({ ...K.derived(record.agency, record.year), ...copiedEntry(record) }, record),
        ConditionExpression: expectedRev === undefined ? 'attribute_not_exists(#pk)' : 'rev = :rev',
        ExpressionAttributeNames: expectedRev === undefined ? { '#pk': KEY.pk } : undefined,
        ExpressionAttributeValues: expectedRev === undefined ? undefined : { ':rev': expectedRev },
      }),
    );
  }

  async deleteDerived(agency: string, year: number, expectedRev: number): Promise<boolean> {
    return this.db.conditional(() =>
      this.db.delete({
        Key: K.derived(agency, year),
        ConditionExpression: 'rev = :rev',
        ExpressionAttributeValues: { ':rev': expectedRev },
      }),
    );
  }

  async putBuckets(year: number, bands: readonly string[], entry: BucketEntry, stale: readonly string[] = []): Promise<void> {
    // One batch: BatchWriteItem takes 25 requests, so 32 bands go as two requests sent at once.
    await this.db.batchWrite([
      ...bands.map((band) => ({ PutRequest: { Item: toItem(K.bucket(year, band, entry.agency), entry) } })),
      ...stale.filter((band) => !bands.includes(band)).map((band) => ({ DeleteRequest: { Key: K.bucket(year, band, entry.agency) } })),
    ]);
  }

  async deleteBuckets(year: number, bands: readonly string[], agency: string): Promise<void> {
    await this.db.batchWrite(bands.map((band) => ({ DeleteRequest: { Key: K.bucket(year, band, agency) } })));
  }

  /**
   * One Query per band, sent at once. A BatchGetItem needs whole keys, and a bucket's members (its sort
   * keys) are what the lookup is for; a bucket kept as one item listing its members would make the
   * lookup one batch but every filing 32 UpdateItems, which no batch takes, each rewriting the list.
   */
  async queryBuckets(year: number, bands: readonly string[], perBand: number): Promise<BucketEntry[]> {
    const pages = await Promise.all(
      bands.map((band) =>
        this.db.query({
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': KEY.pk },
          ExpressionAttributeValues: { ':pk': K.buckets(year, band).pk },
          // A bucket that a national template fills: its first entries are enough to name a source.
          Limit: perBand,
        }),
      ),
    );
    const byAgency = new Map<string, BucketEntry>();
    for (const page of pages)
      for (const item of page.Items ?? []) {
        const entry = decodeBucketEntry(item);
        byAgency.set(entry.agency, entry);
      }
    return [...byAgency.values()];
  }

  async listCopied(year: number, limit: number, cursor?: string): Promise<Page<DerivedRecord>> {
    const index = INDEXES.copied;
    const input: QueryCommandInput = {
      TableName: this.db.table,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pk },
      ExpressionAttributeValues: { ':pk': indexKeys.copied(year) },
      ScanIndexForward: false,
    };
    // A keys-only index: the page's records are read by key.
    const page = await this.db.pagedQuery(tableKey, input, limit, cursor ? decodeCursor(cursor, index.name) : undefined, index.name);
    return { ...page, items: await this.db.batchGetInOrder(page.items, decodeDerived) };
  }
}
