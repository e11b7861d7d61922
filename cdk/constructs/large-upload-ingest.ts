import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ITEM_KEYS } from '../../shared/storage/table-keys';
import { INCOMING_PREFIX, PREFIXES } from '../../shared/archive/keys';
import { ApiFunction } from './api-function';
import { deadLetterQueue } from './dead-letter-queue';

/** Lambda retries a failed asynchronous invocation this many times before dead-lettering it. */
export const INGEST_RETRY_ATTEMPTS = 2;

/**
 * The ingest of large uploads. The bucket (in the archive stack) sends its events to EventBridge;
 * the rule here matches objects created under incoming/ and invokes the function asynchronously.
 * A bucket notification in the archive stack naming this function would make the two stacks
 * depend on each other. An ingest that still fails after its retries (storage down, a bug) lands
 * in the dead-letter queue with its event, and the upload stays pending.
 */
export class LargeUploadIngest extends Construct {
  readonly fn: ApiFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: { table: ITableV2; bucket: IBucket }) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'DeadLetters', 'the ingest function and of its EventBridge target');

    // A 50 MB PDF takes far longer to parse than the API's 29 s allow; nothing waits on it.
    this.fn = new ApiFunction(this, 'Ingest', { entry: 'ingest', memorySize: 2048, timeout: Duration.minutes(5), readsPdf: true })
      // The same table access as the upload function (it runs the same use case), plus the upload records.
      .bindTable(props.table, ['GetItem'], { leadingKeys: [ITEM_KEYS.token, ITEM_KEYS.agency, ITEM_KEYS.report, ITEM_KEYS.upload] })
      .bindTable(props.table, ['Query'], { leadingKeys: [ITEM_KEYS.report] })
      .bindTable(props.table, ['PutItem'], { leadingKeys: [ITEM_KEYS.report, ITEM_KEYS.audit] })
      .bindTable(props.table, ['UpdateItem'], { leadingKeys: [ITEM_KEYS.report, ITEM_KEYS.stats, ITEM_KEYS.upload] })
      .bindDerivedFindings(props.table)
      .bindBucket(props.bucket, {
        write: [PREFIXES.originals, PREFIXES.data, PREFIXES.public],
        read: [PREFIXES.data, INCOMING_PREFIX],
        delete: [INCOMING_PREFIX],
      });
    this.fn.fn.configureAsyncInvoke({
      retryAttempts: INGEST_RETRY_ATTEMPTS,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetters),
    });

    new Rule(this, 'ObjectCreated', {
      description: 'Ingest each large upload PUT under incoming/',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.bucket.bucketName] }, object: { key: [{ prefix: INCOMING_PREFIX }] } },
      },
      // EventBridge's own delivery failures (the function could not be invoked) go to the same queue.
      targets: [new LambdaFunction(this.fn.fn, { retryAttempts: INGEST_RETRY_ATTEMPTS, maxEventAge: Duration.hours(6), deadLetterQueue: this.deadLetters })],
    });
  }
}
