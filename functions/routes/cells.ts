import { audited } from '#shared/archive/audit';
import { badRequest } from '#shared/archive/errors';
import { DEFAULT_UPLOADS_PER_HOUR, takeUploadSlot } from '#shared/archive/upload-limit';
import { agencyNamed, asProblem, auditRefusedCaller } from '#shared/http/audit-attempt';
import { requireAgency } from '#shared/http/auth';
import { annotate } from '#shared/http/middleware';
import { CellsBody, WithdrawPath } from '#shared/http/schemas';
import type { RouteDeps } from '../deps';
import type { RouteHandlers } from '../route-table';

let typedCells: Promise<typeof import('#shared/archive/typed-cells')> | undefined;
/** The use case (rules, renderer), loaded by the first such request rather than with the function. */
function loadTypedCells() {
  if (!typedCells) {
    typedCells = import('#shared/archive/typed-cells');
    // A refused caller never waits for it; a failed load is the request's error when it does.
    typedCells.catch(() => undefined);
  }
  return typedCells;
}

/**
 * Typed cells for what a version left unread: the agency's own token, its upload limit, its audit
 * trail (action `enter-cells`, the body's SHA-256), and the upload's answer.
 */
export const cellsRoutes = (
  { ports, auth }: RouteDeps,
  limits = { uploadsPerHour: DEFAULT_UPLOADS_PER_HOUR },
): Pick<RouteHandlers<'upload'>, 'POST /v1/reports/{agency}/{year}/versions/{n}/cells'> => ({
  'POST /v1/reports/{agency}/{year}/versions/{n}/cells': async (req) => {
    // Loading while the token is looked up.
    const loading = loadTypedCells();
    let caller: Awaited<ReturnType<typeof requireAgency>>;
    try {
      caller = await requireAgency(req, auth.index, req.params.agency);
    } catch (err) {
      await auditRefusedCaller(ports, err, 'enter-cells', req.body, { target: agencyNamed(req.params.agency) });
      throw err;
    }
    annotate(req, { agency: caller.agency.id });
    const result = await audited(
      ports,
      { agency: caller.agency.id, actor: `token:${caller.tokenId}` },
      req.body,
      async () => {
        await takeUploadSlot(ports, caller.agency.id, limits.uploadsPerHour);
        let year: number;
        let n: number;
        let body: ReturnType<typeof CellsBody.parse>;
        try {
          ({ year, n } = WithdrawPath.parse(req.params));
          body = CellsBody.parse(jsonBody(req.body));
        } catch (err) {
          // An edge refusal is a 400 like any other, and in the trail like any other.
          throw asProblem(err);
        }
        const { enterTypedCells } = await loading;
        return enterTypedCells(ports, { agency: caller.agency, tokenId: caller.tokenId, year, version: n, cells: body.cells, strict: body.strict ?? true });
      },
      'enter-cells',
    );
    return { status: result.status, json: result.body, headers: { location: result.body.links.json } };
  },
});

function jsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('请求体不是有效的 JSON：应为 {"cells": {"格子名称": 数字, …}}');
  }
}
