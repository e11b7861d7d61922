import { audited } from '#shared/archive/audit';
import { AppError } from '#shared/archive/errors';
import { submitReport } from '#shared/archive/submit-report';
import { requireAgency } from '#shared/http/auth';
import { UploadQuery } from '#shared/http/schemas';
import type { RouteHandler } from '#shared/http/types';
import type { RouteDeps } from '../deps';
import { checkUploadType } from './content-type';

export const uploadRoutes = ({ ports, auth }: RouteDeps): Record<string, RouteHandler> => ({
  'POST /v1/reports': async (req) => {
    // Who first, so that every refusal after this point is in the audit trail.
    const caller = await requireAgency(req, auth.index, req.query.agency);
    const result = await audited(ports, { agency: caller.agency.id, actor: `token:${caller.tokenId}` }, req.body, async (sha256) => {
      const q = UploadQuery.parse(req.query);
      const contentType = checkUploadType(req.headers['content-type'], q.filename);
      if (req.body.length === 0) throw new AppError(400, 'empty-body', 'Empty body', '没有收到文件内容：请把报告文件作为请求体上传');
      return submitReport(ports, { agency: caller.agency, bytes: req.body, sha256, contentType, filename: q.filename, strict: q.strict ?? true, year: q.year });
    });
    return { status: result.status, json: result.body, headers: result.status === 201 ? { location: result.body.links.json } : undefined };
  },
});
