import { AppError, forbidden, unauthorized } from '../archive/errors';
import { parseToken, secretMatches, type Verifier } from '../archive/tokens';
import type { Agency } from '../archive/types';
import type { ReportIndex } from '../storage/ports';
import type { HttpRequest } from './types';

export type Caller = { kind: 'admin' } | { kind: 'agency'; agency: Agency; tokenId: string };

/**
 * A refusal of a token we know (revoked, or used beyond its agency's rights): answered like any
 * problem, but carrying whose token it was, so that the attempt goes into that agency's audit trail.
 */
export class CallerRefused extends AppError {
  constructor(
    problem: AppError,
    readonly caller: { agency: string; tokenId: string },
  ) {
    super(problem.slug, problem.detail, problem.extra, problem.headers);
  }
}

export interface AuthDeps {
  index: ReportIndex;
  /** resolves the admin verifier (Secrets Manager in Lambda, fetched once) */
  admin: () => Promise<Verifier>;
}

function bearer(req: HttpRequest): string {
  const header = req.headers.authorization;
  if (!header) throw unauthorized();
  const [, token] = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header) ?? [];
  if (token === undefined) throw unauthorized('Authorization 头格式不正确：应为“Bearer 令牌”');
  return token;
}

/** Who is calling: the admin or an agency. A token that is neither is a 401. */
export async function authenticate(req: HttpRequest, deps: AuthDeps): Promise<Caller> {
  const token = bearer(req);
  if (!parseToken(token)) {
    if ((await deps.admin())(token)) return { kind: 'admin' };
    throw unauthorized('令牌无效');
  }
  return agencyToken(token, deps.index);
}

/** An agency upload token, checked in constant time; unknown, wrong and revoked all give 401. */
async function agencyToken(token: string, index: ReportIndex): Promise<Caller & { kind: 'agency' }> {
  const parsed = parseToken(token);
  if (!parsed) throw unauthorized('需要机关的上传令牌（gk_ 开头）');
  const record = await index.getToken(parsed.tokenId);
  if (!record || !secretMatches(record, parsed.secret)) throw unauthorized('令牌无效');
  if (record.revokedAt) throw new CallerRefused(unauthorized('令牌已被吊销：请向管理员申请新令牌'), { agency: record.agency, tokenId: record.tokenId });
  const agency = await index.getAgency(record.agency);
  if (!agency) throw unauthorized('令牌无效');
  return { kind: 'agency', agency, tokenId: record.tokenId };
}

export async function requireAdmin(req: HttpRequest, deps: AuthDeps): Promise<void> {
  const caller = await authenticate(req, deps);
  if (caller.kind !== 'admin') throw new CallerRefused(forbidden('此操作需要管理员令牌'), { agency: caller.agency.id, tokenId: caller.tokenId });
}

/**
 * Routes that only agencies use never consult the admin secret (the upload function is not
 * granted it): any token that is not an agency token is a 401 there.
 */
export async function requireAgency(req: HttpRequest, index: ReportIndex, agencyId?: string) {
  const caller = await agencyToken(bearer(req), index);
  if (agencyId !== undefined && caller.agency.id !== agencyId)
    throw new CallerRefused(forbidden(`此令牌属于“${caller.agency.id}”，不能操作“${agencyId}”的数据`), { agency: caller.agency.id, tokenId: caller.tokenId });
  return caller;
}
