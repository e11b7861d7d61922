import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AllowedMethods,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  S3OriginAccessControl,
  Signing,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { INCOMING_PREFIX } from '../shared/archive/keys';
import { PAGE_CSP } from '../shared/render/page-style';
import { ALL_INDEXES, KEY, TTL_ATTRIBUTE } from '../shared/storage/table-design';
import { PrefixOacOrigin } from './constructs/prefix-oac-origin';

/** The stateful half: index table, archive bucket, the public CDN for rendered pages, the admin secret. */
export class ArchiveStack extends Stack {
  readonly table: ITableV2;
  readonly bucket: IBucket;
  readonly adminSecret: ISecret;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new TableV2(this, 'Index', {
      partitionKey: { name: KEY.pk, type: AttributeType.STRING },
      sortKey: { name: KEY.sk, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The statistics fold reads each ROW change, as the row was and as it is.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      globalSecondaryIndexes: ALL_INDEXES.map((i) => ({
        indexName: i.name,
        partitionKey: { name: i.pk, type: AttributeType.STRING },
        sortKey: { name: i.sk, type: AttributeType.STRING },
        ...(i.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...i.projection.attributes] }
          : { projectionType: ProjectionType.KEYS_ONLY }),
      })),
    });

    this.bucket = new Bucket(this, 'Archive', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      // Object Created events go to EventBridge, where the API stack's rule starts the ingest of
      // large uploads: a notification pointing at a function of the other stack would be a cycle.
      eventBridgeEnabled: true,
      // The /check page PUTs a large file to its presigned URL from the browser. Only PUT, only the
      // signed content type; the presigned signature (15 minutes, one key, one length) is the authority.
      cors: [{ allowedMethods: [HttpMethods.PUT], allowedOrigins: ['*'], allowedHeaders: ['content-type'], maxAge: 3600 }],
      lifecycleRules: [
        // Large uploads are read once and deleted; one that was never ingested is gone after a day.
        {
          id: 'IncomingUploads',
          prefix: INCOMING_PREFIX,
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        { id: 'IncomingDeleteMarkers', prefix: INCOMING_PREFIX, expiredObjectDeleteMarker: true },
      ],
    });

    this.adminSecret = new Secret(this, 'AdminToken', {
      description: 'Gongkai Archive admin token (registers agencies, issues and revokes tokens, reads the audit trail)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const oac = new S3OriginAccessControl(this, 'PublicPagesOac', { signing: Signing.SIGV4_ALWAYS });
    this.distribution = new Distribution(this, 'PublicPages', {
      comment: 'Gongkai Archive: rendered report pages (public/ prefix only)',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: new PrefixOacOrigin(this.bucket, 'public', oac),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: new ResponseHeadersPolicy(this, 'PageHeaders', {
          comment: 'Report pages: no script, nothing fetched, never framed',
          securityHeadersBehavior: {
            contentSecurityPolicy: { contentSecurityPolicy: PAGE_CSP, override: true },
            contentTypeOptions: { override: true },
            frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
            referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
            strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
          },
        }),
      },
    });

    new CfnOutput(this, 'PublicPagesDomain', { value: this.distribution.distributionDomainName });
    new CfnOutput(this, 'AdminTokenSecretArn', { value: this.adminSecret.secretArn });
  }
}
