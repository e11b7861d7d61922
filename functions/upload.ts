import { httpHandler } from '#shared/http/middleware';
import type { RouteHandlers } from './route-table';
import { cellsRoutes } from './routes/cells';
import { uploadRoutes } from './routes/upload';
import { largeUploadRoutes } from './routes/uploads';
import { createIncoming, createPorts, noAdmin, readEnv } from './runtime';
import { originCheck } from './secrets';

const env = readEnv();
const ports = createPorts({ table: env.TABLE_NAME, bucket: env.BUCKET_NAME });
const deps = { ports, auth: { index: ports.index, admin: noAdmin } };

const routes: RouteHandlers<'upload'> = {
  ...uploadRoutes(deps, { uploadsPerHour: env.UPLOADS_PER_HOUR }),
  ...cellsRoutes(deps, { uploadsPerHour: env.UPLOADS_PER_HOUR }),
  ...largeUploadRoutes({ ...deps, incoming: createIncoming({ bucket: env.BUCKET_NAME }) }, { uploadsPerHour: env.UPLOADS_PER_HOUR }),
};
export const handler = httpHandler(routes, { origin: originCheck() });
