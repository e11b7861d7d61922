import { httpHandler } from '#shared/http/middleware';
import { sitePageOf, siteRoutes } from './routes/site';
import { createPorts, noAdmin, readEnv } from './runtime';
import { originCheck } from './secrets';

const env = readEnv();
const ports = createPorts({ table: env.TABLE_NAME, bucket: env.BUCKET_NAME });

export const handler = httpHandler(
  siteRoutes(
    { ports, auth: { index: ports.index, admin: noAdmin } },
    {
      siteUrl: process.env.SITE_URL || undefined,
      filesUrl: process.env.FILES_URL || undefined,
      uploadOrigin: process.env.UPLOAD_ORIGIN || undefined,
    },
  ),
  { origin: originCheck(), errorPage: sitePageOf },
);
