import { getAgency, registerAgency, revokeToken, rotateToken } from '#shared/archive/agencies';
import { agencyNamed, auditRefusedCaller, auditTooLarge, type AuditNote, refusalsFiled } from '#shared/http/audit-attempt';
import { type AuthDeps, authenticate, CallerRefused, requireAdmin } from '#shared/http/auth';
import { forbidden } from '#shared/archive/errors';
import { deleteAgency, listAgencies, listAgencyTokens, updateAgency, withdrawVersion } from '#shared/archive/admin';
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
import type { HttpRequest } from '#shared/http/types';
import { badRequest } from '#shared/archive/errors';
import type { RouteDeps } from '../deps';
import type { RouteHandlers } from '../route-table';

function jsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('请求体不是有效的 JSON');
  }
}

/** The id a registration names, read leniently: only to file the attempt, before the body is checked. */
function idInBody(body: Buffer): unknown {
  try {
    return (JSON.parse(body.toString('utf8')) as { id?: unknown } | null)?.id;
  } catch {
    return undefined;
  }
}

/** The admin, before anything of the request is read; `about` names the agency the request is about. */
async function asAdmin(auth: AuthDeps, req: HttpRequest, note: AuditNote, about?: string): Promise<void> {
  note.agency = agencyNamed(about);
  await requireAdmin(req, auth);
  note.actor = 'admin';
}

// Registration, token issue and revocation are audited, refusals of a known caller included; every
// other admin route files its refusals (an agency token's 403 in that agency's own trail).
export const agencyRoutes = ({ ports, auth }: RouteDeps): RouteHandlers<'agencies'> => ({
  'POST /v1/agencies': refusalsFiled(
    ports,
    auth.index,
    'register-agency',
    async (req, note) => {
      note.agency = agencyNamed(idInBody(req.body));
      await requireAdmin(req, auth);
      note.actor = 'admin';
      const raw = jsonBody(req.body);
      const created = await registerAgency(ports, NewAgencyBody.parse(raw));
      note.tokenId = created.tokenId;
      return { status: 201, json: created, headers: { location: `/v1/agencies/${created.id}`, 'cache-control': 'no-store' } };
    },
    { done: true, about: (r) => idInBody(r.body) },
  ),
  'GET /v1/agencies/{agency}': async (req) => {
    const { agency } = AgencyPath.parse(req.params);
    return { status: 200, json: await getAgency(ports, agency) };
  },
  'POST /v1/agencies/{agency}/tokens': refusalsFiled(
    ports,
    auth.index,
    'issue-token',
    async (req, note) => {
      note.agency = agencyNamed(req.params.agency);
      await requireAdmin(req, auth);
      note.actor = 'admin';
      const { agency } = AgencyPath.parse(req.params);
      const issued = await rotateToken(ports, agency);
      note.tokenId = issued.tokenId;
      return { status: 201, json: issued, headers: { 'cache-control': 'no-store' } };
    },
    { done: true, about: (r) => r.params.agency },
  ),
  'DELETE /v1/agencies/{agency}/tokens/{tokenId}': refusalsFiled(
    ports,
    auth.index,
    'revoke-token',
    async (req, note) => {
      note.agency = agencyNamed(req.params.agency);
      const caller = await authenticate(req, auth);
      note.actor = caller.kind === 'admin' ? 'admin' : `token:${caller.tokenId}`;
      const { agency, tokenId } = TokenPath.parse(req.params);
      note.tokenId = tokenId;
      if (caller.kind === 'agency') {
        // A token may revoke only itself (when it has leaked, say): a leaked old token must not be
        // able to revoke its replacement. The admin revokes any token.
        const self = { agency: caller.agency.id, tokenId: caller.tokenId };
        if (caller.agency.id !== agency) throw new CallerRefused(forbidden(`此令牌属于“${caller.agency.id}”，不能吊销“${agency}”的令牌`), self);
        if (caller.tokenId !== tokenId)
          throw new CallerRefused(forbidden('机关令牌只能吊销它自己；要吊销本机关的其他令牌，请联系管理员用管理员令牌操作'), self);
      }
      await revokeToken(ports, agency, tokenId);
      return { status: 204 };
    },
    { done: true, about: (r) => r.params.agency },
  ),
  'GET /v1/audit': refusalsFiled(
    ports,
    auth.index,
    'read-audit',
    async (req, note) => {
      await asAdmin(auth, req, note, req.query.agency);
      const q = AuditQuery.parse(req.query);
      const page = await ports.index.listAudit(q.agency, q.limit ?? 50, q.cursor);
      return { status: 200, json: page };
    },
    { about: (r) => r.query.agency },
  ),
  // Admin only; the credential is checked before anything of the request is read.
  'GET /v1/agencies': refusalsFiled(ports, auth.index, 'list-agencies', async (req, note) => {
    await asAdmin(auth, req, note);
    const q = AgencyListQuery.parse(req.query);
    return { status: 200, json: await listAgencies(ports, { ...q, limit: q.limit ?? 50 }), headers: { 'cache-control': 'no-store' } };
  }),
  // The edit itself is audited by the use case.
  'PATCH /v1/agencies/{agency}': refusalsFiled(
    ports,
    auth.index,
    'agency-update',
    async (req, note) => {
      await asAdmin(auth, req, note, req.params.agency);
      const { agency } = AgencyPath.parse(req.params);
      const edit = AgencyPatchBody.parse(jsonBody(req.body));
      return { status: 200, json: await updateAgency(ports, agency, edit, { body: req.body }), headers: { 'cache-control': 'no-store' } };
    },
    { about: (r) => r.params.agency },
  ),
  // Audited by the use case: removed (204) or refused for the versions it has (409); an agency
  // token trying it is on its own agency's record, as for registration.
  'DELETE /v1/agencies/{agency}': Object.assign(
    async (req: HttpRequest) => {
      try {
        await requireAdmin(req, auth);
      } catch (err) {
        await auditRefusedCaller(ports, err, 'delete-agency', req.body, { target: agencyNamed(req.params.agency) });
        throw err;
      }
      const { agency } = AgencyPath.parse(req.params);
      await deleteAgency(ports, agency, { body: req.body });
      return { status: 204, headers: { 'cache-control': 'no-store' } };
    },
    { tooLarge: auditTooLarge(ports, auth.index, 'delete-agency', (r) => r.params.agency) },
  ),
  'GET /v1/agencies/{agency}/tokens': refusalsFiled(
    ports,
    auth.index,
    'list-tokens',
    async (req, note) => {
      await asAdmin(auth, req, note, req.params.agency);
      const { agency } = AgencyPath.parse(req.params);
      const q = TokenListQuery.parse(req.query);
      return { status: 200, json: await listAgencyTokens(ports, agency, q.limit ?? 50, q.cursor), headers: { 'cache-control': 'no-store' } };
    },
    { about: (r) => r.params.agency },
  ),
  // The withdrawal itself is audited by the use case.
  'POST /v1/reports/{agency}/{year}/versions/{n}/withdraw': refusalsFiled(
    ports,
    auth.index,
    'withdraw',
    async (req, note) => {
      await asAdmin(auth, req, note, req.params.agency);
      const { agency, year, n } = WithdrawPath.parse(req.params);
      const { reason } = WithdrawBody.parse(jsonBody(req.body));
      return { status: 200, json: await withdrawVersion(ports, { agency, year, version: n }, reason), headers: { 'cache-control': 'no-store' } };
    },
    { about: (r) => r.params.agency },
  ),
});
