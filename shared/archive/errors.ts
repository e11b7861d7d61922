import type { IdentityProblem } from '../check/agency-match';
import type { ProblemSlug } from './problem-catalogue';

/**
 * Errors the use cases raise on purpose. Each names a problem of the catalogue (which gives the
 * status, the title and any fixed Retry-After, for the surfaces to map) and carries the detail in
 * Chinese for the clerk.
 * Anything else is a bug and becomes a 500 that reveals nothing.
 */
export class AppError extends Error {
  constructor(
    /** stable slug, published as `urn:gongkai:problem:{slug}` */
    readonly slug: ProblemSlug,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    /** what the answer must carry beyond the catalogue's, such as a limit's own Retry-After */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export const problemType = (slug: string) => `urn:gongkai:problem:${slug}`;

export class BadCursor extends AppError {
  constructor() {
    super('bad-cursor', '分页参数 cursor 无效：请使用上一页返回的 nextCursor');
  }
}

export const notFound = (what: string) => new AppError('not-found', `没有找到${what}`);
export const unauthorized = (detail = '需要登录凭证：请在 Authorization 头中提供 Bearer 令牌') =>
  new AppError('unauthorized', detail, {}, { 'www-authenticate': 'Bearer realm="gongkai"' });
export const forbidden = (detail: string) => new AppError('forbidden', detail);
/** A call that came around the site's CDN (the raw API Gateway address): the API answers only through it. */
export const directAccess = () =>
  new AppError('direct-access', '接口只能通过网站的地址访问：请把请求发到网站域名下的 /v1/… 地址，不要直接调用 API Gateway 的地址');
export const badRequest = (detail: string, errors?: unknown) => new AppError('bad-request', detail, errors ? { errors } : {});
/** Storage did not answer: retryable, and says so. */
export const unavailable = (detail = '存储服务暂时不可用，请求没有完成：请稍后重试') => new AppError('storage-unavailable', detail);

/** The agency/year cross-check's refusal, as the API answers it. */
export const identityError = (p: IdentityProblem) => new AppError(p.slug, p.detail, p.extra);
