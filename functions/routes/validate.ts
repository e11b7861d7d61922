import { checkReport } from '#shared/check-report';
import { AppError } from '#shared/archive/errors';
import { parseProblem } from '#shared/archive/parse-problems';
import { UploadQuery } from '#shared/http/schemas';
import type { RouteHandler } from '#shared/http/types';
import { checkUploadType } from './content-type';

/** Dry run: the same parse and checks as an upload; nothing is stored, no token needed. */
export const validateRoutes = (): Record<string, RouteHandler> => ({
  'POST /v1/validate': async (req) => {
    const q = UploadQuery.parse(req.query);
    const contentType = checkUploadType(req.headers['content-type'], q.filename);
    if (req.body.length === 0) throw new AppError(400, 'empty-body', 'Empty body', '没有收到文件内容');
    const r = await checkReport(req.body, { contentType, filename: q.filename });
    if (r.error) throw parseProblem(r.error, r.messages);
    return { status: 200, json: { ok: r.ok, checked: r.checked, unread: r.unread, report: r.report, findings: r.findings, messages: r.messages } };
  },
});
