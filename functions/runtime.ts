import { randomUUID } from 'node:crypto';
import type { ArchivePorts } from '#shared/archive/ports';
import { adminVerifier, type Verifier } from '#shared/archive/tokens';
import { traced } from '#shared/http/observability';
import { DynamoDbIndex } from '#shared/storage/dynamodb-index';
import type { ReportArchive } from '#shared/storage/ports';
import { S3Archive } from '#shared/storage/s3-archive';

/**
 * Lambda wiring: configuration is read and checked once per cold start (failing fast with the
 * name of what is missing), and each AWS client is created once and reused by every invocation.
 */
export function readEnv(env: NodeJS.ProcessEnv = process.env) {
  const missing = ['TABLE_NAME'].filter((k) => !env[k]);
  if (missing.length) throw new Error(`configuration: missing ${missing.join(', ')}`);
  return { TABLE_NAME: env.TABLE_NAME!, BUCKET_NAME: env.BUCKET_NAME || undefined, ADMIN_SECRET_ARN: env.ADMIN_SECRET_ARN || undefined };
}

export interface Endpoints {
  dynamodb?: string;
  s3?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** The archive for a function that was granted no bucket: using it is a wiring bug. */
const noArchive: ReportArchive = {
  put: () => Promise.reject(new Error('this function has no archive bucket')),
  get: () => Promise.reject(new Error('this function has no archive bucket')),
};

/** Memoizes a loader; a failed load is tried again on the next call. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((err) => {
      pending = undefined;
      throw err;
    }));
}

/**
 * Ports for a function. Each SDK client is created once per process, on first use, so a function
 * pays at start-up only for what its requests touch (the list route never loads S3, say).
 */
export function createPorts(config: { table: string; bucket?: string }, endpoints: Endpoints = {}): ArchivePorts {
  const common = {
    region: endpoints.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(endpoints.credentials ? { credentials: endpoints.credentials } : {}),
    maxAttempts: 3,
  };
  const dynamo = once(async () => {
    const sdk = await import('@aws-sdk/client-dynamodb');
    // Each client is traced in Lambda (an X-Ray subsegment per call) and left as it is elsewhere.
    return { sdk, client: await traced(new sdk.DynamoDBClient({ ...common, ...(endpoints.dynamodb ? { endpoint: endpoints.dynamodb } : {}) })) };
  });
  const s3 = once(async () => {
    const sdk = await import('@aws-sdk/client-s3');
    const client = new sdk.S3Client({
      ...common,
      ...(endpoints.s3 ? { endpoint: endpoints.s3, forcePathStyle: true } : {}),
      // Checksums only where S3 requires them: the local S3 server mangles streamed uploads otherwise.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return { sdk, client: await traced(client) };
  });
  const archive = config.bucket ? new S3Archive(s3, config.bucket) : noArchive;
  return { index: new DynamoDbIndex(dynamo, config.table), archive, now: () => new Date(), newId: () => randomUUID() };
}

/** The admin token lives in Secrets Manager; it is fetched on first use and only its hash kept. */
export function adminFromSecret(secretArn: string | undefined): () => Promise<Verifier> {
  if (!secretArn) return () => Promise.resolve(() => false);
  return once(async () => {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = await traced(new SecretsManagerClient({}));
    const r = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!r.SecretString) throw new Error('admin secret is empty');
    return adminVerifier(r.SecretString);
  });
}

/** For functions without admin routes: they are not granted the admin secret. */
export const noAdmin = (): Promise<Verifier> => Promise.resolve(() => false);
