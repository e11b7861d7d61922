import { AppError } from '#shared/archive/errors';
import { WithdrawnError } from '#shared/archive/withdrawals';
import { agencyView, browseView, compareView, copiedView, coverageView, feedEntries, homeView, reportPageView, statsView } from '#shared/archive/site-reads';
import type { HttpRequest, HttpResponse, RouteHandler } from '#shared/http/types';
import { NATIONAL } from '#shared/regions/regions';
import { siteCsp } from '#shared/site/layout';
import type { RouteDeps } from '../deps';
import { answerOf, problemOf } from '#shared/http/problems';
import { ROUTES, type RouteHandlers, type RouteKey } from '../route-table';

/**
 * The public site: server-rendered pages over the same use cases as the API. Lists and statistics
 * change with every commit, so they are cached briefly; a page that failed is an HTML page too.
 * Each page's renderer is imported by the first request for it: a cold start compiles the page it
 * serves, not all fourteen (they were a third of the bundle a cold start compiled).
 */
const SHORT = 'public, max-age=60, stale-while-revalidate=60';
const HOUR = 'public, max-age=3600';

/**
 * The request schemas (and zod with them), imported by the first request that parses a path or a
 * query: half the pages (home, statistics' redirect, data, feeds, docs, check) parse none.
 */
const schemas = () => import('#shared/http/schemas');

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

/** A problem as the site's HTML page, with its status and headers (a storage fault's Retry-After). */
export async function sitePageOf(problem: AppError): Promise<HttpResponse> {
  const { renderErrorPage, renderWithdrawnPage } = await import('#shared/site/error-page');
  const { status, zh, headers } = answerOf(problem);
  const body = problem instanceof WithdrawnError ? renderWithdrawnPage(problem.notice) : renderErrorPage(zh, problem.detail);
  const res = html(body, { status, cache: 'no-store' });
  return { ...res, headers: { ...res.headers, ...headers } };
}

/** Turns a failed page into an HTML page. */
const page =
  (handler: RouteHandler): RouteHandler =>
  async (req) => {
    try {
      return await handler(req);
    } catch (err) {
      const problem = problemOf(err, '链接中的参数不正确');
      if (!problem) throw err;
      return sitePageOf(problem);
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
  'GET /': page(async () => {
    const [{ renderHome }, view] = await Promise.all([import('#shared/site/home-page'), homeView(ports)]);
    return html(renderHome(view));
  }),
  'GET /reports': page(async (req) => {
    const { BrowseQuery } = await schemas();
    const query = BrowseQuery.parse(present(req.query));
    const [{ renderBrowse }, view] = await Promise.all([import('#shared/site/browse-page'), browseView(ports, query)]);
    return html(renderBrowse(view));
  }),
  'GET /agencies/{agency}': page(async (req) => {
    const { AgencyPath } = await schemas();
    const { agency } = AgencyPath.parse(req.params);
    const [{ renderAgency }, view] = await Promise.all([import('#shared/site/agency-page'), agencyView(ports, agency)]);
    return html(renderAgency(view));
  }),
  'GET /reports/{agency}/{year}': page(async (req) => {
    const { ReportPath, VersionQuery } = await schemas();
    const { agency, year } = ReportPath.parse(req.params);
    const { version } = VersionQuery.parse(present(req.query));
    // A version's content never changes, but the notice that it was corrected may appear: cache it briefly too.
    const [{ renderReportPage }, view] = await Promise.all([import('#shared/site/report-page'), reportPageView(ports, agency, year, version)]);
    return html(renderReportPage(view), { cache: version === undefined ? SHORT : 'public, max-age=300' });
  }),
  'GET /reports/{agency}/{year}/compare': page(async (req) => {
    const { CompareQuery, ReportPath } = await schemas();
    const { agency, year } = ReportPath.parse(req.params);
    const other = CompareQuery.parse(present(req.query)).with;
    if (other === year) throw new AppError('bad-request', '请选择另一个年度进行对比');
    return html((await import('#shared/site/compare-page')).renderCompare(await compareView(ports, agency, year, other)));
  }),
  'GET /stats': page(async () => {
    const { years } = await ports.index.statsMeta();
    if (years.length === 0) throw new AppError('not-found', '档案中还没有报告，暂无统计');
    return { status: 302, body: '', contentType: 'text/plain; charset=utf-8', headers: { location: `/stats/${years[0]}`, 'cache-control': SHORT } };
  }),
  'GET /stats/{year}': page(async (req) => {
    const { StatsPath, StatsQuery } = await schemas();
    const { year } = StatsPath.parse(req.params);
    const { region } = StatsQuery.parse(present(req.query));
    const [{ renderStats }, view] = await Promise.all([import('#shared/site/stats-page'), statsView(ports, year, region ?? NATIONAL)]);
    return html(renderStats(view));
  }),
  'GET /coverage': page(async (req) => {
    const query = (await schemas()).CoveragePageQuery.parse(present(req.query));
    return html((await import('#shared/site/coverage-page')).renderCoverage(await coverageView(ports, query)));
  }),
  'GET /copied': page(async (req) => {
    const query = (await schemas()).CopiedPageQuery.parse(present(req.query));
    return html((await import('#shared/site/copied-page')).renderCopied(await copiedView(ports, query)));
  }),
  'GET /data': page(async () => {
    const { years } = await ports.index.statsMeta();
    const totals = await ports.index.getStatsMany(years.map((year) => ({ year, region: NATIONAL })));
    const { renderDataPage } = await import('#shared/site/data-page');
    return html(renderDataPage({ years: years.map((year, i) => ({ year, reports: totals[i]?.reports ?? 0 })) }));
  }),
  'GET /data/{file}': page(async (req): Promise<HttpResponse> => {
    const { DataPath, DataQuery } = await schemas();
    const { year, kind } = DataPath.parse(req.params).file;
    const { labels } = DataQuery.parse(present(req.query));
    if (labels && kind !== 'csv') throw new AppError('bad-request', 'labels=zh 只用于 CSV：JSON 的字段名就是列名，含义见数据下载页的数据字典');
    const { getDownload } = await import('#shared/archive/data-downloads');
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
    body: (await import('#shared/site/feeds')).renderFeed(await feedEntries(ports), {
      base: siteBase(req, options.siteUrl),
      updated: new Date().toISOString(),
    }),
    contentType: 'application/atom+xml; charset=utf-8',
    headers: { 'cache-control': SHORT },
  })),
  'GET /sitemap.xml': page(async (req) => {
    const base = siteBase(req, options.siteUrl);
    const urls = await sitemapUrls(ports, base);
    const { renderSitemap } = await import('#shared/site/feeds');
    return { status: 200, body: renderSitemap(urls), contentType: 'application/xml; charset=utf-8', headers: { 'cache-control': 'public, max-age=3600' } };
  }),
  'GET /docs': page(async () => {
    const [{ ROUTE_DOCS }, { renderDocsPage }] = await Promise.all([import('../route-docs'), import('#shared/site/docs-page')]);
    const routes = (Object.keys(ROUTE_DOCS) as RouteKey[]).map((key) => {
      const [method, path] = key.split(' ') as [string, string];
      return { method, path, summary: ROUTE_DOCS[key].summary, who: ROUTES[key].auth };
    });
    return html(renderDocsPage({ routes }), { cache: HOUR });
  }),
  'GET /check': page(async () =>
    html((await import('#shared/site/check-page')).renderCheckPage(), {
      script: true,
      cache: HOUR,
      connect: options.uploadOrigin ? [options.uploadOrigin] : [],
    }),
  ),
  'GET /assets/{file}': page(async (req) => {
    const { AssetPath } = await schemas();
    AssetPath.parse(req.params);
    const { CHECK_JS } = await import('#shared/site/check-script');
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
