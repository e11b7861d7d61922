import { NATIONAL, isRegionCode, region as findRegion, regionName, regionPath } from '../regions/regions';
import type {
  AgencyView,
  BrowseQuery,
  BrowseView,
  CompareView,
  CopiedView,
  CoverageView,
  HomeView,
  KeyFigures,
  ReportPageView,
  ReportSummary,
  StatsView,
} from './view-models';
import { coverage } from './coverage';
import { displayTitle } from './report-title';
import { agencyKind } from '../rules/agency-kind';
import type { ParseMessage } from '../model/findings';
import { notFound, unavailable } from './errors';
import type { ArchivePorts } from './ports';
import { aggregate, readChildStats } from './stats';
import { latestPublic, withdrawnError } from './withdrawals';
import type { ReportRow, VersionRecord } from './types';

/**
 * What the public pages show, read from the index with a bounded number of requests each: lists
 * come from the index built for them, statistics from the roll-up items, never from a scan.
 */
type ReadPorts = Pick<ArchivePorts, 'index' | 'archive'>;

/**
 * The stored document's decoder (the report model's schemas, and the rules whose findings are
 * re-derived) and the cross-year rules, imported by the pages that read a document or a share: the
 * list and statistics pages, most of a cold start's first requests, never build them.
 */
const storedDocuments = () => import('./stored-documents');

export const summaryOf = (v: VersionRecord): ReportSummary => ({
  agency: v.agency,
  agencyName: v.agencyName ?? v.agency,
  region: v.region,
  level: v.level,
  year: v.year,
  version: v.version,
  // Never a file name a document carried as its title.
  title: displayTitle({ title: v.title, agencyName: v.agencyName ?? v.agency, year: v.year }),
  format: v.format,
  errors: v.errors,
  warnings: v.warnings,
  checked: v.checked ?? true,
  createdAt: v.createdAt,
  published: v.published,
});

const HOME_LIST = 10;

export async function homeView(ports: ReadPorts): Promise<HomeView> {
  const [meta, latest, corrections, withErrors] = await Promise.all([
    ports.index.statsMeta(),
    ports.index.listRecent('recent', HOME_LIST),
    ports.index.listRecent('corrected', HOME_LIST),
    ports.index.listLatest({ has: 'errors', limit: HOME_LIST }),
  ]);
  const totals = await ports.index.getStatsMany(meta.years.map((year) => ({ year, region: NATIONAL })));
  return {
    years: meta.years.map((year, i) => {
      const a = aggregate(totals[i]);
      return { year, reports: a.reports, withErrors: a.withErrors, unchecked: a.unchecked };
    }),
    latest: latest.map(summaryOf),
    corrections: corrections.map(summaryOf),
    withErrors: withErrors.items.map(summaryOf),
  };
}

export const BROWSE_PAGE = 20;

export async function browseView(ports: ReadPorts, query: BrowseQuery): Promise<BrowseView> {
  const selected = query.region && query.region !== NATIONAL ? query.region : undefined;
  const [meta, page, children] = await Promise.all([
    ports.index.statsMeta(),
    ports.index.listLatest({
      year: query.year,
      region: selected,
      q: query.q,
      level: query.level,
      has: query.has,
      limit: BROWSE_PAGE,
      cursor: query.page,
    }),
    readChildStats(ports.index, query.year ?? 'all', selected ?? NATIONAL),
  ]);
  return {
    query,
    years: meta.years,
    levels: meta.levels,
    ...(selected ? { region: { code: selected, name: regionName(selected), path: regionPath(selected).map((r) => ({ code: r.code, name: r.name })) } } : {}),
    regions: children
      .filter((c) => (c.stats.reports ?? 0) > 0)
      .map((c) => ({ code: c.region, name: findRegion(c.region)?.name ?? c.region, reports: regionCount(c.stats, query) }))
      .filter((c) => c.reports !== 0),
    items: page.items.map(summaryOf),
    nextPage: page.nextCursor,
    partial: page.partial ?? false,
  };
}

/** The count the region tree shows: what the roll-ups know, or nothing when a name or level filter applies. */
function regionCount(stats: Record<string, number>, query: BrowseQuery): number | null {
  if (query.q || query.level) return null;
  if (query.has === 'errors') return stats.withErrors ?? 0;
  if (query.has === 'unchecked') return stats.unchecked ?? 0;
  return stats.reports ?? 0;
}

/** The figures the agency page follows year by year; null where the report is blank or unread. */
export function keyFigures(row: ReportRow | undefined): KeyFigures | null {
  if (!row || row.format === 'pre2019') return null;
  const cell = (k: string) => (row.unread.includes(k) ? null : (row.cells[k] ?? null));
  const direct = cell('reviewLitigation.suitDirect.total');
  const after = cell('reviewLitigation.suitAfterReview.total');
  return {
    newReceived: cell('applications.newReceived.total'),
    carriedOver: cell('applications.carriedOver.total'),
    granted: cell('applications.granted.total'),
    totalHandled: cell('applications.totalHandled.total'),
    carriedForward: cell('applications.carriedForward.total'),
    reviews: cell('reviewLitigation.review.total'),
    lawsuits: direct === null || after === null ? null : direct + after,
  };
}

async function agencyYears(ports: ReadPorts, agency: string): Promise<VersionRecord[]> {
  const out: VersionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.index.listLatest({ agency, limit: 100, cursor });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out.sort((a, b) => a.year - b.year);
}

export async function agencyView(ports: ReadPorts, id: string): Promise<AgencyView> {
  const [agency, years] = await Promise.all([ports.index.getAgency(id), agencyYears(ports, id)]);
  if (!agency) throw notFound(`机关“${id}”`);
  const rows = await ports.index.getRows(years.map((v) => ({ agency: id, year: v.year })));
  const byYear = new Map(rows.map((r) => [r.year, r]));
  return {
    agency: { id: agency.id, name: agency.name, region: agency.region, level: agency.level, kind: agencyKind(agency), aliases: agency.aliases },
    years: years.map((v) => ({ ...summaryOf(v), agencyName: agency.name, figures: keyFigures(byYear.get(v.year)) })),
  };
}

export async function reportPageView(ports: ReadPorts, agency: string, year: number, version?: number): Promise<ReportPageView> {
  const [versions, years, profile] = await Promise.all([ports.index.listVersions(agency, year), agencyYears(ports, agency), ports.index.getAgency(agency)]);
  // Withdrawn versions are no longer shown or listed; asked for by number, they are a tombstone (410).
  const visible = versions.filter((v) => !v.withdrawn);
  const latest = visible[visible.length - 1];
  const asked = version === undefined ? (latest ?? versions[versions.length - 1]) : versions.find((v) => v.version === version);
  if (asked?.withdrawn) throw withdrawnError({ ...asked, agencyName: profile?.name ?? asked.agencyName, withdrawn: asked.withdrawn });
  const shown = asked;
  if (!shown || !latest) throw notFound(version === undefined ? `${agency} ${year} 年度报告` : `${agency} ${year} 年度报告的第 ${version} 版`);
  const { currentFindings, derivedSummary, loadDocument } = await storedDocuments();
  const [doc, stored] = await Promise.all([loadDocument(ports, shown), ports.index.getDerived(agency, year)]);
  if (!doc) throw unavailable('报告内容暂时无法读取，请稍后重试');
  const derived = stored?.version === shown.version ? stored : undefined;
  return {
    summary: { ...summaryOf(shown), agencyName: profile?.name ?? shown.agencyName ?? agency },
    ...(derived ? { derived: derivedSummary(derived) } : {}),
    latestVersion: latest.version,
    versions: visible.map((v) => ({
      version: v.version,
      createdAt: v.createdAt,
      sha256: v.sha256,
      format: v.format,
      errors: v.errors,
      warnings: v.warnings,
      checked: v.checked ?? true,
      changedCells: v.changedCells,
      ...(v.changedCellsTruncated ? { changedCellsTruncated: true } : {}),
    })),
    years: years.map((v) => v.year),
    report: doc.report,
    findings: currentFindings(doc.findings, shown.version, derived),
    messages: doc.messages as ParseMessage[],
  };
}

export async function compareView(ports: ReadPorts, agency: string, year: number, other: number): Promise<CompareView> {
  const [years, a, b, profile] = await Promise.all([
    agencyYears(ports, agency),
    latestPublic(ports, agency, Math.min(year, other)),
    latestPublic(ports, agency, Math.max(year, other)),
    ports.index.getAgency(agency),
  ]);
  if (!a) throw notFound(`${agency} ${Math.min(year, other)} 年度报告`);
  if (!b) throw notFound(`${agency} ${Math.max(year, other)} 年度报告`);
  const { loadDocument } = await storedDocuments();
  const [da, db] = await Promise.all([loadDocument(ports, a), loadDocument(ports, b)]);
  if (!da || !db) throw unavailable('报告内容暂时无法读取，请稍后重试');
  const name = profile?.name;
  return {
    left: { summary: { ...summaryOf(a), ...(name ? { agencyName: name } : {}) }, report: da.report, findings: da.findings },
    right: { summary: { ...summaryOf(b), ...(name ? { agencyName: name } : {}) }, report: db.report, findings: db.findings },
    years: years.map((v) => v.year),
  };
}

export async function statsView(ports: ReadPorts & Pick<ArchivePorts, 'now'>, year: number, region: string = NATIONAL): Promise<StatsView> {
  if (!isRegionCode(region)) throw notFound(`地区“${region}”`);
  const [meta, totals, children] = await Promise.all([ports.index.statsMeta(), ports.index.getStats(year, region), ports.index.childStats(year, region)]);
  if (!meta.years.includes(year)) throw notFound(`${year} 年度的统计`);
  return {
    year,
    years: meta.years,
    region: { code: region, name: regionName(region), path: region === NATIONAL ? [] : regionPath(region).map((r) => ({ code: r.code, name: r.name })) },
    totals: aggregate(totals),
    children: children
      .map((c) => ({ code: c.region, name: findRegion(c.region)?.name ?? c.region, totals: aggregate(c.stats) }))
      .filter((c) => c.totals.reports > 0),
    now: ports.now().getTime(),
  };
}

export async function feedEntries(ports: ReadPorts, limit = 50): Promise<ReportSummary[]> {
  return (await ports.index.listRecent('recent', limit)).map(summaryOf);
}

export async function coverageView(ports: ReadPorts & Pick<ArchivePorts, 'now'>, q: { year?: number; region?: string; page?: string }): Promise<CoverageView> {
  const region = q.region ?? NATIONAL;
  if (!isRegionCode(region)) throw notFound(`地区“${region}”`);
  const { years } = await ports.index.statsMeta();
  const year = q.year ?? years[0];
  if (year === undefined) throw notFound('档案中还没有报告');
  const result = await coverage(ports, { year, region: region === NATIONAL ? undefined : region, limit: 100, cursor: q.page });
  const regionNames = Object.fromEntries([...new Set(result.items.map((i) => i.region).filter((r): r is string => !!r))].map((r) => [r, regionName(r)]));
  return {
    year,
    years: years.includes(year) ? years : [year, ...years].sort((a, b) => b - a),
    region: { code: region, name: regionName(region), path: region === NATIONAL ? [] : regionPath(region).map((r) => ({ code: r.code, name: r.name })) },
    items: result.items,
    counts: result.counts as CoverageView['counts'],
    regionNames,
    nextPage: result.nextCursor,
  };
}

export async function copiedView(ports: ReadPorts, q: { year?: number; page?: string }): Promise<CopiedView> {
  const { years } = await ports.index.statsMeta();
  const year = q.year ?? years[0];
  if (year === undefined) throw notFound('档案中还没有报告');
  const [found, { BOILERPLATE_SHARE }] = await Promise.all([ports.index.listCopied(year, 50, q.page), import('../rules/cross-year')]);
  return {
    year,
    years,
    threshold: BOILERPLATE_SHARE,
    items: found.items.map((d) => ({ agency: d.agency, agencyName: d.agencyName, topShare: d.topShare, previousShare: d.previousShare, similar: d.similar })),
    nextPage: found.nextCursor,
  };
}
