import middy from '@middy/core';
import { rebuildStale } from '#shared/archive/data-downloads';
import { log } from '#shared/http/middleware';
import { observability } from '#shared/http/observability';
import { createPorts, readEnv } from './runtime';

const env = readEnv();
const ports = createPorts({ table: env.TABLE_NAME, bucket: env.BUCKET_NAME });

/** Scheduled: rebuilds every download whose statistics have moved since it was built. */
export const handler = middy()
  .use(observability())
  .handler(async (): Promise<{ rebuilt: (number | 'all')[] }> => {
    const rebuilt = await rebuildStale(ports);
    log('info', 'downloads rebuilt', { rebuilt });
    return { rebuilt };
  });
