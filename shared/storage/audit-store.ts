import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord, Page } from '../archive/types';
import type { AuditLog } from './ports';
import { decodeCursor, type TableClient, toItem } from './table-client';
import { decodeAudit } from './item-decoders';
import { KEY } from './table-design';
import { keys as K } from './table-keys';

export class DynamoAuditLog implements AuditLog {
  constructor(private readonly db: TableClient) {}

  async putAudit(record: AuditRecord): Promise<void> {
    await this.db.put({
      Item: toItem(K.audit(record.agency, record.at, record.id), record),
    });
  }

  async listAudit(agency: string, limit: number, cursor?: string): Promise<Page<AuditRecord>> {
    const input: QueryCommandInput = {
      TableName: this.db.table,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': KEY.pk },
      ExpressionAttributeValues: { ':pk': K.audits(agency).pk },
      ScanIndexForward: false,
    };
    return this.db.pagedQuery(decodeAudit, input, limit, cursor ? decodeCursor(cursor, 'AUDIT') : undefined, 'AUDIT');
  }
}
