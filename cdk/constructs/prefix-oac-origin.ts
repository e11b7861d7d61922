import { Aws } from 'aws-cdk-lib';
import type { IOriginAccessControl, OriginBindConfig, OriginBindOptions } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * An S3 origin behind Origin Access Control that may read one prefix only. CDK's own OAC origin
 * grants the distribution every object in the bucket; the archive's originals and data must
 * stay private, so the bucket policy here names `prefix/*` and this distribution alone.
 */
export class PrefixOacOrigin extends S3BucketOrigin {
  constructor(
    private readonly bucket: IBucket,
    private readonly prefix: string,
    private readonly oac: IOriginAccessControl,
  ) {
    super(bucket, { originPath: `/${prefix}` });
  }

  override bind(scope: Construct, options: OriginBindOptions): OriginBindConfig {
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${this.prefix}/*`)],
        conditions: { StringEquals: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${options.distributionId}` } },
      }),
    );
    const config = super.bind(scope, options);
    // An origin's bind always returns its property; without one there is nothing to attach the OAC to.
    if (!config.originProperty) throw new Error('the S3 origin was bound without an origin property');
    return { ...config, originProperty: { ...config.originProperty, originAccessControlId: this.oac.originAccessControlId } };
  }
}
