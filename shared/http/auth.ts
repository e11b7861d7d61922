import { forbidden, unauthorized } from '../archive/errors';
import { parseToken, secretMatches, type Verifier } from '../archive/tokens';
import type { Agency } from '../archive/types';
import type { ReportIndex } from '../storage/ports';
import type { HttpRequest } from './types';

export type Caller = { kind: 'admin' } | { kind: 'agency'; agency: Agency; tokenId: string };

export interface AuthDeps {
  index: ReportIndex;
  /** resolves the admin verifier (Secrets Manager in Lambda, fetched once) */
  admin: () => Promise<Verifier>;
}

function bearer(req: HttpRequest): string {
  const header = req.headers.authorization;
  if (!header) throw unauthorized();
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
  if (!m) throw unauthorized('Authorization 头格式不正确：应为“Bearer 令牌”');
  return m[1]!;
}

/** Who is calling. Every failure is the same 401 whatever the cause, so tokens cannot be probed. */
export async function authenticate(req: HttpRequest, deps: AuthDeps): Promise<Caller> {
  const token = bearer(req);
  const parsed = parseToken(token);
  if (!parsed) {
    if ((await deps.admin())(token)) return { kind: 'admin' };
    throw unauthorized('令牌无效');
  }
  const record = await deps.index.getToken(parsed.tokenId);
  if (!record || !secretMatches(record, parsed.secret)) throw unauthorized('令牌无效');
  if (record.revokedAt) throw unauthorized('令牌已被吊销：请向管理员申请新令牌');
  const agency = await deps.index.getAgency(record.agency);
  if (!agency) throw unauthorized('令牌无效');
  return { kind: 'agency', agency, tokenId: record.tokenId };
}

export async function requireAdmin(req: HttpRequest, deps: AuthDeps): Promise<void> {
  const caller = await authenticate(req, deps);
  if (caller.kind !== 'admin') throw forbidden('此操作需要管理员令牌');
}

export async function requireAgency(req: HttpRequest, deps: AuthDeps, agencyId?: string) {
  const caller = await authenticate(req, deps);
  if (caller.kind !== 'agency') throw forbidden('上传报告需要机关的上传令牌（管理员令牌不能上传）');
  if (agencyId !== undefined && caller.agency.id !== agencyId) throw forbidden(`此令牌属于“${caller.agency.id}”，不能操作“${agencyId}”的数据`);
  return caller;
}
