import { ingestUpload } from '#shared/archive/large-uploads';
import type { ArchivePorts } from '#shared/archive/ports';
import { log } from '#shared/http/middleware';
import { isolatedParser } from '#shared/parse/isolated-parse';
import type { IncomingObjects } from '#shared/storage/ports';
import { createIncoming, createPorts, readEnv } from './runtime';

/** What EventBridge delivers for an S3 "Object Created" event (the bucket sends its events there). */
export interface ObjectCreatedEvent {
  source: 'aws.s3';
  'detail-type': 'Object Created';
  detail: { bucket: { name: string }; object: { key: string; size?: number } };
}

/**
 * The ingest of large uploads, started by each object created under incoming/. A thrown error
 * makes Lambda retry the event and then send it to the dead-letter queue; refusals are outcomes.
 * The upload use case parses in the isolated parser, whose budget grows with the file (1.5 s per
 * 4 MiB): a hostile large file is refused as too complex, it does not hold the function.
 */
export function ingestHandler(ports: ArchivePorts, incoming: IncomingObjects) {
  isolatedParser().warm();
  return async (event: ObjectCreatedEvent): Promise<{ outcome: string }> => {
    const started = performance.now();
    const key = event.detail.object.key;
    const outcome = await ingestUpload(ports, incoming, { key, size: event.detail.object.size });
    log('info', 'ingest', { key, outcome, ms: Math.round(performance.now() - started) });
    return { outcome };
  };
}

// Built on first invocation, so importing this module (the local stack does) reads no environment.
let lambda: ReturnType<typeof ingestHandler> | undefined;
export const handler = (event: ObjectCreatedEvent) => {
  if (!lambda) {
    const env = readEnv();
    const config = { table: env.TABLE_NAME, bucket: env.BUCKET_NAME };
    lambda = ingestHandler(createPorts(config), createIncoming(config));
  }
  return lambda(event);
};
