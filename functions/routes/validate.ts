import { checkReport } from '#shared/check/check-report';
import { isolatedParser } from '#shared/parse/isolated-parse';
import { checkAs } from '#shared/check/agency-match';
import { AppError, identityError } from '#shared/archive/errors';
import { parseProblem } from '#shared/archive/parse-problems';
import { recordParse } from '#shared/http/observability';
import { ValidateQuery } from '#shared/http/schemas';
import { renderReportBody } from '#shared/render/render-report';
import type { RouteHandler } from '#shared/http/types';
import { readUpload } from './content-type';

/**
 * Dry run: the same parse and checks as an upload; nothing is stored, no token needed. The parse
 * runs in the isolated parser (checkReport's default), whose worker starts with the function, so
 * a cold start's first document does not wait for it to load.
 */
export const validateRoutes = (): Record<string, RouteHandler> => {
  isolatedParser().warm();
  return routes;
};

const routes: Record<string, RouteHandler> = {
  'POST /v1/validate': async (req) => {
    const q = ValidateQuery.parse(req.query);
    const upload = await readUpload(req, q.filename);
    if (upload.bytes.length === 0) throw new AppError(400, 'empty-body', 'Empty body', '没有收到文件内容');
    const started = performance.now();
    const r = await checkReport(upload.bytes, { contentType: upload.contentType, filename: upload.filename });
    if (r.error) throw parseProblem(r.error, r.messages);
    recordParse({ kind: r.input.kind, ms: performance.now() - started });
    // The verdict an upload by that agency would get: the same cross-check, the same problems.
    const as = checkAs(r, { agency: q.agencyName ? { name: q.agencyName } : undefined, year: q.year });
    if (!as.ok) throw identityError(as.problem);
    // view=html: the tables with the cells the findings point at marked, rendered by the escaping renderer (the /check page).
    const html = q.view === 'html' ? renderReportBody({ report: as.report, findings: as.findings }, { tablesOnly: true }) : undefined;
    return {
      status: 200,
      json: {
        ok: as.passed,
        checked: as.checked,
        unread: as.unread,
        year: as.year ?? null,
        report: as.report,
        findings: as.findings,
        messages: as.messages,
        ...(html === undefined ? {} : { html }),
      },
    };
  },
};
