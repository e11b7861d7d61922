import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { ArchivePorts } from '#shared/archive/ports';
import type { Verifier } from '#shared/archive/tokens';
import { DynamoDbIndex } from '#shared/storage/dynamodb-index';
import type { ReportArchive } from '#shared/storage/ports';
import { S3Archive } from '#shared/storage/s3-archive';

/**
 * Lambda wiring: configuration is read and checked once per cold start (failing fast with the
 * name of what is missing), and each AWS client is created once and reused by every invocation.
 */
const Env = z.object({
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1).optional(),
  ADMIN_SECRET_ARN: z.string().min(1).optional(),
});

export function readEnv(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
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

export function createPorts(config: { table: string; bucket?: string }, endpoints: Endpoints = {}): ArchivePorts {
  const common = { region: endpoints.region ?? process.env.AWS_REGION ?? 'us-east-1', ...(endpoints.credentials ? { credentials: endpoints.credentials } : {}) };
  const dynamo = new DynamoDBClient({ ...common, ...(endpoints.dynamodb ? { endpoint: endpoints.dynamodb } : {}), maxAttempts: 2 });
  const archive = config.bucket
    ? new S3Archive(
        new S3Client({
          ...common,
          ...(endpoints.s3 ? { endpoint: endpoints.s3, forcePathStyle: true } : {}),
          // Checksums only where S3 requires them: the local S3 server mangles streamed uploads otherwise.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          maxAttempts: 2,
        }),
        config.bucket,
      )
    : noArchive;
  return { index: new DynamoDbIndex(dynamo, config.table), archive, now: () => new Date(), newId: () => randomUUID() };
}

/** The admin token lives in Secrets Manager; it is fetched on first use and only its hash kept. */
export function adminFromSecret(secretArn: string | undefined): () => Promise<Verifier> {
  let pending: Promise<Verifier> | undefined;
  return () => {
    if (!secretArn) return Promise.resolve(() => false);
    pending ??= (async () => {
      const [{ SecretsManagerClient, GetSecretValueCommand }, { adminVerifier }] = await Promise.all([
        import('@aws-sdk/client-secrets-manager'),
        import('#shared/archive/tokens'),
      ]);
      const r = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
      if (!r.SecretString) throw new Error('admin secret is empty');
      return adminVerifier(r.SecretString);
    })().catch((err) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
