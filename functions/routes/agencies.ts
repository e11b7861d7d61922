import { getAgency, registerAgency, revokeToken, rotateToken } from '#shared/archive/agencies';
import { authenticate, requireAdmin } from '#shared/http/auth';
import { forbidden } from '#shared/archive/errors';
import { listAgencies, listAgencyTokens, updateAgency, withdrawVersion } from '#shared/archive/admin';
import {
  AgencyListQuery,
  AgencyPatchBody,
  AgencyPath,
  AuditQuery,
  NewAgencyBody,
  TokenListQuery,
  TokenPath,
  WithdrawBody,
  WithdrawPath,
} from '#shared/http/schemas';
import type { RouteHandler } from '#shared/http/types';
import { badRequest } from '#shared/archive/errors';
import type { RouteDeps } from '../deps';

function jsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('请求体不是有效的 JSON');
  }
}

export const agencyRoutes = ({ ports, auth }: RouteDeps): Record<string, RouteHandler> => ({
  'POST /v1/agencies': async (req) => {
    await requireAdmin(req, auth);
    const created = await registerAgency(ports, NewAgencyBody.parse(jsonBody(req.body)));
    return { status: 201, json: created, headers: { location: `/v1/agencies/${created.id}`, 'cache-control': 'no-store' } };
  },
  'GET /v1/agencies/{agency}': async (req) => {
    const { agency } = AgencyPath.parse(req.params);
    return { status: 200, json: await getAgency(ports, agency) };
  },
  'POST /v1/agencies/{agency}/tokens': async (req) => {
    const { agency } = AgencyPath.parse(req.params);
    await requireAdmin(req, auth);
    return { status: 201, json: await rotateToken(ports, agency), headers: { 'cache-control': 'no-store' } };
  },
  'DELETE /v1/agencies/{agency}/tokens/{tokenId}': async (req) => {
    const { agency, tokenId } = TokenPath.parse(req.params);
    const caller = await authenticate(req, auth);
    // An agency may revoke its own tokens (a leaked one, say); the admin any.
    if (caller.kind === 'agency' && caller.agency.id !== agency) throw forbidden(`此令牌属于“${caller.agency.id}”，不能吊销“${agency}”的令牌`);
    await revokeToken(ports, agency, tokenId);
    return { status: 204 };
  },
  'GET /v1/audit': async (req) => {
    await requireAdmin(req, auth);
    const q = AuditQuery.parse(req.query);
    const page = await ports.index.listAudit(q.agency, q.limit ?? 50, q.cursor);
    return { status: 200, json: page };
  },
  // Admin only; the credential is checked before anything of the request is read.
  'GET /v1/agencies': async (req) => {
    await requireAdmin(req, auth);
    const q = AgencyListQuery.parse(req.query);
    return { status: 200, json: await listAgencies(ports, { ...q, limit: q.limit ?? 50 }), headers: { 'cache-control': 'no-store' } };
  },
  'PATCH /v1/agencies/{agency}': async (req) => {
    await requireAdmin(req, auth);
    const { agency } = AgencyPath.parse(req.params);
    const edit = AgencyPatchBody.parse(jsonBody(req.body));
    return { status: 200, json: await updateAgency(ports, agency, edit, { body: req.body }), headers: { 'cache-control': 'no-store' } };
  },
  'GET /v1/agencies/{agency}/tokens': async (req) => {
    await requireAdmin(req, auth);
    const { agency } = AgencyPath.parse(req.params);
    const q = TokenListQuery.parse(req.query);
    return { status: 200, json: await listAgencyTokens(ports, agency, q.limit ?? 50, q.cursor), headers: { 'cache-control': 'no-store' } };
  },
  'POST /v1/reports/{agency}/{year}/versions/{n}/withdraw': async (req) => {
    await requireAdmin(req, auth);
    const { agency, year, n } = WithdrawPath.parse(req.params);
    const { reason } = WithdrawBody.parse(jsonBody(req.body));
    return { status: 200, json: await withdrawVersion(ports, { agency, year, version: n }, reason), headers: { 'cache-control': 'no-store' } };
  },
});
