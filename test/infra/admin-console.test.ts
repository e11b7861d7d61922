import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizedTemplates } from '../support/templates';
import { ROUTES } from '../../functions/route-table';
import { defined } from '../support/defined';

// Bundling is skipped (esbuild runs in `npm run synth`); the template is what is asserted.
let api: Template;
beforeAll(() => {
  ({ api } = synthesizedTemplates());
});

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const actions = (s: Statement) => [s.Action].flat().sort();
const json = (v: unknown) => JSON.stringify(v);
const keysOf = (s: Statement) =>
  (s.Condition as { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys': string[] } } | undefined)?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];

/** The admin console function's own role statements, X-Ray's left out. */
function adminStatements(): Statement[] {
  return Object.entries(api.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith('AdminFunction'))
    .flatMap(([, p]) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement)
    .filter((s) => !actions(s).every((a) => a.startsWith('xray:')));
}

describe('the admin console on AWS', () => {
  it('CloudFront sends /admin* to the API uncached, with every method and the viewer’s cookies', () => {
    api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: '/admin*',
            // CloudFront's managed CachingDisabled and AllViewerExceptHostHeader (cookies included) policies.
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
            OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
            ViewerProtocolPolicy: 'redirect-to-https',
          }),
        ]),
      }),
    });
  });

  it('every console route reaches the admin function, and only those', () => {
    const consoleRoutes = Object.entries(ROUTES)
      .filter(([, { group }]) => group === 'admin')
      .map(([key]) => key);
    expect(consoleRoutes.every((k) => / \/admin(\/|$)/.test(k))).toBe(true);
    expect(Object.entries(ROUTES).filter(([k, { group }]) => / \/admin(\/|$)/.test(k) && group !== 'admin')).toEqual([]);
    const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route')) as { Properties: { RouteKey: string; Target: unknown } }[];
    const integrations = api.findResources('AWS::ApiGatewayV2::Integration');
    const targetOf = (r: { Properties: { Target: unknown } }) => {
      const ref = json(r.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      return json(integrations[ref]?.Properties);
    };
    const admin = routes.filter((r) => consoleRoutes.includes(r.Properties.RouteKey));
    expect(admin).toHaveLength(consoleRoutes.length);
    for (const r of admin) expect(targetOf(r), r.Properties.RouteKey).toContain('AdminFunction');
    for (const r of routes.filter((x) => !consoleRoutes.includes(x.Properties.RouteKey))) expect(targetOf(r)).not.toContain('AdminFunction');
  });

  it('the function gets the admin API’s data access and no more: no agency removal, sign-in counters only among rate items', () => {
    const s = adminStatements();
    const dynamo = s
      .filter((x) => actions(x).some((a) => a.startsWith('dynamodb:')))
      .map((x) => ({ actions: actions(x), keys: keysOf(x), indexes: json(x.Resource).includes('/index/') }));
    expect(dynamo).toEqual([
      {
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        keys: ['AGENCY#*', 'TOKEN#*', 'AUDIT#*', 'REPORT#*', 'STATS*'],
        indexes: false,
      },
      { actions: ['dynamodb:UpdateItem'], keys: ['RATE#*'], indexes: false },
      { actions: ['dynamodb:Query'], keys: undefined, indexes: true },
      { actions: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], keys: ['REPORT#*'], indexes: false },
      { actions: ['dynamodb:BatchWriteItem', 'dynamodb:Query'], keys: ['LSH#*'], indexes: false },
    ]);
    // A withdrawal's page move, and the previous version's document read; never an original.
    const s3 = s.filter((x) => actions(x).some((a) => a.startsWith('s3:')));
    expect(s3.map(actions)).toEqual([['s3:GetObject'], ['s3:PutObject'], ['s3:DeleteObject']]);
    expect(json(defined(s3[1]).Resource)).toContain('/withdrawn/*');
    expect(json(defined(s3[2]).Resource)).toContain('/public/reports/*');
    expect(json(s)).not.toContain('originals');
    expect(json(s)).not.toContain('incoming');
    expect(
      s
        .flatMap(actions)
        .filter((a) => a.startsWith('secretsmanager:'))
        .sort(),
    ).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:GetSecretValue']);
    // The two it reads: the admin token's, and the CloudFront origin header's (checked on every request).
    const secrets = s.filter((x) => actions(x).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toHaveLength(2);
    expect(secrets.map((x) => json(x.Resource)).filter((r) => r.includes('OriginVerify'))).toHaveLength(1);
    expect(
      s
        .flatMap(actions)
        .filter((a) => !/^(dynamodb|s3|secretsmanager):/.test(a))
        .sort(),
    ).toEqual([]);
  });

  it('the function is named the admin secret and the origin header secret, and nothing else it could sign sessions with', () => {
    const fns = Object.entries(api.findResources('AWS::Lambda::Function')).filter(([id]) => id.startsWith('AdminFunction'));
    expect(fns).toHaveLength(1);
    const env = (defined(fns[0])[1] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual(['ADMIN_SECRET_ARN', 'BUCKET_NAME', 'LOG_LEVEL', 'ORIGIN_SECRET_ARN', 'TABLE_NAME']);
  });
});
