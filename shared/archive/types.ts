import type { Finding } from '../model/findings';
import type { AgencyKind } from '../rules/agency-kind';
export interface Agency {
  id: string;
  name: string;
  region?: string;
  level?: string;
  /** decides the deadline; set at registration (inferred unless given), absent only on older profiles */
  kind?: AgencyKind;
  aliases: string[];
  createdAt: string;
  /** when the admin last edited the profile */
  updatedAt?: string;
}

/** A token as the admin's list shows it: never the hash or the salt. */
export interface TokenSummary {
  tokenId: string;
  createdAt: string;
  revokedAt?: string;
}

export interface AgencyQuery {
  /** a substring of the name or of an alias */
  q?: string;
  /** a GB/T 2260 code: the region and every place under it */
  region?: string;
  level?: string;
  limit: number;
  cursor?: string;
}

/** A version taken down by the admin: its pages answer 410 with this. */
export interface Withdrawal {
  at: string;
  reason: string;
  actor: string;
}

export interface TokenRecord {
  tokenId: string;
  agency: string;
  salt: string;
  hash: string;
  createdAt: string;
  revokedAt?: string;
}

export interface ChangedCell {
  table: string;
  row: string;
  column: string;
  from: number | string | null;
  to: number | string | null;
}

/** One immutable version of one agency's report for one year. */
export interface VersionRecord {
  agency: string;
  year: number;
  version: number;
  sha256: string;
  size: number;
  contentType: string;
  filename: string;
  createdAt: string;
  format: string;
  title: string;
  region?: string;
  /** the agency's name, level and searchable names (name and aliases) when this version was stored */
  agencyName?: string;
  level?: string;
  search?: string;
  /** YYYY-MM-DD the document gives as its publication date */
  published?: string;
  errors: number;
  warnings: number;
  /** stored with ?strict=false although it has validation errors */
  hasErrors: boolean;
  /** false: tables or rows could not be read, so not every equation was checked (absent in older records) */
  checked?: boolean;
  /** what could not be read, when `checked` is false */
  unread?: { table: string; rows?: string[] }[];
  keys: { original: string; json: string; html: string };
  changedCells: ChangedCell[];
  changedCellsTruncated?: boolean;
  /** set once, by the admin: the version is no longer public */
  withdrawn?: Withdrawal;
}

export interface ListQuery {
  year?: number;
  agency?: string;
  /** a GB/T 2260 code: the region and every place under it */
  region?: string;
  hasErrors?: boolean;
  /** only reports with errors, or only those whose tables could not all be read */
  has?: 'errors' | 'unchecked';
  /** a substring of the agency's name or one of its aliases */
  q?: string;
  level?: string;
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** a filter read its budget of index entries before filling the page; the cursor goes on */
  partial?: boolean;
}

/**
 * The data row of an agency-year: its latest version's cells, kept beside the versions. It feeds the
 * downloads, and the statistics count it: each write of it reaches the fold (shared/archive/fold-stats.ts)
 * as a change from the row before.
 */
export interface ReportRow {
  agency: string;
  agencyName: string;
  region?: string;
  level?: string;
  year: number;
  version: number;
  format: string;
  checked: boolean;
  errors: number;
  warnings: number;
  published?: string;
  cells: Record<string, number | null>;
  unread: string[];
  /** cells typed in by the agency for what the document left unread (absent in rows written before) */
  entered?: string[];
  /** counts the writes of the ROW item (absent before the first): the fold applies each change once by it */
  rev?: number;
  /** versions withdrawn from this agency-year: never counted again, whatever commit arrives late */
  withdrawn?: number[];
  /** every version was withdrawn: the row counts nothing and is in no download */
  empty?: boolean;
}

/** One write of a ROW item, as the table's stream (or the local stack's change log) reports it. */
export interface RowChange {
  old?: ReportRow;
  new: ReportRow;
}

/** A statistics item as stored: counters and sums under their attribute names. */
export type StatsItem = Record<string, number>;

/** What an audit record is about. Upload records written before the others were audited carry none. */
export const AUDIT_ACTIONS = [
  'upload',
  'register-agency',
  'issue-token',
  'revoke-token',
  'agency-update',
  'withdraw',
  'delete-agency',
  'admin-login',
  'enter-cells',
  // refusals only: asking for a large upload's URL, reading its outcome, and the admin's reads
  'start-upload',
  'read-upload',
  'list-agencies',
  'list-tokens',
  'read-audit',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  /** the partition: the agency acted on, or for a refused agency token its own agency */
  agency: string;
  at: string;
  id: string;
  /** `token:{tokenId}` or `admin`; never a token */
  actor: string;
  action?: AuditAction;
  /** of the request body, where there was one */
  sha256?: string;
  size?: number;
  outcome: 'created' | 'unchanged' | 'rejected' | 'revoked' | 'updated' | 'withdrawn' | 'deleted' | 'signed-in';
  /** the fields an edit changed, before and after */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  reason?: string;
  status: number;
  year?: number;
  version?: number;
  errors?: number;
  warnings?: number;
  problem?: string;
  /** the agency a refused request named, when it is not the one the record is filed under */
  target?: string;
  /** the token issued or revoked */
  tokenId?: string;
}

/** The published downloads of a year (or of all years): which build they are and what it saw. */
export interface ExportState {
  /** the statistics revision the build read */
  rev: number;
  /** names the build's files, so that the CSV and the JSON served are always from the same build */
  build: string;
  builtAt: string;
  /** when the statistics had last changed as the build read them (epoch ms) */
  changedAt: number;
  /** the build also wrote the CSV with the Chinese header (`?labels=zh`); a build without it is rebuilt */
  zhCsv?: boolean;
}

/** A large upload: the client PUTs the bytes to S3 with a presigned URL; the ingest stores them. */
export interface UploadRecord {
  id: string;
  agency: string;
  /** the token that asked for the URL: the ingest is audited as that token */
  tokenId: string;
  filename: string;
  contentType: string;
  size: number;
  /** the report year when the document states none, and false to import a report with errors: as a direct upload's */
  year?: number;
  strict?: boolean;
  status: 'pending' | 'stored' | 'refused';
  createdAt: string;
  /** when the presigned URL stops working */
  expiresAt: string;
  finishedAt?: string;
  /** stored: what a direct upload answers (version, links, findings…) */
  result?: UploadStored;
  /** refused: the problem a direct upload would have answered */
  problem?: UploadProblem;
}

export interface UploadStored {
  /** 201 a new version, 200 the same bytes were already archived */
  status: 200 | 201;
  agency: string;
  year: number;
  version: number;
  sha256: string;
  links: { json: string; html: string; original: string };
  findings: Finding[];
  hasErrors: boolean;
  checked: boolean;
}

export interface UploadProblem {
  status: number;
  type: string;
  title: string;
  detail: string;
  findings?: Finding[];
  [extra: string]: unknown;
}

export type UploadOutcome = { status: 'stored'; finishedAt: string; result: UploadStored } | { status: 'refused'; finishedAt: string; problem: UploadProblem };

/** A report whose narrative is much like another's: named, with the share of text they have in common. */
export interface SimilarReport {
  agency: string;
  agencyName?: string;
  year: number;
  version: number;
  /** 0..1, MinHash estimate of the share of distinct 5-character shingles in common */
  share: number;
}

/**
 * What the archive derives about an agency-year's newest public version from other reports and
 * dates: the cross-year findings against the year before, the copied-narrative findings, the
 * publication date and the deadline. Recomputed whenever a neighbouring report changes, never a new
 * version. `rev` orders the writes (optimistic locking).
 */
export interface DerivedRecord {
  agency: string;
  year: number;
  /** the version these findings are about (the newest public one) */
  version: number;
  rev: number;
  agencyName?: string;
  region?: string;
  /** the agency's report for the year before that the cross-year rules compared with */
  previous?: { year: number; version: number };
  findings: Finding[];
  published: { date: string; source: 'published' | 'signed' | 'first-upload' };
  deadline: { date: string; basis: string };
  /** calendar days after the deadline; 0 on time, or when the date is not known */
  daysLate: number;
  /**
   * false: the document gives no date and its first upload came more than a year after the
   * deadline (an import of an old report), so whether it was published on time is not known
   */
  dateKnown: boolean;
  checked: boolean;
  errors: number;
  /** MinHash of the narrative (base64), absent when the narrative is too short to judge */
  signature?: string;
  /** the LSH bucket keys the signature is filed under */
  bands?: string[];
  /** the most similar reports of the same year (other agencies), most similar first */
  similar: SimilarReport[];
  /** the share in common with the agency's own report of the year before, when there is one */
  previousShare?: number;
  /** the highest share in `similar`, or with the year before; 0 without */
  topShare: number;
  updatedAt: string;
}

/** One report filed in one LSH bucket: enough to compare signatures without another read. */
export interface BucketEntry {
  agency: string;
  agencyName?: string;
  year: number;
  version: number;
  signature: string;
}

/**
 * on-time, late; date-unknown: read in full but when it was published is not known; unchecked: its
 * tables could not be read; missing: no report.
 */
export const COVERAGE_STATUSES = ['on-time', 'late', 'date-unknown', 'unchecked', 'missing'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];
