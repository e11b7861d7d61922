import { httpHandler } from '#shared/http/middleware';
import { cellsRoutes } from './routes/cells';
import { uploadRoutes } from './routes/upload';
import { largeUploadRoutes } from './routes/uploads';
import { createIncoming, createPorts, noAdmin, readEnv } from './runtime';
import { originCheck } from './secrets';

const env = readEnv();
const ports = createPorts({ table: env.TABLE_NAME, bucket: env.BUCKET_NAME });
const deps = { ports, auth: { index: ports.index, admin: noAdmin } };

export const handler = httpHandler(
  {
    ...uploadRoutes(deps, { uploadsPerHour: env.UPLOADS_PER_HOUR }),
    ...cellsRoutes(deps, { uploadsPerHour: env.UPLOADS_PER_HOUR }),
    ...largeUploadRoutes({ ...deps, incoming: createIncoming({ bucket: env.BUCKET_NAME }) }, { uploadsPerHour: env.UPLOADS_PER_HOUR }),
  },
  { origin: originCheck() },
);
