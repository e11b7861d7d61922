import type { UploadOutcome, UploadRecord } from '../archive/types';
import { AlreadyExists, type UploadStore } from './ports';
import type { TableClient } from './table-client';
import { decodeUpload } from './item-decoders';
import { keys as K } from './table-keys';

export class DynamoUploadStore implements UploadStore {
  constructor(
    private readonly db: TableClient,
    private readonly clock: () => Date,
  ) {}

  async countUpload(agency: string, window: string, limit: number): Promise<boolean> {
    return this.db.conditional(() =>
      this.db.update({
        Key: K.rate(agency, window),
        // expiresAt: the table's TTL attribute removes old windows (two days on).
        UpdateExpression: 'ADD uploads :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(uploads) OR uploads < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': Math.floor(this.clock().getTime() / 1000) + 2 * 86400 },
      }),
    );
  }

  async putUpload(record: UploadRecord): Promise<void> {
    if (!(await this.db.putNew(K.upload(record.id), record))) throw new AlreadyExists(`upload ${record.id}`);
  }

  async getUpload(id: string): Promise<UploadRecord | undefined> {
    return this.db.get(K.upload(id), decodeUpload);
  }

  /** Only a pending upload takes an outcome: a redelivered event cannot overwrite the first one. */
  async finishUpload(id: string, outcome: UploadOutcome): Promise<boolean> {
    const detail = outcome.status === 'stored' ? { name: 'result', value: outcome.result } : { name: 'problem', value: outcome.problem };
    return this.db.conditional(() =>
      this.db.update({
        Key: K.upload(id),
        UpdateExpression: 'SET #status = :status, finishedAt = :at, #detail = :detail',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#detail': detail.name },
        ExpressionAttributeValues: { ':status': outcome.status, ':at': outcome.finishedAt, ':detail': detail.value, ':pending': 'pending' },
      }),
    );
  }
}
