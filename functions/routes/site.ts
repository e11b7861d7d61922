import { AppError } from '#shared/archive/errors';
import { getDownload } from '#shared/archive/data-downloads';
import { WithdrawnError } from '#shared/archive/withdrawals';
import { agencyView, browseView, compareView, copiedView, coverageView, feedEntries, homeView, reportPageView, statsView } from '#shared/archive/site-reads';
import {
  AgencyPath,
  AssetPath,
  BrowseQuery,
  CompareQuery,
  CopiedPageQuery,
  CoveragePageQuery,
  DataPath,
  DataQuery,
  ReportPath,
  StatsPath,
  StatsQuery,
  VersionQuery,
} from '#shared/http/schemas';
import type { HttpRequest, HttpResponse, RouteHandler } from '#shared/http/types';
import { NATIONAL } from '#shared/regions/regions';
import { renderAgency } from '#shared/site/agency-page';
import { renderBrowse } from '#shared/site/browse-page';
import { renderCheckPage } from '#shared/site/check-page';
import { CHECK_JS } from '#shared/site/check-script';
import { renderCompare } from '#shared/site/compare-page';
import { renderCopied } from '#shared/site/copied-page';
import { renderCoverage } from '#shared/site/coverage-page';
import { renderDataPage } from '#shared/site/data-page';
import { renderDocsPage } from '#shared/site/docs-page';
import { renderErrorPage, renderWithdrawnPage } from '#shared/site/error-page';
import { renderFeed, renderSitemap } from '#shared/site/feeds';
import { renderHome } from '#shared/site/home-page';
import { siteCsp } from '#shared/site/layout';
import { renderReportPage } from '#shared/site/report-page';
import { renderStats } from '#shared/site/stats-page';
import type { RouteDeps } from '../deps';
import { problemOf } from '#shared/http/problems';
import { ROUTE_DOCS } from '../route-docs';
import { ROUTES, type RouteHandlers, type RouteKey } from '../route-table';

/**
 * The public site: server-rendered pages over the same use cases as the API. Lists and statistics
 * change with every commit, so they are cached briefly; a page that failed is an HTML page too.
 */
const SHORT = 'public, max-age=60, stale-while-revalidate=60';
const HOUR = 'public, max-age=3600';

const SECURITY_HEADERS = { 'x-frame-options': 'DENY', 'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()' };

const html = (body: string, options: { cache?: string; status?: number; script?: boolean; connect?: string[] } = {}): HttpResponse => ({
  status: options.status ?? 200,
  body,
  contentType: 'text/html; charset=utf-8',
  headers: {
    ...SECURITY_HEADERS,
    'content-security-policy': siteCsp({ script: options.script, connect: options.connect }),
    'cache-control': options.cache ?? SHORT,
  },
});

/** A form sends every field, empty ones too: an empty field is no filter. */
const present = (query: Record<string, string | undefined>) => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v.trim() !== ''));

/** Turns a failed page into an HTML page with the problem's status and headers (a storage fault's Retry-After). */
const page =
  (handler: RouteHandler): RouteHandler =>
  async (req) => {
    try {
      return await handler(req);
    } catch (err) {
      const problem = problemOf(err, '链接中的参数不正确');
      if (!problem) throw err;
      const body = problem instanceof WithdrawnError ? renderWithdrawnPage(problem.notice) : renderErrorPage(problem.status, problem.detail);
      const res = html(body, { status: problem.status, cache: 'no-store' });
      return { ...res, headers: { ...res.headers, ...problem.headers } };
    }
  };

/** Where absolute links in the feed and sitemap point: the configured site, else the host asked. */
function siteBase(req: HttpRequest, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = req.headers.host ?? '127.0.0.1';
  return `${req.headers['x-forwarded-proto'] ?? 'http'}://${host}`;
}

/** Above this a download is not returned through Lambda (6 MB answers, base64) but from the CDN of public/. */
export const INLINE_DOWNLOAD_BYTES = 4 * 1024 * 1024;

export interface SiteOptions {
  /** the site's public origin, for absolute links in the feed and sitemap */
  siteUrl?: string;
  /** the origin that serves the bucket's public/ prefix, where large downloads are fetched from */
  filesUrl?: string;
  /** the origin of the presigned large-upload URLs (the bucket's), which /check PUTs large files to */
  uploadOrigin?: string;
}

export const siteRoutes = ({ ports }: RouteDeps, options: SiteOptions = {}): RouteHandlers<'site'> => ({
  'GET /': page(async () => html(renderHome(await homeView(ports)))),
  'GET /reports': page(async (req) => html(renderBrowse(await browseView(ports, BrowseQuery.parse(present(req.query)))))),
  'GET /agencies/{agency}': page(async (req) => html(renderAgency(await agencyView(ports, AgencyPath.parse(req.params).agency)))),
  'GET /reports/{agency}/{year}': page(async (req) => {
    const { agency, year } = ReportPath.parse(req.params);
    const { version } = VersionQuery.parse(present(req.query));
    // A version's content never changes, but the notice that it was corrected may appear: cache it briefly too.
    return html(renderReportPage(await reportPageView(ports, agency, year, version)), { cache: version === undefined ? SHORT : 'public, max-age=300' });
  }),
  'GET /reports/{agency}/{year}/compare': page(async (req) => {
    const { agency, year } = ReportPath.parse(req.params);
    const other = CompareQuery.parse(present(req.query)).with;
    if (other === year) throw new AppError(400, 'bad-request', 'Bad request', '请选择另一个年度进行对比');
    return html(renderCompare(await compareView(ports, agency, year, other)));
  }),
  'GET /stats': page(async () => {
    const { years } = await ports.index.statsMeta();
    if (years.length === 0) throw new AppError(404, 'not-found', 'Not found', '档案中还没有报告，暂无统计');
    return { status: 302, body: '', contentType: 'text/plain; charset=utf-8', headers: { location: `/stats/${years[0]}`, 'cache-control': SHORT } };
  }),
  'GET /stats/{year}': page(async (req) => {
    const { year } = StatsPath.parse(req.params);
    const { region } = StatsQuery.parse(present(req.query));
    return html(renderStats(await statsView(ports, year, region ?? NATIONAL)));
  }),
  'GET /coverage': page(async (req) => html(renderCoverage(await coverageView(ports, CoveragePageQuery.parse(present(req.query)))))),
  'GET /copied': page(async (req) => html(renderCopied(await copiedView(ports, CopiedPageQuery.parse(present(req.query)))))),
  'GET /data': page(async () => {
    const { years } = await ports.index.statsMeta();
    const totals = await ports.index.getStatsMany(years.map((year) => ({ year, region: NATIONAL })));
    return html(renderDataPage({ years: years.map((year, i) => ({ year, reports: totals[i]?.reports ?? 0 })) }));
  }),
  'GET /data/{file}': page(async (req): Promise<HttpResponse> => {
    const { year, kind } = DataPath.parse(req.params).file;
    const { labels } = DataQuery.parse(present(req.query));
    if (labels && kind !== 'csv')
      throw new AppError(400, 'bad-request', 'Bad request', 'labels=zh 只用于 CSV：JSON 的字段名就是列名，含义见数据下载页的数据字典');
    const file = await getDownload(ports, year, kind, labels ?? 'keys');
    if (file.bytes.length > INLINE_DOWNLOAD_BYTES && options.filesUrl) {
      // Each build has its own file names, so the CDN never serves an old build under a new name.
      const location = `${options.filesUrl.replace(/\/+$/, '')}/${file.path}`;
      return { status: 302, body: '', contentType: 'text/plain; charset=utf-8', headers: { location, 'cache-control': SHORT } };
    }
    return {
      status: 200,
      body: file.bytes,
      contentType: file.contentType,
      headers: {
        'content-disposition': `attachment; filename="gongkai-${file.name}"`,
        'cache-control': SHORT,
        etag: `"data-${year}-r${file.rev}"`,
        'x-data-built-at': file.builtAt,
      },
    };
  }),
  'GET /feed.xml': page(async (req) => ({
    status: 200,
    body: renderFeed(await feedEntries(ports), { base: siteBase(req, options.siteUrl), updated: new Date().toISOString() }),
    contentType: 'application/atom+xml; charset=utf-8',
    headers: { 'cache-control': SHORT },
  })),
  'GET /sitemap.xml': page(async (req) => {
    const base = siteBase(req, options.siteUrl);
    const urls = await sitemapUrls(ports, base);
    return { status: 200, body: renderSitemap(urls), contentType: 'application/xml; charset=utf-8', headers: { 'cache-control': 'public, max-age=3600' } };
  }),
  'GET /docs': page(async () => {
    const routes = (Object.keys(ROUTE_DOCS) as RouteKey[]).map((key) => {
      const [method, path] = key.split(' ') as [string, string];
      return { method, path, summary: ROUTE_DOCS[key].summary, who: ROUTES[key].auth };
    });
    return html(renderDocsPage({ routes }), { cache: HOUR });
  }),
  'GET /check': page(async () => html(renderCheckPage(), { script: true, cache: HOUR, connect: options.uploadOrigin ? [options.uploadOrigin] : [] })),
  'GET /assets/{file}': page(async (req) => {
    AssetPath.parse(req.params);
    return { status: 200, body: CHECK_JS, contentType: 'text/javascript; charset=utf-8', headers: { 'cache-control': HOUR } };
  }),
  'GET /robots.txt': async (req) => ({
    status: 200,
    body: `User-agent: *\nAllow: /\nSitemap: ${siteBase(req, options.siteUrl)}/sitemap.xml\n`,
    contentType: 'text/plain; charset=utf-8',
    headers: { 'cache-control': 'public, max-age=86400' },
  }),
});

/** The sitemap protocol's limit per file. */
const SITEMAP_LIMIT = 50_000;

async function sitemapUrls(ports: RouteDeps['ports'], base: string) {
  const urls: { loc: string; lastmod?: string }[] = [
    { loc: `${base}/` },
    { loc: `${base}/reports` },
    { loc: `${base}/coverage` },
    { loc: `${base}/copied` },
    { loc: `${base}/data` },
  ];
  const agencies = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await ports.index.listLatest({ limit: 100, cursor });
    for (const v of page.items) {
      if (urls.length >= SITEMAP_LIMIT) return urls;
      urls.push({ loc: `${base}/reports/${v.agency}/${v.year}`, lastmod: v.createdAt.slice(0, 10) });
      if (!agencies.has(v.agency) && urls.length < SITEMAP_LIMIT) {
        agencies.add(v.agency);
        urls.push({ loc: `${base}/agencies/${v.agency}` });
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return urls;
}
