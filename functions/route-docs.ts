import type { $ZodType } from 'zod/v4/core';
import {
  AgencyListQuery,
  AgencyPatchBody,
  AgencyPath,
  AssetPath,
  AuditQuery,
  CellsBody,
  ConsoleAssetPath,
  ConsoleAuditQuery,
  ConsoleCoverageQuery,
  BrowseQuery,
  CompareQuery,
  CopiedPageQuery,
  CoveragePageQuery,
  CoverageQuery,
  DataPath,
  DataQuery,
  ListQuery,
  NewAgencyBody,
  NewUploadBody,
  ReportPath,
  StatsPath,
  StatsQuery,
  TokenListQuery,
  TokenPath,
  UploadPath,
  UploadQuery,
  ValidateQuery,
  VersionQuery,
  WithdrawBody,
  WithdrawPath,
} from '#shared/http/schemas';
import type { RouteKey } from './route-table';

/**
 * What each route takes and answers, for the OpenAPI document (functions/openapi.ts) and the /docs page
 * (who may call it is in route-table.ts): the same zod schemas the handlers parse requests with, so a
 * parameter cannot drift from what the handler accepts, and a route without its entry here does not compile.
 */
export interface RouteDoc {
  summary: string;
  path?: $ZodType;
  query?: $ZodType;
  /** json: a JSON body checked by this schema; file: the report's bytes (or a form holding them) */
  body?: { json: $ZodType } | 'file';
  /** the answer's media type when it is not JSON */
  produces?: string;
  /** example values, checked against the schemas by the tests */
  example?: { path?: Record<string, string>; query?: Record<string, string>; body?: unknown };
}

const page = (summary: string, extra: Partial<RouteDoc> = {}): RouteDoc => ({ summary, produces: 'text/html', ...extra });

export const ROUTE_DOCS: Record<RouteKey, RouteDoc> = {
  'POST /v1/agencies': {
    summary:
      'Register an agency; its first upload token is in the answer, shown once. kind (government, department, township) is inferred from the name and region unless given',
    body: { json: NewAgencyBody },
    example: { body: { id: 'tianhe-edu', name: '广州市天河区教育局', region: '440106', level: '区县级部门', aliases: ['天河区教育局'] } },
  },
  'GET /v1/agencies': {
    summary: 'Agencies, filtered by a name or alias substring, a region (and all under it) or a level',
    query: AgencyListQuery,
    example: { query: { q: '教育', region: '440100', limit: '50' } },
  },
  'PATCH /v1/agencies/{agency}': {
    summary:
      'Edit an agency’s name, aliases, region, level or kind (government, department, township: it decides the deadline; a change recomputes every year’s deadline and LATE); audited',
    path: AgencyPath,
    body: { json: AgencyPatchBody },
    example: { path: { agency: 'tianhe-edu' }, body: { aliases: ['天河区教育局', '天河教育局'] } },
  },
  'DELETE /v1/agencies/{agency}': {
    summary: 'Remove an agency registered by mistake, with its tokens: 204; 409 when it has report versions (withdrawn ones included); audited',
    path: AgencyPath,
    example: { path: { agency: 'tianhe-edu' } },
  },
  'GET /v1/agencies/{agency}/tokens': {
    summary: 'An agency’s tokens: id, issued, revoked (never a hash)',
    path: AgencyPath,
    query: TokenListQuery,
    example: { path: { agency: 'tianhe-edu' } },
  },
  'POST /v1/reports/{agency}/{year}/versions/{n}/withdraw': {
    summary:
      'Withdraw a version (it leaks personal data, say): its pages become a 410 tombstone with the reason, it leaves the listings and statistics; audited',
    path: WithdrawPath,
    body: { json: WithdrawBody },
    example: { path: { agency: 'tianhe-edu', year: '2023', n: '2' }, body: { reason: '第 2 版含有个人信息，已撤回' } },
  },
  'POST /v1/reports/{agency}/{year}/versions/{n}/cells': {
    summary:
      'Type in the cells version n left unread (canonical keys, docs/format.md): version n+1 of the same original, every check run again, the cells marked `source: "entered"` (由报送机关补录); answered as an upload; 422 naming cells already read; audited',
    path: WithdrawPath,
    body: { json: CellsBody },
    example: { path: { agency: 'tianhe-edu', year: '2023', n: '1' }, body: { cells: { 'applications.unavailable.notHeld.total': 4 } } },
  },
  'GET /v1/agencies/{agency}': { summary: 'An agency and its reports by year', path: AgencyPath, example: { path: { agency: 'tianhe-edu' } } },
  'POST /v1/agencies/{agency}/tokens': {
    summary: 'Issue a new upload token (rotation)',
    path: AgencyPath,
    example: { path: { agency: 'tianhe-edu' } },
  },
  'DELETE /v1/agencies/{agency}/tokens/{tokenId}': {
    summary: 'Revoke a token',
    path: TokenPath,
    example: { path: { agency: 'tianhe-edu', tokenId: '0123456789abcdef' } },
  },
  'GET /v1/audit': {
    summary: 'The audit trail of an agency, newest first',
    query: AuditQuery,
    example: { query: { agency: 'tianhe-edu', limit: '20' } },
  },
  'POST /v1/reports': {
    summary: 'Upload a report (text, HTML, .docx, .doc, PDF; the bytes decide the kind): 201 new version, 200 same bytes again, 422 with findings',
    query: UploadQuery,
    body: 'file',
    example: { query: { filename: '2023年报.pdf', year: '2023' } },
  },
  'POST /v1/uploads': {
    summary: 'A large upload (up to 50 MB): a presigned S3 PUT (15 minutes; type and length signed); the archive ingests the file once it is put',
    body: { json: NewUploadBody },
    example: { body: { filename: '2023年报.pdf', contentType: 'application/pdf', size: 12_000_000 } },
  },
  'GET /v1/uploads/{id}': {
    summary: 'A large upload: pending, then the stored version or the refusal with its findings',
    path: UploadPath,
    example: { path: { id: '0f8b7a9c-1d2e-4f3a-8b6c-5d4e3f2a1b0c' } },
  },
  'POST /v1/validate': {
    summary: 'Dry run: the verdict an upload would get; nothing is stored',
    query: ValidateQuery,
    body: 'file',
    example: { query: { agencyName: '广州市天河区教育局', year: '2023', view: 'html' } },
  },
  'GET /v1/reports': {
    summary: 'Latest versions, filtered; a filter no index answers reads at most 1,000 entries and says partial',
    query: ListQuery,
    example: { query: { year: '2023', region: '440100', has: 'errors', limit: '20' } },
  },
  'GET /v1/coverage': {
    summary:
      'Registered agencies under a region and their report for a year: on-time, late, date-unknown (read in full, publication date unknown), unchecked (tables not read) or missing, with the publication date, the deadline (by the agency’s kind) and the days late',
    query: CoverageQuery,
    example: { query: { year: '2023', region: '440100', limit: '100' } },
  },
  'GET /v1/reports/{agency}/{year}': {
    summary:
      'The structured report with its current findings: its own, and while it is the newest version those derived from the year before, the same year’s other reports and the deadline (`derived` says what they compared with)',
    path: ReportPath,
    query: VersionQuery,
    example: { path: { agency: 'tianhe-edu', year: '2023' }, query: { version: '2' } },
  },
  'GET /v1/reports/{agency}/{year}/html': {
    summary: 'The rendered standalone page',
    path: ReportPath,
    query: VersionQuery,
    produces: 'text/html',
    example: { path: { agency: 'tianhe-edu', year: '2023' } },
  },
  'GET /v1/reports/{agency}/{year}/original': {
    summary: 'The original bytes, as an attachment',
    path: ReportPath,
    query: VersionQuery,
    produces: 'application/octet-stream',
    example: { path: { agency: 'tianhe-edu', year: '2023' } },
  },
  'GET /v1/reports/{agency}/{year}/versions': {
    summary: 'Every version with the cells it changed',
    path: ReportPath,
    example: { path: { agency: 'tianhe-edu', year: '2023' } },
  },
  'GET /v1/openapi.json': { summary: 'This document' },
  'GET /': page('Home: counts by year, latest reports and corrections, reports with errors'),
  'GET /reports': page('Browse and search', { query: BrowseQuery, example: { query: { year: '2023', region: '440100', q: '教育', has: 'errors' } } }),
  'GET /reports/{agency}/{year}': page('The report page', { path: ReportPath, query: VersionQuery, example: { path: { agency: 'tianhe-edu', year: '2023' } } }),
  'GET /reports/{agency}/{year}/compare': page('Two years side by side', {
    path: ReportPath,
    query: CompareQuery,
    example: { path: { agency: 'tianhe-edu', year: '2023' }, query: { with: '2022' } },
  }),
  'GET /agencies/{agency}': page('An agency over the years', { path: AgencyPath, example: { path: { agency: 'tianhe-edu' } } }),
  'GET /stats': page('Redirects to the newest year’s statistics'),
  'GET /stats/{year}': page('Statistics of a year', { path: StatsPath, query: StatsQuery, example: { path: { year: '2023' }, query: { region: '440000' } } }),
  'GET /coverage': page(
    'Which registered agencies under a region published the year’s report on time, late, of unknown date, unchecked or not at all: a table per place',
    {
      query: CoveragePageQuery,
      example: { query: { year: '2021', region: '110000' } },
    },
  ),
  'GET /copied': page('The reports of a year whose narrative is most like another report’s, with the share of text in common', {
    query: CopiedPageQuery,
    example: { query: { year: '2021' } },
  }),
  'GET /data': page('The data dictionary and the downloads'),
  'GET /data/{file}': page('A download: {year}.csv, {year}.json, all.csv, all.json; ?labels=zh gives the CSV its header row in Chinese', {
    path: DataPath,
    query: DataQuery,
    produces: 'text/csv',
    example: { path: { file: '2023.csv' }, query: { labels: 'zh' } },
  }),
  'GET /docs': page('The API documentation'),
  'GET /feed.xml': page('Atom feed of new and corrected reports', { produces: 'application/atom+xml' }),
  'GET /sitemap.xml': page('Sitemap', { produces: 'application/xml' }),
  'GET /robots.txt': page('robots.txt', { produces: 'text/plain' }),
  'GET /check': page('The clerk’s page: check a file, then publish it'),
  'GET /assets/{file}': page('The /check page’s script', { path: AssetPath, produces: 'text/javascript', example: { path: { file: 'check.js' } } }),
  // The admin console: HTML pages and form posts; a session cookie from POST /admin/login, a CSRF token in every form.
  'GET /admin': page('The admin console: the sign-in form, or the console’s menu once signed in'),
  'POST /admin/login': page(
    'Sign in with the admin token (a form with the sign-in page’s CSRF token): sets the session cookie; attempts are audited and limited per address',
  ),
  'POST /admin/logout': page('Sign out: clears the session cookie'),
  'GET /admin/agencies': page('Agencies, searched by name, alias, region or level; the registration form', { query: AgencyListQuery }),
  'POST /admin/agencies': page('Register an agency (form); its first token is shown once'),
  'GET /admin/agencies/{agency}': page('An agency’s profile form, its tokens and its reports’ versions', {
    path: AgencyPath,
    example: { path: { agency: 'tianhe-edu' } },
  }),
  'POST /admin/agencies/{agency}': page('Edit an agency’s name, aliases, region, level and kind (form)', {
    path: AgencyPath,
    example: { path: { agency: 'tianhe-edu' } },
  }),
  'POST /admin/agencies/{agency}/tokens': page('Issue a token (form); shown once, with a copy button', {
    path: AgencyPath,
    example: { path: { agency: 'tianhe-edu' } },
  }),
  'POST /admin/agencies/{agency}/tokens/{tokenId}/revoke': page('Revoke a token (form)', {
    path: TokenPath,
    example: { path: { agency: 'tianhe-edu', tokenId: '0123456789abcdef' } },
  }),
  'POST /admin/reports/{agency}/{year}/versions/{n}/withdraw': page('Withdraw a version with a reason (form)', {
    path: WithdrawPath,
    example: { path: { agency: 'tianhe-edu', year: '2023', n: '2' } },
  }),
  'GET /admin/audit': page('An agency’s audit trail (or _console: the sign-ins), filtered by action and outcome', {
    query: ConsoleAuditQuery,
    example: { query: { agency: 'tianhe-edu', action: 'withdraw', outcome: 'withdrawn' } },
  }),
  'GET /admin/coverage': page('Who under a region has not published the year’s report', {
    query: ConsoleCoverageQuery,
    example: { query: { year: '2023', region: '440100' } },
  }),
  'GET /admin/assets/{file}': page('The console’s copy-button script', {
    path: ConsoleAssetPath,
    produces: 'text/javascript',
    example: { path: { file: 'console.js' } },
  }),
};
