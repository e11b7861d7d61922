import { badRequest } from '#shared/archive/errors';
import { DEFAULT_UPLOADS_PER_HOUR } from '#shared/archive/upload-limit';
import { refusalsFiled } from '#shared/http/audit-attempt';
import { requireAgency } from '#shared/http/auth';
import { NewUploadBody, UploadPath } from '#shared/http/schemas';
import type { HttpRequest } from '#shared/http/types';
import type { IncomingObjects } from '#shared/storage/ports';
import type { RouteDeps } from '../deps';
import type { RouteHandlers } from '../route-table';

type LargeUploadHandlers = Pick<RouteHandlers<'upload'>, 'POST /v1/uploads' | 'GET /v1/uploads/{id}'>;

/** Large uploads: a presigned PUT into incoming/, then the outcome the ingest recorded. */
export const largeUploadRoutes = (
  { ports, auth, incoming }: RouteDeps & { incoming: IncomingObjects },
  limits = { uploadsPerHour: DEFAULT_UPLOADS_PER_HOUR },
): LargeUploadHandlers => routes({ ports, auth, incoming }, limits);

// A refusal once the token is known (revoked, a bad request, over the size or the hour) is in its agency's trail.
const routes = ({ ports, auth, incoming }: RouteDeps & { incoming: IncomingObjects }, limits: { uploadsPerHour: number }): LargeUploadHandlers => ({
  'POST /v1/uploads': refusalsFiled(ports, auth.index, 'start-upload', async (req, note) => {
    const caller = await requireAgency(req, auth.index);
    Object.assign(note, { actor: `token:${caller.tokenId}`, agency: caller.agency.id });
    const body = NewUploadBody.parse(jsonBody(req));
    // Loaded by the first such request: the module holds the ingest's submit too, which these routes never run.
    const { startUpload, uploadLink } = await import('#shared/archive/large-uploads');
    const upload = await startUpload(ports, incoming, caller, body, limits);
    return { status: 201, json: upload, headers: { location: uploadLink(upload.id) } };
  }),
  'GET /v1/uploads/{id}': refusalsFiled(ports, auth.index, 'read-upload', async (req, note) => {
    const caller = await requireAgency(req, auth.index);
    Object.assign(note, { actor: `token:${caller.tokenId}`, agency: caller.agency.id });
    const { id } = UploadPath.parse(req.params);
    const { showUpload } = await import('#shared/archive/large-uploads');
    return { status: 200, json: await showUpload(ports, caller.agency.id, id), headers: { 'cache-control': 'no-store' } };
  }),
});

function jsonBody(req: HttpRequest): unknown {
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    throw badRequest('请求体应为 JSON：{"filename": "年报.pdf", "contentType": "application/pdf", "size": 字节数}');
  }
}
