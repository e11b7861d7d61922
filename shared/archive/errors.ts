import type { IdentityProblem } from '../check/agency-match';

/**
 * Errors the use cases raise on purpose. Each carries what RFC 9457 problem+json needs: a stable
 * type, a status, a short title, and a detail in Chinese for the clerk. Anything else is a bug
 * and becomes a 500 that reveals nothing.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    /** stable slug, published as `urn:gongkai:problem:{slug}` */
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export const problemType = (slug: string) => `urn:gongkai:problem:${slug}`;

export class BadCursor extends AppError {
  constructor() {
    super(400, 'bad-cursor', 'Invalid cursor', '分页参数 cursor 无效：请使用上一页返回的 nextCursor');
  }
}

export const notFound = (what: string) => new AppError(404, 'not-found', 'Not found', `没有找到${what}`);
export const unauthorized = (detail = '需要登录凭证：请在 Authorization 头中提供 Bearer 令牌') =>
  new AppError(401, 'unauthorized', 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer realm="gongkai"' });
export const forbidden = (detail: string) => new AppError(403, 'forbidden', 'Forbidden', detail);
/** A call that came around the site's CDN (the raw API Gateway address): the API answers only through it. */
export const directAccess = () =>
  new AppError(403, 'direct-access', 'Forbidden', '接口只能通过网站的地址访问：请把请求发到网站域名下的 /v1/… 地址，不要直接调用 API Gateway 的地址');
export const badRequest = (detail: string, errors?: unknown) => new AppError(400, 'bad-request', 'Bad request', detail, errors ? { errors } : {});
/** Storage did not answer: retryable, and says so. */
export const unavailable = (detail = '存储服务暂时不可用，请求没有完成：请稍后重试') =>
  new AppError(503, 'storage-unavailable', 'Service unavailable', detail, {}, { 'retry-after': '2' });

/** The agency/year cross-check's refusal, as the API answers it. */
export const identityError = (p: IdentityProblem) => new AppError(p.status, p.slug, p.title, p.detail, p.extra);
