import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { httpHandler } from '#shared/http/middleware';
import type { Verifier } from '#shared/archive/tokens';
import { type FunctionGroup, ROUTES, type RouteHandlers } from '../functions/route-table';
import { adminConsoleRoutes, consolePageOf } from '../functions/routes/admin-console';
import { agencyRoutes } from '../functions/routes/agencies';
import { readRoutes } from '../functions/routes/read';
import { sitePageOf, siteRoutes } from '../functions/routes/site';
import { cellsRoutes } from '../functions/routes/cells';
import { uploadRoutes } from '../functions/routes/upload';
import { largeUploadRoutes } from '../functions/routes/uploads';
import { ingestHandler, type ObjectCreatedEvent } from '../functions/ingest';
import { validateRoutes } from '../functions/routes/validate';
import { createIncoming, createPorts, type Observer } from '../functions/runtime';
import { INCOMING_PREFIX } from '#shared/archive/large-uploads';
import { log } from '#shared/http/middleware';
import { originVerifier } from '#shared/http/origin-check';
import type { ArchivePorts } from '#shared/archive/ports';
import { DEFAULT_UPLOADS_PER_HOUR } from '#shared/archive/upload-limit';
import { serveHandlers, serverUrl } from './api-gateway-adapter';
import { startDynamoProcess, startS3Process } from './emulators';
import { foldLocally } from './stats-fold';
import { LOCAL_CREDENTIALS, LOCAL_REGION, deleteTable, ensureTable, startDynamo, startS3, type S3EventRecord, type ServerHandle } from './local-stack';

export const TABLE = 'gongkai-local';
export const BUCKET = 'gongkai-local';

export interface LocalArchive {
  url: string;
  dynamo: ServerHandle;
  /** the archive's table on that server */
  table: string;
  s3: ServerHandle;
  ports: ArchivePorts;
  server: Server;
  /** folds the row changes logged so far into the statistics (a timer does it every second) */
  fold(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole archive in one process: real local storage servers, the Lambda handlers of every
 * function group, and an API Gateway adapter in front. `npm start` and the integration tests
 * both run this.
 */
export interface LocalOptions {
  dataDir?: string;
  port?: number;
  admin: Verifier;
  persist?: boolean;
  /**
   * a DynamoDB-API server that outlives this archive (the integration tests share one per worker):
   * the archive makes its own table there and drops it when stopped, and leaves the server running
   */
  dynamo?: { server: ServerHandle; table: string };
  /** uploads per agency per hour (default 60, as deployed) */
  uploadsPerHour?: number;
  /** told each storage command the handlers send, with its input and output (the upload and capacity benches count and size them) */
  observe?: Observer;
  /**
   * the value CloudFront's origin header must carry, as on AWS (absent: no check, there is no CDN in
   * front of the local server); the perimeter test sets it
   */
  originSecret?: string;
  /** the storage servers as child processes (`npm start`), not on the handlers' event loop and heap */
  serversApart?: boolean;
  /**
   * each request's emulated Lambda time (30 s, API Gateway's limit). Here every request of a burst shares one
   * process, where on AWS each has a container: the burst test gives them the time their queue takes.
   */
  lambdaMs?: number;
  /** lets fault tests put a proxy between the handlers and storage */
  wrapPorts?: (ports: ArchivePorts, servers: { dynamo: ServerHandle; s3: ServerHandle }) => ArchivePorts;
}

export async function startLocalArchive(options: LocalOptions): Promise<LocalArchive> {
  const dir = options.dataDir ?? join('.data', randomUUID());
  const shared = options.dynamo;
  const [dynamoAt, s3At] = options.serversApart ? [startDynamoProcess, startS3Process] : [startDynamo, startS3];
  const dynamo = shared?.server ?? (await dynamoAt(options.persist === false ? undefined : join(dir, 'dynamodb')));
  const table = shared?.table ?? TABLE;
  const s3 = await s3At(join(dir, 's3'), BUCKET);
  await ensureTable(dynamo.endpoint, table);

  // A stopped server is started again on the same port, so these clients find it again.
  const stored = serializePerKey(
    createPorts(
      { table, bucket: BUCKET },
      { dynamodb: dynamo.endpoint, s3: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, observe: options.observe },
    ),
  );
  const folding = foldLocally(stored.index);
  const direct: ArchivePorts = { ...stored, index: folding.index };
  const ports = options.wrapPorts ? options.wrapPorts(direct, { dynamo, s3 }) : direct;
  const deps = { ports, auth: { index: ports.index, admin: async () => options.admin } };
  // Presigned URLs point at the local S3-API server, on 127.0.0.1 like every local endpoint.
  const incoming = createIncoming({ bucket: BUCKET }, { s3: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const ingesting = emulateIngest(s3, ingestHandler(ports, incoming));
  const limits = { uploadsPerHour: options.uploadsPerHour ?? DEFAULT_UPLOADS_PER_HOUR };
  const secret = options.originSecret;
  const http = { origin: secret === undefined ? undefined : async (presented?: string) => originVerifier([secret])(presented) };
  const consoleKey = randomBytes(32);
  const uploadGroup: RouteHandlers<'upload'> = {
    ...uploadRoutes(deps, limits),
    ...cellsRoutes(deps, limits),
    ...largeUploadRoutes({ ...deps, incoming }, limits),
  };
  const groups = {
    agencies: httpHandler(agencyRoutes(deps), http),
    upload: httpHandler(uploadGroup, http),
    validate: httpHandler(validateRoutes(), http),
    read: httpHandler(readRoutes(deps), http),
    site: httpHandler(siteRoutes(deps, { uploadOrigin: s3.endpoint }), { ...http, errorPage: sitePageOf }),
    // One process: a key of its own signs the console's sessions (they end when it stops).
    admin: httpHandler(adminConsoleRoutes({ ...deps, sessionKey: async () => consoleKey }), { ...http, errorPage: consolePageOf }),
  } satisfies Record<FunctionGroup, unknown>;
  const routes = Object.fromEntries(Object.entries(ROUTES).map(([key, { group }]) => [key, groups[group]]));
  const server = await serveHandlers(routes, options.port ?? 0, options.lambdaMs);
  return {
    url: serverUrl(server),
    dynamo,
    table,
    s3,
    ports: direct,
    server,
    fold: folding.fold,
    async stop() {
      await folding.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await ingesting.idle();
      await Promise.all([shared ? deleteTable(dynamo.endpoint, table) : dynamo.stop(), s3.stop()]);
    },
  };
}

/**
 * s3rver writes an object to its file in place, so a PUT of a key that is being read (two
 * identical uploads racing for one version write the same keys while a third reads them) cuts
 * the reader's response short and it never ends. S3 itself is atomic per object; locally, the
 * operations on one key take turns.
 */
function serializePerKey(ports: ArchivePorts): ArchivePorts {
  const queue = new Map<string, Promise<unknown>>();
  const inTurn = <T>(key: string, op: () => Promise<T>): Promise<T> => {
    const run = (queue.get(key) ?? Promise.resolve()).catch(() => undefined).then(op);
    queue.set(key, run);
    void run.finally(() => queue.get(key) === run && queue.delete(key)).catch(() => undefined);
    return run;
  };
  return {
    ...ports,
    archive: {
      put: (key, bytes, type) => inTurn(key, () => ports.archive.put(key, bytes, type)),
      get: (key) => inTurn(key, () => ports.archive.get(key)),
      copy: (from, to) => inTurn(from, () => inTurn(to, () => ports.archive.copy(from, to))),
      delete: (key) => inTurn(key, () => ports.archive.delete(key)),
    },
  };
}

/**
 * On AWS the bucket sends "Object Created" to EventBridge, whose rule (prefix incoming/) invokes the
 * ingest function. Locally s3rver's event notification is turned into that same EventBridge event
 * and given to the same handler, after the PUT has stored the object. A failure is logged (on AWS it
 * is retried, then dead-lettered).
 */
function emulateIngest(s3: { onEvent(listener: (record: S3EventRecord) => void): void }, ingest: (event: ObjectCreatedEvent) => Promise<unknown>) {
  const running = new Set<Promise<unknown>>();
  s3.onEvent((record) => {
    if (!record.eventName.startsWith('ObjectCreated:') || record.s3.bucket.name !== BUCKET) return;
    const key = record.s3.object.key;
    if (!key.startsWith(INCOMING_PREFIX)) return;
    const event: ObjectCreatedEvent = {
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: BUCKET }, object: { key, size: record.s3.object.size } },
    };
    const run = ingest(event)
      .catch((err) => log('error', 'ingest failed', { key, error: String((err as Error)?.stack ?? err).slice(0, 2000) }))
      .finally(() => running.delete(run));
    running.add(run);
  });
  return { idle: () => Promise.all(running) };
}
