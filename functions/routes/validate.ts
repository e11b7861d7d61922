import { checkReport } from '#shared/check/check-report';
import { isolatedParser } from '#shared/parse/isolated-parse';
import { checkAs } from '#shared/check/agency-match';
import { AppError, identityError } from '#shared/archive/errors';
import { parseProblem } from '#shared/archive/parse-problems';
import { recordParse } from '#shared/http/observability';
import { CellsBody, ValidateQuery } from '#shared/http/schemas';
import { cellsProblem } from '#shared/archive/cells-problem';
import { coverage } from '#shared/rules/coverage';
import { enterCells, enteredKeys, unreadTables } from '#shared/rules/enter-cells';
import { hasErrors, validate } from '#shared/rules/validate';
import type { Report } from '#shared/model/report';
import { renderReportBody } from '#shared/render/render-report';
import { readUpload } from './content-type';
import type { RouteHandlers } from '../route-table';

/**
 * Dry run: the same parse and checks as an upload; nothing is stored, no token needed. The parse
 * runs in the isolated parser (checkReport's default), whose worker starts with the request rather
 * than with the function: a cold start compiles only what answering needs, and the worker loads
 * while the body is read.
 */
export const validateRoutes = (): RouteHandlers<'validate'> => routes;

const routes: RouteHandlers<'validate'> = {
  'POST /v1/validate': async (req) => {
    isolatedParser().warm();
    const q = ValidateQuery.parse(req.query);
    const upload = await readUpload(req, q.filename);
    if (upload.bytes.length === 0) throw new AppError('empty-body', '没有收到文件内容');
    const started = performance.now();
    const r = await checkReport(upload.bytes, { contentType: upload.contentType, filename: upload.filename });
    if (r.error) throw parseProblem(r.error, r.messages);
    recordParse({ kind: r.input.kind, ms: performance.now() - started });
    // The verdict an upload by that agency would get: the same cross-check, the same problems.
    const checked = checkAs(r, { agency: q.agencyName ? { name: q.agencyName } : undefined, year: q.year });
    if (!checked.ok) throw identityError(checked.problem);
    // Cells typed on /check for what was not read: the archive's own filling, then every rule again.
    const as = upload.cells === undefined ? checked : withTyped(checked, typedCells(upload.cells));
    // view=html: the tables with the cells the findings point at marked, rendered by the escaping renderer
    // (the /check page); the unread cells are inputs, in a table not read at all too, so the clerk can type them.
    const html = q.view === 'html' ? renderReportBody({ report: laidOut(as.report), findings: as.findings }, { tablesOnly: true, inputs: true }) : undefined;
    return {
      status: 200,
      json: {
        ok: as.passed,
        checked: as.checked,
        unread: as.unread,
        entered: enteredKeys(as.report),
        year: as.year ?? null,
        report: as.report,
        findings: as.findings,
        messages: as.messages,
        ...(html === undefined ? {} : { html }),
      },
    };
  },
};

function typedCells(json: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new AppError('bad-request', '补录的格子不是有效的 JSON：应为 {"格子名称": 数字, …}');
  }
  return CellsBody.parse({ cells: parsed }).cells;
}

type Verdict = Extract<ReturnType<typeof checkAs>, { ok: true }>;

/** The verdict with the typed cells in: none typed yet is the verdict as read. */
function withTyped(as: Verdict, cells: Record<string, number>): Verdict {
  if (Object.keys(cells).length === 0) return as;
  const filled = enterCells(as.report, cells);
  if (!filled.ok) throw cellsProblem(filled.problem, undefined);
  const findings = validate(filled.report, { messages: as.messages });
  const c = coverage(filled.report);
  return { ...as, report: filled.report, findings, checked: c.checked, unread: c.unread, passed: c.checked && !hasErrors(findings) };
}

/** A format with tables but none read (a scan): laid out empty, so each cell can be typed in place. */
const laidOut = (report: Report): Report =>
  report.format !== 'pre2019' && !report.tables ? ({ ...report, tables: unreadTables(report.format) } as Report) : report;
