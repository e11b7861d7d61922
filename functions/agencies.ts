import { httpHandler } from '#shared/http/middleware';
import { agencyRoutes } from './routes/agencies';
import { adminFromSecret, createPorts, readEnv } from './runtime';
import { originCheck } from './secrets';

const env = readEnv();
const ports = createPorts({ table: env.TABLE_NAME, bucket: env.BUCKET_NAME });

export const handler = httpHandler(agencyRoutes({ ports, auth: { index: ports.index, admin: adminFromSecret(env.ADMIN_SECRET_ARN) } }), {
  origin: originCheck(),
});
