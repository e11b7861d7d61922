import type { RouteHandler } from '#shared/http/types';

/**
 * Every route of the API: the function that serves it, who may call it, and the throttle of a route
 * held below the stage's limit. CDK, the local server,
 * the OpenAPI document, the /docs page and the authorization matrix read this; each function's
 * handler map is typed by it (RouteHandlers), so a route without its handler, or a handler under a
 * misspelled key, fails to compile. The request schemas and summaries are in route-docs.ts, also
 * typed by RouteKey: kept apart so that a bundle loads its own schemas, not every function's.
 */
export const FUNCTION_GROUPS = ['agencies', 'upload', 'validate', 'read', 'site', 'admin'] as const;
export type FunctionGroup = (typeof FUNCTION_GROUPS)[number];

/** Who may call a route: the handler checks it (shared/http/auth.ts); this says it to the docs and the tests. */
export type RouteAuth = 'anyone' | 'admin' | 'agency' | 'admin or the token itself' | 'admin console session';

/** Requests per second, steady and in a burst, that API Gateway lets through to one route. */
export interface Throttle {
  rate: number;
  burst: number;
}

export interface RouteDeclaration {
  group: FunctionGroup;
  auth: RouteAuth;
  /**
   * held below the stage's limit: each request is a parse on a whole vCPU (a direct upload, the
   * anonymous dry run), a large upload to come, or a password guess
   */
  throttle?: Throttle;
}

export const ROUTES = {
  'POST /v1/agencies': { group: 'agencies', auth: 'admin' },
  'GET /v1/agencies/{agency}': { group: 'agencies', auth: 'anyone' },
  'POST /v1/agencies/{agency}/tokens': { group: 'agencies', auth: 'admin' },
  'DELETE /v1/agencies/{agency}/tokens/{tokenId}': { group: 'agencies', auth: 'admin or the token itself' },
  'GET /v1/audit': { group: 'agencies', auth: 'admin' },
  // The admin's operations: the agency list and profile edits, an agency's tokens, withdrawals.
  'GET /v1/agencies': { group: 'agencies', auth: 'admin' },
  'PATCH /v1/agencies/{agency}': { group: 'agencies', auth: 'admin' },
  'DELETE /v1/agencies/{agency}': { group: 'agencies', auth: 'admin' },
  'GET /v1/agencies/{agency}/tokens': { group: 'agencies', auth: 'admin' },
  'POST /v1/reports/{agency}/{year}/versions/{n}/withdraw': { group: 'agencies', auth: 'admin' },
  'POST /v1/reports': { group: 'upload', auth: 'agency', throttle: { rate: 10, burst: 20 } },
  // The agency types in the cells a version left unread: a new version of the same original.
  'POST /v1/reports/{agency}/{year}/versions/{n}/cells': { group: 'upload', auth: 'agency' },
  // Large uploads: a presigned PUT into S3, stored by the ingest function (functions/ingest.ts).
  'POST /v1/uploads': { group: 'upload', auth: 'agency', throttle: { rate: 5, burst: 10 } },
  'GET /v1/uploads/{id}': { group: 'upload', auth: 'agency' },
  'POST /v1/validate': { group: 'validate', auth: 'anyone', throttle: { rate: 10, burst: 20 } },
  'GET /v1/reports': { group: 'read', auth: 'anyone' },
  'GET /v1/reports/{agency}/{year}': { group: 'read', auth: 'anyone' },
  'GET /v1/reports/{agency}/{year}/html': { group: 'read', auth: 'anyone' },
  'GET /v1/reports/{agency}/{year}/original': { group: 'read', auth: 'anyone' },
  'GET /v1/reports/{agency}/{year}/versions': { group: 'read', auth: 'anyone' },
  'GET /v1/coverage': { group: 'read', auth: 'anyone' },
  'GET /v1/openapi.json': { group: 'read', auth: 'anyone' },
  // The public site: pages, downloads and feeds. Their URLs are public API too.
  'GET /': { group: 'site', auth: 'anyone' },
  'GET /reports': { group: 'site', auth: 'anyone' },
  'GET /reports/{agency}/{year}': { group: 'site', auth: 'anyone' },
  'GET /reports/{agency}/{year}/compare': { group: 'site', auth: 'anyone' },
  'GET /agencies/{agency}': { group: 'site', auth: 'anyone' },
  'GET /stats': { group: 'site', auth: 'anyone' },
  'GET /stats/{year}': { group: 'site', auth: 'anyone' },
  'GET /coverage': { group: 'site', auth: 'anyone' },
  'GET /copied': { group: 'site', auth: 'anyone' },
  'GET /data': { group: 'site', auth: 'anyone' },
  'GET /data/{file}': { group: 'site', auth: 'anyone' },
  'GET /feed.xml': { group: 'site', auth: 'anyone' },
  'GET /sitemap.xml': { group: 'site', auth: 'anyone' },
  'GET /robots.txt': { group: 'site', auth: 'anyone' },
  'GET /docs': { group: 'site', auth: 'anyone' },
  'GET /check': { group: 'site', auth: 'anyone' },
  'GET /assets/{file}': { group: 'site', auth: 'anyone' },
  // The admin console: HTML forms over the admin routes' use cases, signed in with a session cookie.
  'GET /admin': { group: 'admin', auth: 'anyone' },
  'POST /admin/login': { group: 'admin', auth: 'anyone', throttle: { rate: 1, burst: 5 } },
  'POST /admin/logout': { group: 'admin', auth: 'admin console session' },
  'GET /admin/agencies': { group: 'admin', auth: 'admin console session' },
  'POST /admin/agencies': { group: 'admin', auth: 'admin console session' },
  'GET /admin/agencies/{agency}': { group: 'admin', auth: 'admin console session' },
  'POST /admin/agencies/{agency}': { group: 'admin', auth: 'admin console session' },
  'POST /admin/agencies/{agency}/tokens': { group: 'admin', auth: 'admin console session' },
  'POST /admin/agencies/{agency}/tokens/{tokenId}/revoke': { group: 'admin', auth: 'admin console session' },
  'POST /admin/reports/{agency}/{year}/versions/{n}/withdraw': { group: 'admin', auth: 'admin console session' },
  'GET /admin/audit': { group: 'admin', auth: 'admin console session' },
  'GET /admin/coverage': { group: 'admin', auth: 'admin console session' },
  'GET /admin/assets/{file}': { group: 'admin', auth: 'anyone' },
} as const satisfies Record<string, RouteDeclaration>;

export type RouteKey = keyof typeof ROUTES;
/** The routes one function serves. */
export type RouteKeyOf<G extends FunctionGroup> = { [K in RouteKey]: (typeof ROUTES)[K]['group'] extends G ? K : never }[RouteKey];
/** A function's handlers: exactly the routes of its group. */
export type RouteHandlers<G extends FunctionGroup> = Record<RouteKeyOf<G>, RouteHandler>;
