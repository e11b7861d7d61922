import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { PREFIXES } from '../shared/archive/keys';
import { ROUTES, type FunctionGroup } from '../functions/route-table';
import { ApiFunction } from './constructs/api-function';

export interface ApiStackProps extends StackProps {
  table: ITableV2;
  bucket: IBucket;
  adminSecret: ISecret;
  /**
   * Caps the upload function's share of the account's Lambda concurrency, so a flood of uploads
   * cannot starve the public reads (or other workloads). Undefined leaves it unreserved, for
   * new accounts whose concurrency quota is too small to reserve from.
   */
  uploadReservedConcurrency?: number;
}

/** Limits per second: the whole API, and uploads, so one busy agency cannot exhaust the account. */
export const THROTTLE = { rate: 100, burst: 200, uploadRate: 10, uploadBurst: 20 };

/** The stateless half: one function per route group, behind an HTTP API. */
export class ApiStack extends Stack {
  readonly functions: Record<FunctionGroup, ApiFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { table, bucket, adminSecret } = props;

    const agencies = new ApiFunction(this, 'Agencies', { entry: 'agencies', memorySize: 512, timeout: Duration.seconds(10) })
      .bindTable(table, ['GetItem', 'PutItem', 'UpdateItem', 'Query'], { indexes: true })
      .bindSecret(adminSecret, 'ADMIN_SECRET_ARN');
    const upload = new ApiFunction(this, 'Upload', {
      entry: 'upload',
      memorySize: 1024,
      timeout: Duration.seconds(29),
      reservedConcurrency: props.uploadReservedConcurrency,
      readsPdf: true,
    })
      .bindTable(table, ['GetItem', 'PutItem', 'Query'])
      .bindBucket(bucket, { write: [PREFIXES.originals, PREFIXES.data, PREFIXES.public], read: [PREFIXES.data] });
    const validate = new ApiFunction(this, 'Validate', { entry: 'validate', memorySize: 1024, timeout: Duration.seconds(10), readsPdf: true });
    const read = new ApiFunction(this, 'Read', { entry: 'read', memorySize: 512, timeout: Duration.seconds(10) })
      .bindTable(table, ['GetItem', 'Query'], { indexes: true })
      .bindBucket(bucket, { read: [PREFIXES.originals, PREFIXES.data, PREFIXES.public] });
    this.functions = { agencies, upload, validate, read };

    const api = new HttpApi(this, 'Api', {
      description: 'Gongkai Archive API v1',
      createDefaultStage: false,
      corsPreflight: { allowOrigins: ['*'], allowMethods: [CorsHttpMethod.GET], allowHeaders: ['content-type'], maxAge: Duration.hours(1) },
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: THROTTLE.rate, burstLimit: THROTTLE.burst },
    });
    (stage.node.defaultChild as CfnStage).routeSettings = {
      // RouteSettings is passed through as raw CloudFormation JSON, so the keys are spelled as CFN spells them.
      'POST /v1/reports': { ThrottlingRateLimit: THROTTLE.uploadRate, ThrottlingBurstLimit: THROTTLE.uploadBurst },
    };

    const integrations = Object.fromEntries(
      Object.entries(this.functions).map(([group, f]) => [group, new HttpLambdaIntegration(`${group}Integration`, f.fn)]),
    ) as Record<FunctionGroup, HttpLambdaIntegration>;
    for (const [routeKey, group] of Object.entries(ROUTES)) {
      const [method, path] = routeKey.split(' ') as [keyof typeof HttpMethod, string];
      api.addRoutes({ path, methods: [HttpMethod[method]], integration: integrations[group] });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
  }
}
