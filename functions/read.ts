import { httpHandler } from '#shared/http/middleware';
import { readRoutes } from './routes/read';
import { createPorts, noAdmin, readEnv } from './runtime';
import { originCheck } from './secrets';

const env = readEnv();
const ports = createPorts({ table: env.TABLE_NAME, bucket: env.BUCKET_NAME });

export const handler = httpHandler(readRoutes({ ports, auth: { index: ports.index, admin: noAdmin } }), { origin: originCheck() });
