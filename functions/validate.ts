import { httpHandler } from '#shared/http/middleware';
import { validateRoutes } from './routes/validate';
import { originCheck } from './secrets';

// Stateless: no table, no bucket, no token.
export const handler = httpHandler(validateRoutes(), { origin: originCheck() });
