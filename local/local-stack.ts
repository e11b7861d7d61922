import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { ALL_INDEXES, KEY } from '#shared/storage/table-design';
import { closeDynaliteIterators } from './dynalite-iterators';

/**
 * Real DynamoDB-API (dynalite) and S3-API (s3rver) servers on 127.0.0.1, the same SDK code
 * talking to them as in Lambda. Each can be stopped and started again on its port, which the
 * fault tests use. Known limits (no transactions, TTL, S3 versioning or If-None-Match) are ones
 * the storage design does not need.
 */
/** The bucket's CORS rule, as on AWS (cdk/archive-stack.ts): a presigned PUT from any page; the signature is the authority. */
const UPLOAD_CORS =
  '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedHeader>content-type</AllowedHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>';

export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'us-east-1';

export interface ServerHandle {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** One record of the S3 event notification s3rver emits for each object created or removed. */
export interface S3EventRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number } };
}

/**
 * Node's default keep-alive timeout (5 s) lets a server close a socket just as the SDK reuses it
 * ("aborted", ECONNRESET); S3, DynamoDB and API Gateway keep idle connections far longer.
 */
export function keepAlive(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

const listen = (server: Server, port: number) =>
  new Promise<number>((resolve, reject) => {
    keepAlive(server);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

export async function startDynamo(dir: string | undefined, port = 0): Promise<ServerHandle> {
  closeDynaliteIterators();
  if (dir) mkdirSync(dir, { recursive: true });
  let server: Server | undefined;
  const handle: ServerHandle = {
    endpoint: '',
    port,
    async start() {
      server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dir ? { path: dir } : {}) });
      handle.port = await listen(server, handle.port);
      handle.endpoint = `http://127.0.0.1:${handle.port}`;
    },
    async stop() {
      const stopping = server;
      server = undefined;
      if (!stopping) return;
      // dynalite closes its database with the server, and a query it had already taken runs on in a
      // later tick and throws "Database is not open" out of the process (the fault tests stop it under
      // load). Connections are cut first, and what dynalite already holds is given time to finish.
      stopping.closeAllConnections?.();
      await new Promise((r) => setTimeout(r, DRAIN_MS));
      await close(stopping);
    },
  };
  await handle.start();
  return handle;
}

/** How long a stopped dynalite finishes the requests it had taken before its database closes. */
const DRAIN_MS = 250;

export async function startS3(dir: string, bucket: string, port = 0): Promise<ServerHandle & { onEvent(listener: (record: S3EventRecord) => void): void }> {
  mkdirSync(dir, { recursive: true });
  let s3: S3rver | undefined;
  // Kept across restarts: each new server is given the listeners of the one before.
  const listeners: ((record: S3EventRecord) => void)[] = [];
  const handle: ServerHandle & { onEvent(listener: (record: S3EventRecord) => void): void } = {
    onEvent(listener) {
      listeners.push(listener);
    },
    endpoint: '',
    port,
    async start() {
      s3 = new S3rver({
        address: '127.0.0.1',
        port: handle.port,
        directory: dir,
        silent: true,
        vhostBuckets: false,
        // /check PUTs large files from the site's page to presigned URLs here: the browser needs CORS.
        configureBuckets: [{ name: bucket, configs: [UPLOAD_CORS] }],
      });
      // s3rver (a Koa app) emits S3's event notification after each object is stored.
      (s3 as unknown as { on(name: 'event', f: (e: { Records: S3EventRecord[] }) => void): void }).on('event', (e) => {
        for (const record of e.Records) for (const listener of listeners) listener(record);
      });
      const info = (await s3.run()) as AddressInfo;
      keepAlive((s3 as unknown as { httpServer: Server }).httpServer);
      handle.port = info.port;
      handle.endpoint = `http://127.0.0.1:${handle.port}`;
    },
    async stop() {
      if (s3) {
        const http = (s3 as unknown as { httpServer?: Server }).httpServer;
        http?.closeAllConnections?.();
        await s3.close();
      }
      s3 = undefined;
    },
  };
  await handle.start();
  return handle;
}

/** Creates the table with the same keys and indexes as the CDK table, if it is missing. */
export async function ensureTable(endpoint: string, table: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && (err as Error).name !== 'ResourceNotFoundException') throw err;
  }
  const attrs = [KEY.pk, KEY.sk, ...ALL_INDEXES.flatMap((i) => [i.pk, i.sk])];
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attrs.map((a) => ({ AttributeName: a, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: KEY.pk, KeyType: 'HASH' },
        { AttributeName: KEY.sk, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: ALL_INDEXES.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.pk, KeyType: 'HASH' },
          { AttributeName: i.sk, KeyType: 'RANGE' },
        ],
        Projection:
          i.projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection.attributes] } : { ProjectionType: 'KEYS_ONLY' },
      })),
    }),
  );
  // dynalite flips the table to ACTIVE on a timer; a request before that finds no table.
  for (let i = 0; i < 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  client.destroy();
}

/** Drops a table: a test's archive on a shared server leaves nothing behind for the next file. */
export async function deleteTable(endpoint: string, table: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
}
