/** Every route of the API and the function that serves it: CDK and the local server both read this. */
export const FUNCTION_GROUPS = ['agencies', 'upload', 'validate', 'read', 'site', 'admin'] as const;
export type FunctionGroup = (typeof FUNCTION_GROUPS)[number];

export const ROUTES = {
  'POST /v1/agencies': 'agencies',
  'GET /v1/agencies/{agency}': 'agencies',
  'POST /v1/agencies/{agency}/tokens': 'agencies',
  'DELETE /v1/agencies/{agency}/tokens/{tokenId}': 'agencies',
  'GET /v1/audit': 'agencies',
  // The admin's operations: the agency list and profile edits, an agency's tokens, withdrawals.
  'GET /v1/agencies': 'agencies',
  'PATCH /v1/agencies/{agency}': 'agencies',
  'DELETE /v1/agencies/{agency}': 'agencies',
  'GET /v1/agencies/{agency}/tokens': 'agencies',
  'POST /v1/reports/{agency}/{year}/versions/{n}/withdraw': 'agencies',
  'POST /v1/reports': 'upload',
  // The agency types in the cells a version left unread: a new version of the same original.
  'POST /v1/reports/{agency}/{year}/versions/{n}/cells': 'upload',
  // Large uploads: a presigned PUT into S3, stored by the ingest function (functions/ingest.ts).
  'POST /v1/uploads': 'upload',
  'GET /v1/uploads/{id}': 'upload',
  'POST /v1/validate': 'validate',
  'GET /v1/reports': 'read',
  'GET /v1/reports/{agency}/{year}': 'read',
  'GET /v1/reports/{agency}/{year}/html': 'read',
  'GET /v1/reports/{agency}/{year}/original': 'read',
  'GET /v1/reports/{agency}/{year}/versions': 'read',
  'GET /v1/coverage': 'read',
  'GET /v1/openapi.json': 'read',
  // The public site: pages, downloads and feeds. Their URLs are public API too.
  'GET /': 'site',
  'GET /reports': 'site',
  'GET /reports/{agency}/{year}': 'site',
  'GET /reports/{agency}/{year}/compare': 'site',
  'GET /agencies/{agency}': 'site',
  'GET /stats': 'site',
  'GET /stats/{year}': 'site',
  'GET /coverage': 'site',
  'GET /copied': 'site',
  'GET /data': 'site',
  'GET /data/{file}': 'site',
  'GET /feed.xml': 'site',
  'GET /sitemap.xml': 'site',
  'GET /robots.txt': 'site',
  'GET /docs': 'site',
  'GET /check': 'site',
  'GET /assets/{file}': 'site',
  // The admin console: HTML forms over the admin routes' use cases, signed in with a session cookie.
  'GET /admin': 'admin',
  'POST /admin/login': 'admin',
  'POST /admin/logout': 'admin',
  'GET /admin/agencies': 'admin',
  'POST /admin/agencies': 'admin',
  'GET /admin/agencies/{agency}': 'admin',
  'POST /admin/agencies/{agency}': 'admin',
  'POST /admin/agencies/{agency}/tokens': 'admin',
  'POST /admin/agencies/{agency}/tokens/{tokenId}/revoke': 'admin',
  'POST /admin/reports/{agency}/{year}/versions/{n}/withdraw': 'admin',
  'GET /admin/audit': 'admin',
  'GET /admin/coverage': 'admin',
  'GET /admin/assets/{file}': 'admin',
} as const satisfies Record<string, FunctionGroup>;

export type RouteKey = keyof typeof ROUTES;
