import { audited } from '#shared/archive/audit';
import { AppError } from '#shared/archive/errors';
import { DEFAULT_UPLOADS_PER_HOUR, takeUploadSlot } from '#shared/archive/upload-limit';
import { agencyNamed, asProblem, auditRefusedCaller, auditTooLarge } from '#shared/http/audit-attempt';
import { requireAgency } from '#shared/http/auth';
import { annotate } from '#shared/http/middleware';
import { submitMetrics } from '#shared/http/observability';
import { UploadQuery } from '#shared/http/schemas';
import type { HttpRequest, RouteHandler } from '#shared/http/types';
import type { RouteDeps } from '../deps';
import { readUpload, type Upload } from './content-type';
import type { RouteHandlers } from '../route-table';

/** The submit use case, and the parse worker started as it loads. */
function loadSubmit() {
  const loading = Promise.all([import('#shared/archive/submit-report'), import('#shared/parse/isolated-parse')]).then(([submit, { isolatedParser }]) => {
    isolatedParser().warm();
    return submit;
  });
  // A refused caller never waits for it; a failed load is the upload's error when it does.
  loading.catch(() => undefined);
  return loading;
}

export const uploadRoutes = (
  { ports, auth }: RouteDeps,
  limits = { uploadsPerHour: DEFAULT_UPLOADS_PER_HOUR },
): Pick<RouteHandlers<'upload'>, 'POST /v1/reports'> => {
  /** Who is uploading; a known token refused (revoked, another agency's data) is in its agency's trail. */
  async function uploader(req: HttpRequest) {
    try {
      return await requireAgency(req, auth.index, req.query.agency);
    } catch (err) {
      await auditRefusedCaller(ports, err, 'upload', req.body, { target: agencyNamed(req.query.agency) });
      throw err;
    }
  }

  const upload: RouteHandler = async (req) => {
    // The submit use case (parse worker, rules, renderer, derived findings) loads now, while the token
    // is looked up, rather than when the function loads: a cold start compiles only what answering
    // needs, and the first upload waits for it little or not at all.
    const submitting = loadSubmit();
    // Who first, so that every refusal after this point is in the audit trail.
    const caller = await uploader(req);
    annotate(req, { agency: caller.agency.id });
    // The file is taken out of a form before hashing, so the archive keeps and hashes the report itself;
    // a request it cannot take apart, or whose query is wrong, is refused inside the audit, hashed as it came.
    let upload: Upload | undefined;
    let unreadable: unknown;
    try {
      upload = await readUpload(req, UploadQuery.parse(req.query).filename);
    } catch (err) {
      unreadable = asProblem(err);
    }
    const result = await audited(ports, { agency: caller.agency.id, actor: `token:${caller.tokenId}` }, upload?.bytes ?? req.body, async (sha256) => {
      await takeUploadSlot(ports, caller.agency.id, limits.uploadsPerHour);
      if (!upload) throw unreadable;
      const q = UploadQuery.parse(req.query);
      if (upload.bytes.length === 0) throw new AppError('empty-body', '没有收到文件内容：请把报告文件作为请求体上传');
      const { submitReport } = await submitting;
      return submitReport(ports, {
        agency: caller.agency,
        bytes: upload.bytes,
        sha256,
        contentType: upload.contentType,
        filename: upload.filename,
        strict: q.strict ?? true,
        year: q.year,
        observe: submitMetrics,
      });
    });
    return { status: result.status, json: result.body, headers: result.status === 201 ? { location: result.body.links.json } : undefined };
  };

  // A body over the limit from a known token is recorded too, as the 413 it gets.
  upload.tooLarge = auditTooLarge(ports, auth.index, 'upload', (req) => req.query.agency);

  return { 'POST /v1/reports': upload };
};
