import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FOLD_BATCH } from '../../cdk/constructs/stats-fold';
import { synthesizedTemplates } from '../support/templates';

// Bundling is skipped here (esbuild runs in `npm run synth`); the templates are what is asserted.
let archive: Template;
let api: Template;
beforeAll(() => {
  ({ archive, api } = synthesizedTemplates());
  // Synthesizing both stacks takes a while on a loaded machine.
}, 300_000);

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const statementsOf = (prefix: string): Statement[] =>
  Object.entries(api.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(prefix))
    .flatMap(([, p]) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);

describe('the statistics fold on the table stream', () => {
  it('the table streams each change as it was and as it is', () => {
    archive.hasResourceProperties('AWS::DynamoDB::GlobalTable', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });

  it('reads ROW changes only, in batches, reports failed records, splits a failing batch and dead-letters what still fails', () => {
    const mappings = Object.values(api.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    expect((mappings[0] as { Properties: unknown }).Properties).toMatchObject({
      BatchSize: FOLD_BATCH.size,
      MaximumBatchingWindowInSeconds: FOLD_BATCH.windowSeconds,
      MaximumRetryAttempts: FOLD_BATCH.retries,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: 1,
      StartingPosition: 'TRIM_HORIZON',
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { SK: { S: ['ROW'] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^StatsFoldFoldDeadLetters/), 'Arn'] } } },
    });
    expect(JSON.stringify((mappings[0] as { Properties: { EventSourceArn: unknown } }).Properties.EventSourceArn)).toContain('StreamArn');
  });

  it('may write only the statistics items, and reads the stream', () => {
    const statements = statementsOf('StatsFoldFunction');
    const streamActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
    const table = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:') && !streamActions.includes(a)));
    expect(table.length).toBeGreaterThan(0);
    for (const s of table) expect(s.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STATS*'] } });
    expect(table.flatMap((s) => [s.Action].flat()).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(statements.flatMap((s) => [s.Action].flat())).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']));
  });

  it('alarms when a batch lands in the dead-letter queue', () => {
    api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StatsFoldFoldDeadLetters'), 'QueueName'] } }],
    });
  });
});
