import { type IPolicyValidationPlugin, type PolicyValidationPluginReport, type Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * The AwsSolutions (cdk-nag) findings this app keeps, each with why. Everything else the pack finds
 * fails the infra test (test/infra/nag.test.ts). Acknowledgements on a stack cover what is added to it
 * later (a new function gets the same managed logging policy and runtime).
 */
export function acknowledgeNagFindings(stacks: { archive: Stack; api: Stack; bucket: IConstruct; adminSecret: IConstruct; distributions: IConstruct[] }): void {
  const { api } = stacks;
  Validations.of(stacks.bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      'Nobody reads the bucket directly: pages go out through CloudFront and objects through the API, whose access logs record each request, and every write is an audited upload',
  });
  Validations.of(stacks.adminSecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'The admin token is a credential handed to a person, so it is rotated by the operator (a new value, then hand-over), not by a rotation Lambda',
  });
  for (const d of stacks.distributions) {
    Validations.of(d).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'A public archive of public government reports, meant to be read from anywhere' },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'The API behind it throttles per stage and, harder, per upload route; a WAF web ACL is a per-deployment choice with its own cost',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'CloudFront standard logs need a bucket with ACLs, which this account keeps off (BucketOwnerEnforced); the API requests behind it are in the API access logs',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'Served on the default *.cloudfront.net certificate, whose security policy CloudFront fixes; a custom domain with an ACM certificate sets TLSv1.2_2021',
      },
    );
  }
  Validations.of(stacks.archive).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's own handler that turns on the bucket's EventBridge notifications (large uploads) at deploy time: the managed policy lets it write its logs, nothing else",
  });
  Validations.of(api).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason:
      'No authorizer on purpose: the site and the report reads are public; uploads and admin routes authenticate with bearer tokens in the function (shared/http/auth.ts), which API Gateway authorizers cannot check against the token table',
  });
  Validations.of(api).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The managed policy for Lambda logs: it lets a function create its log stream and put log events, nothing else',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x on purpose: the bundles target node22 and use the AWS SDK clients that runtime ships; moving runtimes is a change with its own tests',
    },
  );
}

/** The wildcards the functions' policies may hold, and why; any other wildcard stays a finding. */
const WILDCARDS: [RegExp, string][] = [
  [/^Resource::\*$/, 'X-Ray PutTraceSegments and PutTelemetryRecords, which support no resource-level permissions (added by tracing: Active)'],
  [/\/index\/\*$/, "Queries on the index table's own secondary indexes (shared/storage/table-design.ts)"],
  [
    /\/(originals|data|public|public\/data|public\/reports|withdrawn|incoming)\/\*$/,
    'Objects under one prefix of the archive bucket that the function owns (originals are content-addressed, pages and withdrawn copies are named by version and hash, large uploads by a fresh id: their keys are not known in advance)',
  ],
];

/**
 * The wildcard findings name the resolved resource (a cross-stack ARN becomes an import only during
 * synthesis), so they are acknowledged by pattern just before the pack runs, with the pattern's reason.
 */
class WildcardAcknowledgements implements IPolicyValidationPlugin {
  readonly name = 'GongkaiWildcardAcknowledgements';
  constructor(private readonly app: IConstruct) {}
  validate(): PolicyValidationPluginReport {
    for (const c of this.app.node.findAll()) {
      if (!(c instanceof CfnPolicy)) continue;
      const found = rules.iam.IAMNoWildcardPermissions(c);
      if (!Array.isArray(found)) continue;
      for (const finding of found) {
        const known = WILDCARDS.find(([pattern]) => pattern.test(finding));
        if (known) Validations.of(c).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: known[1] });
      }
    }
    return { success: true, violations: [] };
  }
}

/** The AwsSolutions pack as this app runs it: `Validations.of(app).addPlugins(...awsSolutionsChecks(app))`. */
export function awsSolutionsChecks(app: IConstruct): IPolicyValidationPlugin[] {
  return [new WildcardAcknowledgements(app), new AwsSolutionsChecks(app)];
}
