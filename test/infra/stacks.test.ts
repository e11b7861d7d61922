import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../cdk/gongkai-app';
import { synthesizedTemplates } from '../support/templates';
import { SITE_QUERY_PARAMETERS, THROTTLE } from '../../cdk/api-stack';
import { ROUTES } from '../../functions/route-table';
import { ALL_INDEXES } from '../../shared/storage/table-design';
import { METRICS } from '../../shared/http/metric-names';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { defined } from '../support/defined';

// Bundling is skipped here (esbuild runs in `npm run synth`); the templates are what is asserted.
let archive: Template;
let api: Template;
beforeAll(() => {
  ({ archive, api } = synthesizedTemplates());
});

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };

/** The statements of the role policy attached to the function whose logical id starts with `prefix`. */
function statementsOf(prefix: string): Statement[] {
  const policies = api.findResources('AWS::IAM::Policy');
  const mine = Object.entries(policies).filter(([id]) => id.startsWith(prefix));
  return mine
    .flatMap(([, p]) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement)
    .filter((s) => !isXray(s));
}
/** The statement tracing: Active adds to every function (asserted on its own below). */
const isXray = (s: Statement) => [s.Action].flat().every((a) => a.startsWith('xray:'));
const actions = (s: Statement) => [s.Action].flat().sort();
const json = (v: unknown) => JSON.stringify(v);

describe('the archive stack (stateful)', () => {
  it('the index table is on-demand, with point-in-time recovery, retained, with every listing index', () => {
    archive.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
        // Each index projects what its readers need (table-design.ts), none the whole item.
        GlobalSecondaryIndexes: ALL_INDEXES.map(({ name, projection }) =>
          Match.objectLike({
            IndexName: name,
            Projection:
              projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.attributes] } : { ProjectionType: 'KEYS_ONLY' },
          }),
        ),
        // Upload counters expire by themselves.
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    });
  });

  it("the indexes' INCLUDE attributes stay within DynamoDB's 100 per table, and no index projects ALL", () => {
    const table = Object.values(archive.findResources('AWS::DynamoDB::GlobalTable'))[0] as {
      Properties: { GlobalSecondaryIndexes: { Projection: { ProjectionType: string; NonKeyAttributes?: string[] } }[] };
    };
    const indexes = table.Properties.GlobalSecondaryIndexes;
    expect(indexes).toHaveLength(11);
    expect(indexes.filter((i) => i.Projection.ProjectionType === 'ALL')).toEqual([]);
    const included = indexes.reduce((n, i) => n + (i.Projection.NonKeyAttributes?.length ?? 0), 0);
    expect(included).toBeGreaterThan(0);
    expect(included).toBeLessThanOrEqual(100);
  });

  it('the bucket blocks all public access, is encrypted and versioned, and is retained', () => {
    archive.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
    });
  });

  it("the bucket's CORS allows a presigned PUT from /check and nothing else; /check's CSP names the bucket's origin", () => {
    archive.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [{ AllowedMethods: ['PUT'], AllowedOrigins: ['*'], AllowedHeaders: ['content-type'], MaxAge: 3600 }] },
    });
    const sites = Object.values(api.findResources('AWS::Lambda::Function')).filter((f) => JSON.stringify(f).includes('UPLOAD_ORIGIN')) as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }[];
    expect(sites).toHaveLength(1);
    expect(JSON.stringify(defined(sites[0]).Properties.Environment.Variables.UPLOAD_ORIGIN)).toContain('RegionalDomainName');
  });

  it('the bucket policy denies plain HTTP and lets only this CloudFront distribution read public/*', () => {
    const policies = Object.values(archive.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(1);
    const statements = (policies[0] as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies).toHaveLength(1);
    expect(denies[0]).toMatchObject({ Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(allows).toHaveLength(1);
    expect(defined(allows[0]).Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(defined(allows[0]).Action).toBe('s3:GetObject');
    expect(json(defined(allows[0]).Resource)).toContain('/public/*');
    expect(json(defined(allows[0]).Condition)).toContain('AWS:SourceArn');
    expect(json(defined(allows[0]).Condition)).toContain(':distribution/');
  });

  it('CloudFront serves the public prefix through origin access control, HTTPS only, with the page policy', () => {
    archive.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    archive.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [Match.objectLike({ OriginPath: '/public', OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } })],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] }),
      }),
    });
    archive.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.stringLikeRegexp("^default-src 'none'; style-src 'sha256-"), Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
  });

  it('the admin token is a generated Secrets Manager secret, retained', () => {
    archive.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) }),
    });
  });
});

describe('the API stack (stateless)', () => {
  it('has one function per route group, the scheduled export, the ingest and the statistics fold: Node.js 22 on arm64 with memory, timeout and log retention set', () => {
    const fns = Object.entries(api.findResources('AWS::Lambda::Function')) as [string, { Properties: Record<string, unknown> }][];
    expect(fns).toHaveLength(9);
    for (const [id, f] of fns) {
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
      expect(f.Properties.MemorySize).toBeGreaterThanOrEqual(256);
      // The export, the ingest and the fold run on a schedule or an event, not behind the API's 30 s limit.
      expect(f.Properties.Timeout).toBeLessThanOrEqual(/^(Export|LargeUploads|StatsFold)/.test(id) ? 300 : 29);
      expect(json(f.Properties.LoggingConfig)).toContain('LogGroup');
    }
    // The functions that parse uploads run on a whole vCPU, so the parse budget is also the answer's.
    for (const [id, f] of fns.filter(([id]) => /^(Upload|Validate)/.test(id))) expect(f.Properties.MemorySize, id).toBe(1769);
    expect(fns.filter(([id]) => /^(Upload|Validate)/.test(id))).toHaveLength(2);
    // One per function, and the API's access logs.
    api.resourceCountIs('AWS::Logs::LogGroup', fns.length + 1);
    api.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('no function environment carries a secret value; the admin token is named by ARN only', () => {
    const envs = Object.values(api.findResources('AWS::Lambda::Function')).map(
      (f) => (f as { Properties: { Environment?: { Variables: Record<string, unknown> } } }).Properties.Environment?.Variables ?? {},
    );
    const names = envs.flatMap((e) => Object.keys(e)).sort();
    expect(new Set(names)).toEqual(
      new Set([
        'LOG_LEVEL',
        'TABLE_NAME',
        'BUCKET_NAME',
        'ADMIN_SECRET_ARN',
        'ORIGIN_SECRET_ARN',
        'SITE_URL',
        'FILES_URL',
        'UPLOADS_PER_HOUR',
        'UPLOAD_ORIGIN',
      ]),
    );
    // The admin API's function and the admin console's.
    expect(envs.filter((e) => 'ADMIN_SECRET_ARN' in e)).toHaveLength(2);
  });

  /** The key patterns each DynamoDB statement of a function is limited to, by action. */
  const leadingKeys = (prefix: string) =>
    statementsOf(prefix)
      .filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')))
      .map((s) => ({
        actions: actions(s),
        keys: (s.Condition as { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys': string[] } } | undefined)?.['ForAllValues:StringLike']?.[
          'dynamodb:LeadingKeys'
        ],
        indexes: json(s.Resource).includes('/index/'),
      }));

  it('upload reads tokens and agencies but writes only reports, audit, statistics, upload records and LSH buckets; it writes its three prefixes and incoming/', () => {
    expect(leadingKeys('Upload')).toEqual([
      { actions: ['dynamodb:GetItem'], keys: ['TOKEN#*', 'AGENCY#*', 'REPORT#*', 'UPLOAD#*'], indexes: false },
      { actions: ['dynamodb:Query'], keys: ['REPORT#*'], indexes: false },
      { actions: ['dynamodb:PutItem'], keys: ['REPORT#*', 'AUDIT#*', 'UPLOAD#*'], indexes: false },
      { actions: ['dynamodb:UpdateItem'], keys: ['REPORT#*', 'STATS*', 'RATE#*'], indexes: false },
      // Re-deriving the neighbours' findings: their DERIVED records, and the copied-text buckets of the year.
      { actions: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], keys: ['REPORT#*'], indexes: false },
      { actions: ['dynamodb:BatchWriteItem', 'dynamodb:Query'], keys: ['LSH#*'], indexes: false },
    ]);
    const s = statementsOf('Upload').filter((x) => actions(x).some((a) => a.startsWith('s3:')));
    expect(s.map(actions)).toEqual([['s3:GetObject'], ['s3:PutObject']]);
    expect(json(defined(s[0]).Resource)).toMatch(/\/data\/\*/);
    expect(json(defined(s[0]).Resource)).not.toMatch(/originals|public/);
    for (const prefix of ['/originals/*', '/data/*', '/public/*', '/incoming/*']) expect(json(defined(s[1]).Resource)).toContain(prefix);
  });

  it('read may only get and query report items and the listing indexes, never a token or the audit, and read objects', () => {
    expect(leadingKeys('Read')).toEqual([
      { actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'], keys: ['REPORT#*'], indexes: false },
      { actions: ['dynamodb:Query'], keys: undefined, indexes: true },
    ]);
    const all = statementsOf('Read').flatMap(actions);
    expect(all.filter((a) => /Put|Update|Delete/.test(a))).toEqual([]);
  });

  it('agencies may use the table and read the admin secret; in the bucket only what a withdrawal needs', () => {
    const s = statementsOf('Agencies');
    expect(s.flatMap(actions)).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'secretsmanager:GetSecretValue']),
    );
    // Deleting items: report items (a LATEST copy, a DERIVED record), an agency's profile and tokens (DELETE /v1/agencies/{id}),
    // and copied-text buckets in batches.
    const deletes = s.filter((x) => actions(x).some((a) => a === 'dynamodb:DeleteItem' || a === 'dynamodb:BatchWriteItem'));
    expect(deletes.map((x) => [actions(x), x.Condition])).toEqual([
      [['dynamodb:DeleteItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REPORT#*'] } }],
      [['dynamodb:DeleteItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AGENCY#*', 'TOKEN#*'] } }],
      [
        ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REPORT#*'] } },
      ],
      [['dynamodb:BatchWriteItem', 'dynamodb:Query'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LSH#*'] } }],
    ]);
    // The page moves from public/reports/ to withdrawn/; originals are never readable, writable or deletable.
    const s3 = s.filter((x) => actions(x).some((a) => a.startsWith('s3:')));
    expect(s3.map(actions)).toEqual([['s3:GetObject'], ['s3:PutObject'], ['s3:DeleteObject']]);
    expect(json(defined(s3[0]).Resource)).toContain('/public/reports/*');
    expect(json(defined(s3[0]).Resource)).toContain('/data/*');
    expect(json(defined(s3[1]).Resource)).toContain('/withdrawn/*');
    expect(json(defined(s3[1]).Resource)).not.toMatch(/public|originals|"\/data/);
    expect(json(defined(s3[2]).Resource)).toContain('/public/reports/*');
    expect(json(defined(s3[2]).Resource)).not.toMatch(/originals|withdrawn|data\//);
    expect(json(s)).not.toContain('originals');
    // Two secrets: the admin token's (from the archive stack) and the origin header's (test/infra/perimeter.test.ts).
    const secrets = s.filter((x) => actions(x).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets.map(actions)).toEqual([
      ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    ]);
    expect(secrets.filter((x) => json(x.Resource).includes('OriginVerify'))).toHaveLength(1);
  });

  it('the site reads like read, and may write only the downloads and the note of what they were built from', () => {
    expect(leadingKeys('Site')).toEqual([
      { actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'], keys: ['REPORT#*', 'AGENCY#*', 'STATS*', 'EXPORT#*'], indexes: false },
      { actions: ['dynamodb:Query'], keys: undefined, indexes: true },
      { actions: ['dynamodb:PutItem'], keys: ['EXPORT#*'], indexes: false },
    ]);
    const s = statementsOf('Site').filter((x) => actions(x).some((a) => a.startsWith('s3:')));
    expect(s.map(actions)).toEqual([['s3:GetObject'], ['s3:PutObject']]);
    expect(json(defined(s[0]).Resource)).not.toContain('originals');
    expect(json(defined(s[1]).Resource)).toContain('/public/data/*');
    expect(json(defined(s[1]).Resource)).not.toMatch(/originals|"\/data\/\*|public\/\*"/);
  });

  it('the export runs every ten minutes, reads report items only in batches, and may write only the downloads', () => {
    api.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(10 minutes)', State: 'ENABLED' });
    expect(leadingKeys('Export')).toEqual([
      { actions: ['dynamodb:GetItem'], keys: ['STATS*', 'EXPORT#*'], indexes: false },
      // The reports' DERIVED records: the publication date and its source in the downloads.
      { actions: ['dynamodb:BatchGetItem'], keys: ['REPORT#*'], indexes: false },
      { actions: ['dynamodb:Query'], keys: undefined, indexes: true },
      { actions: ['dynamodb:PutItem'], keys: ['EXPORT#*'], indexes: false },
    ]);
    const s = statementsOf('Export').filter((x) => actions(x).some((a) => a.startsWith('s3:')));
    expect(s.map(actions)).toEqual([['s3:PutObject']]);
    expect(json(defined(s[0]).Resource)).toContain('/public/data/*');
  });

  it('serves the site and the API through one CloudFront distribution: pages cached by their headers, the API never', () => {
    api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], Compress: true }),
        // Behaviours are matched in order: the fixed paths, then the API.
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({ PathPattern: '/sitemap.xml' }),
          Match.objectLike({ PathPattern: '/data/*' }),
          Match.objectLike({
            PathPattern: '/v1/*',
            // CloudFront's managed CachingDisabled policy.
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          }),
        ]),
      }),
    });
    api.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        DefaultTTL: 60,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: SITE_QUERY_PARAMETERS },
        }),
      }),
    });
    api.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000, Override: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
  });

  it('validate has no permissions beyond its logs and reading the origin secret', () => {
    const s = statementsOf('Validate');
    expect(s.map(actions)).toEqual([['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']]);
    expect(json(defined(s[0]).Resource)).toContain('OriginVerify');
  });

  it('no statement grants a wildcard action or a wildcard resource', () => {
    const all = Object.values(api.findResources('AWS::IAM::Policy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
    expect(all.flatMap(actions).filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
    // X-Ray's two actions support no resource-level permission; nothing else may name every resource.
    expect(all.filter((s) => s.Resource === '*' && !isXray(s))).toEqual([]);
  });

  it('serves exactly the v1 routes through an HTTP API with GET-only CORS', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowMethods: ['GET'], AllowOrigins: ['*'] }),
    });
    const keys = Object.values(api.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => (r as { Properties: { RouteKey: string } }).Properties.RouteKey)
      .sort();
    expect(keys).toEqual(Object.keys(ROUTES).sort());
  });

  it('reserves concurrency for uploads and caps the dry run, so neither can exhaust the account', () => {
    const fns = Object.entries(api.findResources('AWS::Lambda::Function')) as [string, { Properties: { ReservedConcurrentExecutions?: number } }][];
    expect(
      fns
        .filter(([, f]) => f.Properties.ReservedConcurrentExecutions !== undefined)
        .map(([id, f]) => [id.replace(/Function.*/, ''), f.Properties.ReservedConcurrentExecutions]),
    ).toEqual([
      ['Upload', 20],
      ['Validate', 10],
    ]);
  });

  it('throttles the API and, harder, uploads', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: THROTTLE.rate, ThrottlingBurstLimit: THROTTLE.burst }),
      RouteSettings: { 'POST /v1/reports': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 } },
    });
  });
});

describe('deploy options', () => {
  it('a custom domain with its certificate and a WAF web ACL go on the site distribution, and the site links to that domain', () => {
    const built = buildApp(
      new App({
        context: {
          'aws:cdk:bundling-stacks': [],
          domainName: 'gongkai.example.cn',
          certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
          webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/gongkai/123',
        },
      }),
    );
    const t = Template.fromStack(built.api);
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['gongkai.example.cn'],
        ViewerCertificate: Match.objectLike({ AcmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' }),
        WebACLId: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/gongkai/123',
      }),
    });
    expect(JSON.stringify(t.findResources('AWS::Lambda::Function'))).toContain('"SITE_URL":"https://gongkai.example.cn"');
  });

  it('a domain without its certificate is refused at synth, with what to add', () => {
    expect(() => buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], domainName: 'gongkai.example.cn' } }))).toThrow(/certificateArn/);
  });
});

describe('every write to the table is limited by item kind', () => {
  it('no function may PutItem, UpdateItem or DeleteItem without a dynamodb:LeadingKeys condition', () => {
    const all = Object.values(api.findResources('AWS::IAM::Policy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
    const writes = all.filter((s) => actions(s).some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(a)));
    expect(writes.length).toBeGreaterThan(5);
    for (const s of writes) expect(json(s.Condition), json(s.Action)).toContain('dynamodb:LeadingKeys');
  });
});

describe('observability', () => {
  const fns = () => Object.entries(api.findResources('AWS::Lambda::Function')) as [string, { Properties: Record<string, unknown> }][];

  it('every function is traced with X-Ray (Active) and may write only traces beyond its grants', () => {
    expect(fns().length).toBeGreaterThan(0);
    for (const [id, f] of fns()) {
      expect(f.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      const prefix = id.replace(/Function.*/, '');
      const xray = Object.entries(api.findResources('AWS::IAM::Policy'))
        .filter(([pid]) => pid.startsWith(prefix))
        .flatMap(([, p]) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement)
        .filter(isXray);
      expect(xray.map(actions), id).toEqual([['xray:PutTelemetryRecords', 'xray:PutTraceSegments']]);
    }
  });

  it('the API stage writes JSON access logs to a log group with retention', () => {
    const stage = Object.values(api.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
      Properties: { AccessLogSettings: { DestinationArn: unknown; Format: string } };
    };
    const { DestinationArn, Format } = stage.Properties.AccessLogSettings;
    const group = (DestinationArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(api.toJSON().Resources[group]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
    const format = JSON.parse(Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
    // Never a header (Authorization) in the access log.
    expect(Format).not.toMatch(/header|authorizer/i);
  });

  it("alarms on API 5xx, each function's errors and throttles, and table throttles, all to one encrypted SNS topic", () => {
    api.resourceCountIs('AWS::SNS::Topic', 1);
    api.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    // No -c alarmEmail: no subscription.
    api.resourceCountIs('AWS::SNS::Subscription', 0);
    const topic = defined(Object.keys(api.findResources('AWS::SNS::Topic'))[0]);
    const alarms = Object.values(api.findResources('AWS::CloudWatch::Alarm')) as { Properties: Record<string, unknown> }[];
    for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    // A labelled metric is rendered as a one-metric query: match either form.
    const byMetric = (name: string, namespace: string) =>
      alarms.filter((a) => json(a.Properties).includes(`"MetricName":"${name}"`) && json(a.Properties).includes(`"Namespace":"${namespace}"`));
    expect(byMetric('5xx', 'AWS/ApiGateway')).toHaveLength(1);
    expect(byMetric('Errors', 'AWS/Lambda')).toHaveLength(fns().length);
    expect(byMetric('Throttles', 'AWS/Lambda')).toHaveLength(fns().length);
    const tableAlarm = alarms.filter((a) => json(a.Properties).includes('WriteThrottleEvents'));
    expect(tableAlarm).toHaveLength(1);
    expect(json(defined(tableAlarm[0]).Properties.Metrics)).toContain('ReadThrottleEvents');
  });

  it('an alarm email from context subscribes to the topic', () => {
    const built = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], alarmEmail: 'ops@example.org' } }));
    Template.fromStack(built.api).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    expect(() => buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], alarmEmail: 'not-an-address' } }))).toThrow(/alarmEmail/);
  });

  it('a queue added later gets a depth alarm through the monitoring construct', () => {
    const built = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
    const dlq = new Queue(built.api, 'ProbeDlq', { enforceSSL: true });
    built.api.monitoring.alarmOnQueue(dlq);
    Template.fromStack(built.api).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
  });

  it('a dashboard shows requests, errors, latency per function and upload outcomes', () => {
    const dashboards = Object.values(api.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = json((dashboards[0] as { Properties: { DashboardBody: unknown } }).Properties.DashboardBody);
    for (const title of [
      'API requests',
      'API latency',
      'Invocations per function',
      'Errors and throttles per function',
      'Duration per function',
      'Upload outcomes',
    ]) {
      expect(body).toContain(title);
    }
    expect(body).toContain(METRICS.uploadAccepted);
    expect(body).toContain(METRICS.uploadRefused);
  });
});
