import { getObject, getReport, listReports, listVersions } from '#shared/archive/read-reports';
import { PAGE_CSP } from '#shared/render/page-style';
import { CoverageQuery, ListQuery, ReportPath, VersionQuery } from '#shared/http/schemas';
import { coverage } from '#shared/archive/coverage';
import type { HttpRequest } from '#shared/http/types';
import type { RouteDeps } from '../deps';
import type { RouteHandlers } from '../route-table';

// Published versions never change, so a versioned URL may be cached for good.
const cacheFor = (versioned: boolean) => (versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=60');

/** The names given here are the archive's own (ASCII); the escaping stays for safety's sake. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Which report a path names, and which version the query asks for. */
const reportRef = (req: HttpRequest) => ({ ...ReportPath.parse(req.params), ...VersionQuery.parse(req.query) });

export const readRoutes = ({ ports }: RouteDeps): RouteHandlers<'read'> => ({
  'GET /v1/reports': async (req) => {
    const q = ListQuery.parse(req.query);
    return { status: 200, json: await listReports(ports, { ...q, limit: q.limit ?? 20 }), headers: { 'cache-control': 'public, max-age=30' } };
  },
  'GET /v1/reports/{agency}/{year}': async (req) => {
    const { agency, year, version } = reportRef(req);
    // Not immutable even with ?version=: the newest version's derived findings follow its neighbours.
    return { status: 200, json: await getReport(ports, agency, year, version), headers: { 'cache-control': 'public, max-age=60' } };
  },
  'GET /v1/coverage': async (req) => {
    const q = CoverageQuery.parse(req.query);
    return { status: 200, json: await coverage(ports, { ...q, limit: q.limit ?? 100 }), headers: { 'cache-control': 'public, max-age=60' } };
  },
  'GET /v1/reports/{agency}/{year}/html': async (req) => {
    const { agency, year, version } = reportRef(req);
    const page = await getObject(ports, agency, year, 'html', version);
    return {
      status: 200,
      body: page.bytes,
      contentType: 'text/html; charset=utf-8',
      headers: {
        'content-security-policy': PAGE_CSP,
        'cache-control': cacheFor(version !== undefined),
        etag: `"${page.sha256.slice(0, 16)}-v${page.version}"`,
      },
    };
  },
  'GET /v1/reports/{agency}/{year}/original': async (req) => {
    const { agency, year, version } = reportRef(req);
    const file = await getObject(ports, agency, year, 'original', version);
    return {
      status: 200,
      body: file.bytes,
      contentType: file.contentType,
      headers: {
        // Never rendered from our origin: an uploaded HTML page is a download, sandboxed if opened.
        'content-disposition': attachment(file.downloadName),
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': cacheFor(version !== undefined),
        'x-checksum-sha256': file.sha256,
      },
    };
  },
  // Loaded on its first request: the document's JSON Schemas need classic zod's converter, 22 KB a cold start need not compile.
  'GET /v1/openapi.json': async () => ({
    status: 200,
    json: (await import('../openapi')).openApiDocument(),
    headers: { 'cache-control': 'public, max-age=3600' },
  }),
  'GET /v1/reports/{agency}/{year}/versions': async (req) => {
    const { agency, year } = ReportPath.parse(req.params);
    return { status: 200, json: await listVersions(ports, agency, year), headers: { 'cache-control': 'public, max-age=30' } };
  },
});
