import { CfnOutput, Duration, Fn, RemovalPolicy, SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { INCOMING_PREFIX, PREFIXES } from '../shared/archive/keys';
import { ITEM_KEYS } from '../shared/storage/table-keys';
import { ROUTES, type FunctionGroup, type RouteDeclaration, type RouteKey } from '../functions/route-table';
import { ORIGIN_HEADER } from '../shared/http/origin-check';
import { ApiFunction } from './constructs/api-function';
import { LargeUploadIngest } from './constructs/large-upload-ingest';
import { StatsFold } from './constructs/stats-fold';
import { Monitoring } from './constructs/monitoring';

/**
 * Lambda gives a function CPU in proportion to its memory, a whole vCPU at 1,769 MB. The functions
 * that parse uploads give the parser 2 s of its worker's CPU time: on less than a whole vCPU that
 * budget would stretch far past the 2 s it stands for.
 */
export const ONE_VCPU_MB = 1769;

export interface ApiStackProps extends StackProps {
  table: ITableV2;
  bucket: IBucket;
  adminSecret: ISecret;
  /** the CDN of the bucket's public/ prefix: large downloads are fetched from there */
  filesDomain: string;
  /**
   * Caps the upload function's share of the account's Lambda concurrency, so a flood of uploads
   * cannot starve the public reads (or other workloads). Undefined leaves it unreserved, for
   * new accounts whose concurrency quota is too small to reserve from.
   */
  uploadReservedConcurrency?: number;
  /** uploads per agency per hour (default 60) */
  uploadsPerHour?: number;
  /** the site's own domain (and the API's, under /v1) with its ACM certificate, which CloudFront needs in us-east-1 */
  domain?: { name: string; certificateArn: string };
  /** an existing WAF web ACL (CLOUDFRONT scope, e.g. with a rate-based rule) in front of the site and the API */
  webAclArn?: string;
  /** caps the dry run's share of concurrency, so anonymous validation cannot starve the rest; undefined leaves it unreserved */
  validateReservedConcurrency?: number;
}

/** The query parameters the site's pages read (functions/routes/site.ts): the CDN keys pages on these only. */
export const SITE_QUERY_PARAMETERS = ['year', 'region', 'q', 'level', 'has', 'page', 'version', 'with'];
/** Paths whose answer never depends on the query. */
const FIXED_PATHS = ['/feed.xml', '/sitemap.xml', '/robots.txt', '/data/*', '/assets/*', '/check'];

/** Limits per second of the whole API; routes held below it declare their own (functions/route-table.ts). */
export const THROTTLE = { rate: 100, burst: 200 };

/** The stateless half: one function per route group, behind an HTTP API. */
export class ApiStack extends Stack {
  readonly functions: Record<FunctionGroup, ApiFunction>;
  readonly site: Distribution;
  /** failed ingests of large uploads (after Lambda's retries): for an alarm on its depth */
  readonly ingestDeadLetters: IQueue;
  /** alarms (to an SNS topic) and the dashboard; `monitorFunction` / `alarmOnQueue` add to them */
  readonly monitoring: Monitoring;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ApiStackProps,
  ) {
    super(scope, id, props);
    const { table, bucket, adminSecret } = props;

    // The value CloudFront adds to every request to the API, which every HTTP function checks: a
    // request to the raw execute-api address does not carry it and is refused (README: rotation).
    const originSecret = new Secret(this, 'OriginVerify', {
      description: 'Gongkai Archive: the header value CloudFront adds to API requests; the functions refuse requests without it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by the operator in two steps (a new value, then a deploy that gives CloudFront its version); the functions accept the current and previous values meanwhile',
    });

    const agencies = new ApiFunction(this, 'Agencies', { entry: 'agencies', memorySize: 512, timeout: Duration.seconds(10) })
      // Agencies, tokens and the audit; a withdrawal also moves reports' listing copies and re-counts statistics.
      .bindTable(table, ['GetItem', 'PutItem', 'UpdateItem', 'Query'], {
        leadingKeys: [ITEM_KEYS.agency, ITEM_KEYS.token, ITEM_KEYS.audit, ITEM_KEYS.report, ITEM_KEYS.stats],
      })
      .bindIndexes(table)
      // A withdrawal removes the LATEST copy when no version is left.
      .bindTable(table, ['DeleteItem'], { leadingKeys: [ITEM_KEYS.report] })
      // Removing an agency registered by mistake: its profile, its token list entries and its tokens; nothing else of it.
      .bindTable(table, ['DeleteItem'], { leadingKeys: [ITEM_KEYS.agency, ITEM_KEYS.token] })
      // …and compares the year after, and the reports that named it as their source, again.
      .bindDerivedFindings(table)
      // A withdrawal moves the rendered page out of public/reports/ (read, delete) into withdrawn/ (write),
      // and reads the previous version's data/ document to count it again. Originals are never touched.
      .bindBucket(bucket, { read: [PREFIXES.data, PREFIXES.reports], write: [PREFIXES.withdrawn], delete: [PREFIXES.reports] })
      .bindSecret(adminSecret, 'ADMIN_SECRET_ARN');
    const upload = new ApiFunction(this, 'Upload', {
      entry: 'upload',
      memorySize: ONE_VCPU_MB,
      timeout: Duration.seconds(29),
      reservedConcurrency: props.uploadReservedConcurrency,
      readsPdf: true,
    })
      // Reads the caller's token and agency; writes versions, rows, audit and the statistics it adds to.
      .bindTable(table, ['GetItem'], { leadingKeys: [ITEM_KEYS.token, ITEM_KEYS.agency, ITEM_KEYS.report, ITEM_KEYS.upload] })
      .bindTable(table, ['Query'], { leadingKeys: [ITEM_KEYS.report] })
      .bindTable(table, ['PutItem'], { leadingKeys: [ITEM_KEYS.report, ITEM_KEYS.audit, ITEM_KEYS.upload] })
      .bindTable(table, ['UpdateItem'], { leadingKeys: [ITEM_KEYS.report, ITEM_KEYS.stats, ITEM_KEYS.rate] })
      .bindDerivedFindings(table)
      // incoming/: the presigned PUTs of large uploads are signed with this function's role.
      .bindBucket(bucket, { write: [PREFIXES.originals, PREFIXES.data, PREFIXES.public, INCOMING_PREFIX], read: [PREFIXES.data] });
    upload.fn.addEnvironment('UPLOADS_PER_HOUR', String(props.uploadsPerHour ?? 60));
    const validate = new ApiFunction(this, 'Validate', {
      entry: 'validate',
      memorySize: ONE_VCPU_MB,
      timeout: Duration.seconds(10),
      readsPdf: true,
      reservedConcurrency: props.validateReservedConcurrency,
    });
    const read = new ApiFunction(this, 'Read', { entry: 'read', memorySize: 512, timeout: Duration.seconds(10) })
      // BatchGetItem: the coverage list reads the derived records of a page of agencies at once.
      .bindTable(table, ['GetItem', 'BatchGetItem', 'Query'], { leadingKeys: [ITEM_KEYS.report] })
      .bindIndexes(table)
      .bindBucket(bucket, { read: [PREFIXES.originals, PREFIXES.data, PREFIXES.public] });
    // The public pages read like `read`; they may write only the downloads and the note of what those were built from.
    const site = new ApiFunction(this, 'Site', { entry: 'site', memorySize: 1024, timeout: Duration.seconds(29), namesRegions: true })
      .bindTable(table, ['GetItem', 'BatchGetItem', 'Query'], { leadingKeys: [ITEM_KEYS.report, ITEM_KEYS.agency, ITEM_KEYS.stats, ITEM_KEYS.export] })
      .bindIndexes(table)
      .bindTable(table, ['PutItem'], { leadingKeys: [ITEM_KEYS.export] })
      .bindBucket(bucket, { read: [PREFIXES.data, PREFIXES.downloads], write: [PREFIXES.downloads] });
    site.fn.addEnvironment('FILES_URL', `https://${props.filesDomain}`);
    // The presigned large-upload URLs' origin, which /check's CSP lets the page PUT to.
    site.fn.addEnvironment('UPLOAD_ORIGIN', `https://${props.bucket.bucketRegionalDomainName}`);
    // The admin console: the agencies function's reads and writes, less removing agencies (the console
    // does not), plus the sign-in counters (RATE#) and the coverage's batch read of derived records.
    const admin = new ApiFunction(this, 'Admin', { entry: 'admin', memorySize: 512, timeout: Duration.seconds(10) })
      .bindTable(table, ['GetItem', 'PutItem', 'UpdateItem', 'Query'], {
        leadingKeys: [ITEM_KEYS.agency, ITEM_KEYS.token, ITEM_KEYS.audit, ITEM_KEYS.report, ITEM_KEYS.stats],
      })
      .bindTable(table, ['UpdateItem'], { leadingKeys: [ITEM_KEYS.rate] })
      .bindIndexes(table)
      .bindDerivedFindings(table)
      .bindBucket(bucket, { read: [PREFIXES.data, PREFIXES.reports], write: [PREFIXES.withdrawn], delete: [PREFIXES.reports] })
      .bindSecret(adminSecret, 'ADMIN_SECRET_ARN');
    this.functions = { agencies, upload, validate, read, site, admin };
    for (const f of Object.values(this.functions)) f.bindSecret(originSecret, 'ORIGIN_SECRET_ARN');

    // Large uploads: each object created under incoming/ is stored by the same submit use case.
    const ingest = new LargeUploadIngest(this, 'LargeUploads', { table, bucket });
    this.ingestDeadLetters = ingest.deadLetters;

    // The statistics, folded from the table's stream off the request path.
    const fold = new StatsFold(this, 'StatsFold', { table });

    // Downloads of large years are rebuilt here rather than inside a page request.
    const exporter = new ApiFunction(this, 'Export', { entry: 'export', memorySize: 1024, timeout: Duration.minutes(5), namesRegions: true })
      .bindTable(table, ['GetItem'], { leadingKeys: [ITEM_KEYS.stats, ITEM_KEYS.export] })
      // The downloads' publication date and its source come from the reports' DERIVED records, read in batches.
      .bindTable(table, ['BatchGetItem'], { leadingKeys: [ITEM_KEYS.report] })
      .bindIndexes(table)
      .bindTable(table, ['PutItem'], { leadingKeys: [ITEM_KEYS.export] })
      .bindBucket(bucket, { write: [PREFIXES.downloads] });
    new Rule(this, 'ExportSchedule', {
      description: 'Rebuild the data downloads whose statistics moved',
      schedule: Schedule.rate(Duration.minutes(10)),
      targets: [new LambdaFunction(exporter.fn, { retryAttempts: 0 })],
    });

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
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs(this)), format: ACCESS_LOG_FORMAT },
    });
    // RouteSettings is passed through as raw CloudFormation JSON, so the keys are spelled as CFN spells them.
    // Only the table's routes can carry a setting, so none names a route the API lacks (which fails the deploy).
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      Object.entries(ROUTES as Record<RouteKey, RouteDeclaration>).flatMap(([route, { throttle }]) =>
        throttle ? [[route, { ThrottlingRateLimit: throttle.rate, ThrottlingBurstLimit: throttle.burst }]] : [],
      ),
    );

    const integrations = Object.fromEntries(
      Object.entries(this.functions).map(([group, f]) => [group, new HttpLambdaIntegration(`${group}Integration`, f.fn)]),
    ) as Record<FunctionGroup, HttpLambdaIntegration>;
    for (const [routeKey, { group }] of Object.entries(ROUTES)) {
      const [method, path] = routeKey.split(' ') as [keyof typeof HttpMethod, string];
      api.addRoutes({ path, methods: [HttpMethod[method]], integration: integrations[group] });
    }

    this.monitoring = new Monitoring(this, 'Monitoring', {
      api,
      table,
      functions: {
        ...Object.fromEntries(Object.entries(this.functions).map(([name, f]) => [name, f.fn])),
        export: exporter.fn,
        ingest: ingest.fn.fn,
        fold: fold.fn.fn,
      },
      alarmEmail: alarmEmail(this.node.tryGetContext('alarmEmail')),
    });
    // A large upload that failed every retry waits in the dead-letter queue: someone must look.
    this.monitoring.alarmOnQueue(this.ingestDeadLetters, 'A large upload failed every ingest retry: its record stays pending until it is looked at');
    // A batch of row changes the fold could not apply: the statistics lack it until it is folded again.
    this.monitoring.alarmOnQueue(fold.deadLetters, 'A batch of report rows failed every statistics fold: the statistics lack it until it is replayed');

    this.site = this.siteDistribution(api, originHeaderValue(this, originSecret));
    const siteUrl = `https://${props.domain?.name ?? this.site.distributionDomainName}`;
    site.fn.addEnvironment('SITE_URL', siteUrl);

    new CfnOutput(this, 'SiteUrl', { value: siteUrl });
    // The API through CloudFront; the raw execute-api address refuses every request (403 direct-access).
    new CfnOutput(this, 'ApiUrl', { value: `${siteUrl}/v1` });
    new CfnOutput(this, 'OriginSecretArn', { value: originSecret.secretArn });
  }

  /**
   * The public site and the API behind one CloudFront distribution. Pages are cached as their
   * cache-control says (lists and statistics a minute, so a commit shows within one); the API is
   * never cached and receives every header (uploads carry their token).
   */
  private siteDistribution(api: HttpApi, originHeader: string): Distribution {
    const origin = new HttpOrigin(Fn.select(2, Fn.split('/', api.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      // Replaces a viewer's own copy of the header; never cached, never in a cache key.
      customHeaders: { [ORIGIN_HEADER]: originHeader },
    });
    // Only the parameters the pages read are in the key (and reach the function): `?x=1` cannot bypass the cache.
    const pages = new CachePolicy(this, 'PageCache', {
      comment: 'Site pages: TTL from the origin, the pages query parameters in the key',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.days(1),
      queryStringBehavior: CacheQueryStringBehavior.allowList(...SITE_QUERY_PARAMETERS),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const fixed = new CachePolicy(this, 'FixedCache', {
      comment: 'Feeds, downloads, assets: no query parameter in the key',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.days(1),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const headers = new ResponseHeadersPolicy(this, 'SiteHeaders', {
      comment: 'Security headers for every answer; each page sets its own CSP',
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    const domain = this.props.domain;
    // The API's paths: every method, never cached, everything the viewer sent but its Host.
    const uncached = {
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
      compress: true,
    };
    return new Distribution(this, 'SiteCdn', {
      comment: 'Gongkai Archive: public site and API',
      ...(domain ? { domainNames: [domain.name], certificate: Certificate.fromCertificateArn(this, 'SiteCertificate', domain.certificateArn) } : {}),
      ...(this.props.webAclArn ? { webAclId: this.props.webAclArn } : {}),
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: pages,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        ...Object.fromEntries(
          FIXED_PATHS.map((path) => [
            path,
            { origin, viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS, cachePolicy: fixed, responseHeadersPolicy: headers, compress: true },
          ]),
        ),
        '/v1/*': uncached,
        // The admin console as the API: never cached, its session cookie and form posts passed through.
        '/admin*': uncached,
      },
    });
  }
}

/** One JSON line per API request: who (the address), what (the route), how it went and how long it took. No headers, no query. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    latency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    responseLength: '$context.responseLength',
    integrationError: '$context.integrationErrorMessage',
  }),
);

function accessLogs(scope: Construct): LogGroup {
  return new LogGroup(scope, 'AccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
}

/**
 * The origin header's value as CloudFormation resolves it at deploy (a dynamic reference: the value is
 * never in the template). `-c originSecretVersion=<VersionId>` names the version after a rotation, which
 * changes the template and so makes CloudFormation give CloudFront the new value.
 */
function originHeaderValue(stack: Stack, secret: ISecret): string {
  const version: unknown = stack.node.tryGetContext('originSecretVersion');
  if (version === undefined || version === '') return secret.secretValue.unsafeUnwrap();
  if (typeof version !== 'string' || !/^[A-Za-z0-9-]{32,64}$/.test(version)) {
    throw new Error(`originSecretVersion must be the VersionId put-secret-value printed, got ${String(version)}`);
  }
  return SecretValue.secretsManager(secret.secretArn, { versionId: version }).unsafeUnwrap();
}

/** `-c alarmEmail=ops@example.org`: absent, the alarm topic has no subscriber. */
function alarmEmail(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) throw new Error(`alarmEmail must be an email address, got ${String(value)}`);
  return value;
}
