import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { ArchivePorts } from '#shared/archive/ports';
import { DEFAULT_UPLOADS_PER_HOUR } from '#shared/archive/upload-limit';
import { adminVerifier, checkAdminToken, type Verifier } from '#shared/archive/tokens';
import { traced } from '#shared/http/observability';
import { DOCUMENT_MARSHALLING, DynamoDbIndex } from '#shared/storage/dynamodb-index';
import type { IncomingObjects, ReportArchive } from '#shared/storage/ports';
import { S3Archive } from '#shared/storage/s3-archive';
import { cachedFor, readSecret } from './secrets';

/**
 * Lambda wiring: configuration is read and checked once per cold start (failing fast with the
 * name of what is missing), and each AWS client is created once and reused by every invocation.
 */
export function readEnv(env: NodeJS.ProcessEnv = process.env) {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('configuration: missing TABLE_NAME');
  const perHour = Number(env.UPLOADS_PER_HOUR ?? DEFAULT_UPLOADS_PER_HOUR);
  if (!Number.isInteger(perHour) || perHour < 1) throw new Error(`configuration: UPLOADS_PER_HOUR must be a positive integer, got ${env.UPLOADS_PER_HOUR}`);
  return {
    TABLE_NAME: tableName,
    BUCKET_NAME: env.BUCKET_NAME || undefined,
    ADMIN_SECRET_ARN: env.ADMIN_SECRET_ARN || undefined,
    UPLOADS_PER_HOUR: perHour,
  };
}

export interface Endpoints {
  dynamodb?: string;
  s3?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** told each command the clients send, once it is answered, with its input and output as sent and received (the benches count and size what an upload costs) */
  observe?: Observer;
}

export type Observer = (service: 'dynamodb' | 's3', command: string, input?: unknown, output?: unknown) => void;

/** Reports each command a client sends to `observe`, once it is answered (or has failed). */
function observed<C extends { middlewareStack: { add: (...args: never[]) => unknown } }>(
  client: C,
  service: 'dynamodb' | 's3',
  observe?: Endpoints['observe'],
): C {
  if (!observe) return client;
  const add = client.middlewareStack.add as unknown as (
    mw: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string },
  ) => void;
  add(
    (next, context) => async (args) => {
      // As the caller wrote it: the marshalling further down may rewrite the input in place.
      const input = structuredClone((args as { input?: unknown }).input);
      let result: unknown;
      try {
        result = await next(args);
        return result;
      } finally {
        observe(service, context.commandName ?? 'unknown', input, (result as { output?: unknown } | undefined)?.output);
      }
    },
    { step: 'initialize', name: 'observeCommands' },
  );
  return client;
}

/** The archive for a function that was granted no bucket: using it is a wiring bug. */
const noArchive: ReportArchive = {
  put: () => Promise.reject(new Error('this function has no archive bucket')),
  get: () => Promise.reject(new Error('this function has no archive bucket')),
  copy: () => Promise.reject(new Error('this function has no archive bucket')),
  delete: () => Promise.reject(new Error('this function has no archive bucket')),
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
  const common = clientOptions(endpoints);
  const dynamo = once(async () => {
    const [sdk, lib] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@aws-sdk/lib-dynamodb')]);
    // Each client is traced in Lambda (an X-Ray subsegment per call) and left as it is elsewhere.
    const client = new sdk.DynamoDBClient({ ...common, ...(endpoints.dynamodb ? { endpoint: endpoints.dynamodb } : {}) });
    const traced_ = await traced(observed(client, 'dynamodb', endpoints.observe));
    return { lib, doc: lib.DynamoDBDocumentClient.from(traced_, { marshallOptions: DOCUMENT_MARSHALLING }) };
  });
  const s3 = s3Loader(endpoints);
  const archive = config.bucket ? new S3Archive(s3, config.bucket) : noArchive;
  // One clock for the use cases and the index, so that every time stored comes from the same place.
  const now = () => new Date();
  return { index: new DynamoDbIndex(dynamo, config.table, now), archive, now, newId: () => randomUUID() };
}

function clientOptions(endpoints: Endpoints) {
  return {
    region: endpoints.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(endpoints.credentials ? { credentials: endpoints.credentials } : {}),
    maxAttempts: 3,
  };
}

function s3Loader(endpoints: Endpoints) {
  return once(async () => {
    const sdk = await import('@aws-sdk/client-s3');
    const client = new sdk.S3Client({
      ...clientOptions(endpoints),
      ...(endpoints.s3 ? { endpoint: endpoints.s3, forcePathStyle: true } : {}),
      // Checksums only where S3 requires them: the local S3 server mangles streamed uploads otherwise.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return { sdk, client: await traced(observed(client, 's3', endpoints.observe)) };
  });
}

/** The incoming/ prefix of the bucket (large uploads): presigned PUTs, read once, deleted. */
export function createIncoming(config: { bucket?: string }, endpoints: Endpoints = {}): IncomingObjects {
  if (!config.bucket) throw new Error('configuration: missing BUCKET_NAME');
  return new S3Archive(s3Loader(endpoints), config.bucket);
}

/** How long a warm function trusts the admin secret it fetched: a rotation takes effect within this. */
export const ADMIN_SECRET_TTL_MS = 5 * 60 * 1000;

/**
 * The admin token lives in Secrets Manager; only its hash is kept, and for at most five minutes,
 * so that a rotated secret is the only one accepted within five minutes rather than at the next
 * cold start. A secret shorter than 32 characters is an error, never a credential.
 */
export function adminFromSecret(
  secretArn: string | undefined,
  opts: { load?: (arn: string) => Promise<string | undefined>; now?: () => number; ttlMs?: number } = {},
): () => Promise<Verifier> {
  if (!secretArn) return () => Promise.resolve(() => false);
  return fromSecret(secretArn, adminVerifier, opts);
}

/**
 * The admin console's session key, derived from the admin secret (never the secret itself): every
 * container derives the same key, so a session signed by one is honoured by all, and a rotated
 * secret ends every session within five minutes. Without a secret nobody can sign in, so a random
 * key does no harm.
 */
export function sessionKeyFromSecret(
  secretArn: string | undefined,
  opts: { load?: (arn: string) => Promise<string | undefined>; now?: () => number; ttlMs?: number } = {},
): () => Promise<Uint8Array> {
  if (!secretArn) {
    const key = randomBytes(32);
    return () => Promise.resolve(key);
  }
  return fromSecret(secretArn, (secret) => createHmac('sha256', secret).update('gongkai admin console session v1').digest(), opts);
}

/** Something derived from the admin secret, kept for `ttlMs`; a failed fetch is not kept. */
function fromSecret<T>(
  secretArn: string,
  derive: (secret: string) => T,
  opts: { load?: (arn: string) => Promise<string | undefined>; now?: () => number; ttlMs?: number },
): () => Promise<T> {
  const { load = readSecret, now = Date.now, ttlMs = ADMIN_SECRET_TTL_MS } = opts;
  return cachedFor(
    () =>
      load(secretArn).then((secret) => {
        if (!secret) throw new Error('admin secret is empty');
        checkAdminToken(secret, 'admin secret');
        return derive(secret);
      }),
    now,
    ttlMs,
  );
}

/** For functions without admin routes: they are not granted the admin secret. */
export const noAdmin = (): Promise<Verifier> => Promise.resolve(() => false);
