import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { KEY } from '../../shared/storage/table-design';
import { ITEM_KEYS } from '../../shared/storage/table-keys';
import { ApiFunction } from './api-function';
import { deadLetterQueue } from './dead-letter-queue';

/**
 * How the table's stream is handed to the fold. A batch of 100 ROW changes (each carries its old and
 * new row, about 22 KB, well under the 6 MB an invocation takes), or what 5 s have brought: the
 * statistics move within seconds of a commit, and at 200 uploads/s each roll-up is written about
 * twice a second, whatever the rate.
 */
export const FOLD_BATCH = { size: 100, windowSeconds: 5, retries: 10 } as const;

/**
 * The statistics fold (functions/fold-stats.ts) on the table's stream: batches of ROW changes, a
 * failed batch reported from its first record and split in halves on retry, and what still fails
 * after its retries in a dead-letter queue. It may only read and write the statistics.
 */
export class StatsFold extends Construct {
  readonly fn: ApiFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: { table: ITableV2 }) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'FoldDeadLetters', 'the statistics fold');

    this.fn = new ApiFunction(this, 'Fold', { entry: 'fold-stats', memorySize: 512, timeout: Duration.minutes(1) })
      // The own roll-ups and totals (read strongly consistent, written conditionally) and the years seen.
      .bindTable(props.table, ['GetItem', 'Query', 'UpdateItem', 'PutItem'], { leadingKeys: [ITEM_KEYS.stats] });
    this.fn.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: FOLD_BATCH.size,
        maxBatchingWindow: Duration.seconds(FOLD_BATCH.windowSeconds),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: FOLD_BATCH.retries,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.deadLetters),
        // Only ROW items change the statistics: the rest of the table's writes never start the function.
        filters: [FilterCriteria.filter({ dynamodb: { Keys: { [KEY.sk]: { S: FilterRule.isEqual('ROW') } } } })],
      }),
    );
  }
}
