import { httpHandler } from '#shared/http/middleware';
import { adminConsoleRoutes, consolePageOf } from './routes/admin-console';
import { adminFromSecret, createPorts, readEnv, sessionKeyFromSecret } from './runtime';

const env = readEnv();
const ports = createPorts({ table: env.TABLE_NAME, bucket: env.BUCKET_NAME });

export const handler = httpHandler(
  adminConsoleRoutes({
    ports,
    auth: { index: ports.index, admin: adminFromSecret(env.ADMIN_SECRET_ARN) },
    sessionKey: sessionKeyFromSecret(env.ADMIN_SECRET_ARN),
  }),
  { errorPage: consolePageOf },
);
