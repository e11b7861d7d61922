import middy from '@middy/core';
import { foldChanges } from '#shared/archive/fold-stats';
import type { RowChange } from '#shared/archive/types';
import { log } from '#shared/http/middleware';
import { observability } from '#shared/http/observability';
import { isRowRecord, rowChangeOf, type StreamRecord } from '#shared/storage/row-stream';
import { createPorts, readEnv } from './runtime';

const env = readEnv();
const ports = createPorts({ table: env.TABLE_NAME });

/**
 * The table's stream, in batches: the ROW changes are folded into the statistics. The fold is safe
 * to repeat, so a failed batch is reported from its first record and delivered again (split in
 * halves by the mapping), then dead-lettered.
 */
export const handler = middy<{ Records: StreamRecord[] }, { batchItemFailures: { itemIdentifier: string }[] }>()
  .use(observability())
  .handler(async (event: { Records: StreamRecord[] }): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
    const changes = event.Records.filter(isRowRecord)
      .map(rowChangeOf)
      .filter((c): c is RowChange => !!c);
    try {
      await foldChanges(ports.index, changes);
    } catch (err) {
      const first = event.Records[0]?.dynamodb?.SequenceNumber;
      log('error', 'statistics fold failed', { records: event.Records.length, error: String((err as Error)?.stack ?? err).slice(0, 2000) });
      return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
    }
    log('info', 'statistics folded', { records: event.Records.length, changes: changes.length });
    return { batchItemFailures: [] };
  });
