import { httpHandler } from '#shared/http/middleware';
import { uploadRoutes } from './routes/upload';
import { createPorts, noAdmin, readEnv } from './runtime';

const env = readEnv();
const ports = createPorts({ table: env.TABLE_NAME, bucket: env.BUCKET_NAME });

export const handler = httpHandler(uploadRoutes({ ports, auth: { index: ports.index, admin: noAdmin } }, { uploadsPerHour: env.UPLOADS_PER_HOUR }));
