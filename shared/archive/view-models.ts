import type { derivedSummary } from './stored-documents';
import type { CoverageStatus, SimilarReport } from './types';
import type { ChangedCell } from './types';
import type { Finding, ParseMessage } from '../model/findings';
import type { Report } from '../model/report';
import type { AgencyKind } from '../rules/agency-kind';

/**
 * What each public page is rendered from. The use cases in shared/archive/site-reads.ts build these
 * from the index (never by scanning reports); the renderers in shared/site/ turn them into HTML and
 * know nothing of storage. Region codes are GB/T 2260 (shared/regions/regions.ts).
 */

/** One version of one agency's report for one year, as lists show it (the latest unless stated). */
export interface ReportSummary {
  agency: string;
  agencyName: string;
  region?: string;
  level?: string;
  year: number;
  version: number;
  title: string;
  format: string;
  errors: number;
  warnings: number;
  /** false: tables or rows could not be read, so not every equation was checked */
  checked: boolean;
  /** when this version was uploaded (ISO time) */
  createdAt: string;
  /** YYYY-MM-DD as the document states it, when it does */
  published?: string;
}

export interface YearCount {
  year: number;
  reports: number;
  withErrors: number;
  unchecked: number;
}

export interface HomeView {
  /** newest year first */
  years: YearCount[];
  latest: ReportSummary[];
  /** latest versions above 1: reports their agencies corrected */
  corrections: ReportSummary[];
  withErrors: ReportSummary[];
}

export const HAS_FILTERS = ['errors', 'unchecked'] as const;
export type HasFilter = (typeof HAS_FILTERS)[number];

export interface BrowseQuery {
  year?: number;
  region?: string;
  q?: string;
  level?: string;
  has?: HasFilter;
  /** opaque: the page after the one a previous answer ended with */
  page?: string;
}

export interface RegionCount {
  code: string;
  name: string;
  /** reports under the region that pass the year and `has` filters; null when a name or level filter makes the count unknown */
  reports: number | null;
}

export interface BrowseView {
  query: BrowseQuery;
  /** years with reports, newest first */
  years: number[];
  levels: string[];
  /** the selected region and its path from the province down */
  region?: { code: string; name: string; path: { code: string; name: string }[] };
  /** one level down from the selected region (provinces without one) that have reports, with counts */
  regions: RegionCount[];
  items: ReportSummary[];
  /** `page` value of the next page; null on the last */
  nextPage: string | null;
  /** the search read its budget of index entries before filling the page; the next page goes on */
  partial: boolean;
}

/** Key figures of one report; null where the report leaves the cell blank or it could not be read. */
export interface KeyFigures {
  newReceived: number | null;
  carriedOver: number | null;
  granted: number | null;
  totalHandled: number | null;
  carriedForward: number | null;
  reviews: number | null;
  lawsuits: number | null;
}

export interface AgencyView {
  /** kind: what decides its deadline (条例 第四十九条) */
  agency: { id: string; name: string; region?: string; level?: string; kind?: AgencyKind; aliases: string[] };
  /** oldest year first; figures null for a report without tables (pre-2019) */
  years: (ReportSummary & { figures: KeyFigures | null })[];
}

export interface VersionInfo {
  version: number;
  createdAt: string;
  sha256: string;
  /** 2021, 2019 or pre2019: a pre-2019 report has no tables to check, which its status says */
  format: string;
  errors: number;
  warnings: number;
  checked: boolean;
  /** cells that differ from the version before */
  changedCells: ChangedCell[];
  changedCellsTruncated?: boolean;
}

export interface ReportPageView {
  /** the version shown */
  summary: ReportSummary;
  latestVersion: number;
  /** oldest first */
  versions: VersionInfo[];
  /** every year this agency has a report for, ascending */
  years: number[];
  report: Report;
  /** the version's own findings, and while it is the newest, those derived from other reports and dates */
  findings: Finding[];
  messages: ParseMessage[];
  /** what the derived findings compared with, the publication date and the deadline (newest version only) */
  derived?: DerivedSummary;
}

export type DerivedSummary = ReturnType<typeof derivedSummary>;

export interface CompareSide {
  summary: ReportSummary;
  report: Report;
  findings: Finding[];
}

export interface CompareView {
  /** the earlier year on the left */
  left: CompareSide;
  right: CompareSide;
  years: number[];
}

/** Sums over a region's latest reports of one year, kept up to date by every commit. */
export interface Aggregate {
  reports: number;
  /** reports whose tables were read in full: only these are summed into `cells` */
  checked: number;
  unchecked: number;
  withErrors: number;
  /** reports per format (2021, 2019, pre2019) */
  formats: Record<string, number>;
  /** canonical cell key → sum over the checked reports (blank cells add nothing) */
  cells: Record<string, number>;
  /** when the fold last changed these figures (epoch ms): they are as of then */
  asOf?: number;
}

export interface StatsView {
  year: number;
  years: number[];
  region: { code: string; name: string; path: { code: string; name: string }[] };
  totals: Aggregate;
  /** the regions one level down that have reports, each with its own roll-up */
  children: { code: string; name: string; totals: Aggregate }[];
  /** when the view was read (ms, the ports' clock): the fold's time is shown with its day unless it is today */
  now: number;
}

/** One row of a data download: a report's latest version. */
export interface DataRow {
  agency: string;
  agencyName: string;
  region: string | null;
  regionName: string | null;
  year: number;
  format: string;
  version: number;
  checked: boolean;
  errors: number;
  warnings: number;
  /** YYYY-MM-DD: the date the report's page gives (its 发布日期, else its signature date, else its first upload); null when unknown */
  published: string | null;
  /** where `published` comes from: published (the document's 发布日期 or PubDate), signed, first-upload */
  publishedSource: 'published' | 'signed' | 'first-upload' | null;
  /** canonical key → number, or null when blank; unread cells are null here and listed in `unread` */
  cells: Record<string, number | null>;
  /** unread cell keys; a table's key (activeDisclosure, applications, reviewLitigation) where none of it was read */
  unread: string[];
  /** cell keys the document left unread and the reporting agency typed in (由报送机关补录) */
  entered: string[];
}

export interface CoverageView {
  year: number;
  /** years with reports, newest first */
  years: number[];
  region: { code: string; name: string; path: { code: string; name: string }[] };
  items: CoverageItem[];
  counts: Record<CoverageStatus, number>;
  /** the names of the places the agencies are in */
  regionNames: Record<string, string>;
  nextPage: string | null;
}

export interface CoverageItem {
  agency: string;
  name: string;
  region: string | null;
  status: CoverageStatus;
  overdue: boolean;
  deadline: { date: string; basis: string };
  version: number | null;
  published: { date: string; source: 'published' | 'signed' | 'first-upload' } | null;
  daysLate: number | null;
  dateKnown: boolean | null;
}

export interface CopiedView {
  year: number;
  years: number[];
  /** the share from which reports count as copied */
  threshold: number;
  items: { agency: string; agencyName?: string; topShare: number; previousShare?: number; similar: SimilarReport[] }[];
  nextPage: string | null;
}
