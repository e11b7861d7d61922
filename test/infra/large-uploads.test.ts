import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { buildApp } from '../../cdk/gongkai-app';
import { synthesizedTemplates } from '../support/templates';
import { INGEST_RETRY_ATTEMPTS } from '../../cdk/constructs/large-upload-ingest';
import { defined } from '../support/defined';

// Bundling is skipped here (esbuild runs in `npm run synth`); the templates are what is asserted.
let archive: Template;
let api: Template;
let built: ReturnType<typeof buildApp>;
beforeAll(() => {
  ({ built, archive, api } = synthesizedTemplates());
});

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };
const json = (v: unknown) => JSON.stringify(v);
const statementsOf = (prefix: string): Statement[] =>
  Object.entries(api.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(prefix))
    .flatMap(([, p]) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
const actions = (s: Statement) => [s.Action].flat().sort();

describe('large uploads: incoming/, the event, the ingest and its dead letters', () => {
  it('the bucket sends its events to EventBridge and empties incoming/ after a day', () => {
    // CDK turns EventBridge on through its notifications custom resource: EventBridge only, no
    // function of the API stack named here (that would be a cross-stack cycle).
    const notifications = Object.values(archive.findResources('Custom::S3BucketNotifications'));
    expect(notifications).toHaveLength(1);
    expect((notifications[0] as { Properties: { NotificationConfiguration: unknown } }).Properties.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: {},
    });
    archive.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'incoming/', Status: 'Enabled', ExpirationInDays: 1, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
        ]),
      },
    });
    // Still private: nothing but the CloudFront distribution's public/ read is allowed.
    archive.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  it('an EventBridge rule sends Object Created under incoming/ of this bucket to the ingest, with retries and a DLQ', () => {
    const rules = Object.values(api.findResources('AWS::Events::Rule')).filter((r) => json(r).includes('Object Created'));
    expect(rules).toHaveLength(1);
    const rule = (rules[0] as { Properties: { EventPattern: Record<string, unknown>; Targets: Record<string, unknown>[] } }).Properties;
    expect(rule.EventPattern).toMatchObject({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { object: { key: [{ prefix: 'incoming/' }] } } });
    expect(json(rule.EventPattern)).toContain('Fn::ImportValue');
    expect(rule.Targets).toHaveLength(1);
    expect(json(defined(rule.Targets[0]).Arn)).toContain('LargeUploadsIngest');
    expect(rule.Targets[0]).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: INGEST_RETRY_ATTEMPTS },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^LargeUploadsDeadLetters/), 'Arn'] } },
    });
  });

  it('failed asynchronous invocations are retried, then sent to an encrypted, SSL-only queue', () => {
    api.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: INGEST_RETRY_ATTEMPTS,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    // Two dead-letter queues: the ingest's, and the statistics fold's (test/infra/stats-fold.test.ts).
    api.resourceCountIs('AWS::SQS::Queue', 2);
    api.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    const policies = Object.values(api.findResources('AWS::SQS::QueuePolicy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
    expect(policies).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Exported for the alarms: the queue the ApiStack exposes is the one in the template.
    expect(built.api.ingestDeadLetters).toBeDefined();
    expect(built.api.resolve(built.api.ingestDeadLetters.queueArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LargeUploadsDeadLetters/), 'Arn'] });
    api.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LargeUploadsDeadLetters'), 'Arn'] } } },
    });
  });

  it('the ingest may read and delete incoming/ only, and otherwise has the grants of upload', () => {
    const s = statementsOf('LargeUploadsIngest');
    const s3 = s.filter((x) => actions(x).some((a) => a.startsWith('s3:')));
    const reads = defined(s3.find((x) => actions(x).includes('s3:GetObject')));
    const deletes = defined(s3.find((x) => actions(x).includes('s3:DeleteObject')));
    const writes = defined(s3.find((x) => actions(x).includes('s3:PutObject')));
    expect(actions(deletes)).toEqual(['s3:DeleteObject']);
    expect(json(deletes.Resource)).toContain('/incoming/*');
    expect(json(deletes.Resource)).not.toMatch(/originals|public|"\/data/);
    expect(json(reads.Resource)).toContain('/incoming/*');
    expect(json(reads.Resource)).toContain('/data/*');
    for (const prefix of ['/originals/*', '/data/*', '/public/*']) expect(json(writes.Resource)).toContain(prefix);
    expect(json(writes.Resource)).not.toContain('incoming');
    const table = s.filter((x) => actions(x).some((a) => a.startsWith('dynamodb:')));
    const upload = statementsOf('Upload').filter((x) => actions(x).some((a) => a.startsWith('dynamodb:')));
    expect(table.map(actions)).toEqual(upload.map(actions));
    expect(json(table.map((x) => x.Resource))).toEqual(json(upload.map((x) => x.Resource)));
    // Sending to its own dead-letter queue, nothing more of SQS.
    expect(s.flatMap(actions).filter((a) => a.startsWith('sqs:'))).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    expect(s.flatMap(actions).filter((a) => a.startsWith('sqs:') && !/SendMessage|GetQueue/.test(a))).toEqual([]);
  });

  it('the ingest is not behind the API and has time for a 50 MB PDF', () => {
    const fns = Object.entries(api.findResources('AWS::Lambda::Function')).filter(([id]) => id.startsWith('LargeUploadsIngest'));
    expect(fns).toHaveLength(1);
    expect((defined(fns[0])[1] as { Properties: { Timeout: number; MemorySize: number } }).Properties).toMatchObject({ Timeout: 300, MemorySize: 2048 });
    const integrations = json(api.findResources('AWS::ApiGatewayV2::Integration'));
    expect(integrations).not.toContain('LargeUploadsIngest');
  });
});
