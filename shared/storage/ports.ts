import type {
  Agency,
  AgencyQuery,
  AuditRecord,
  BucketEntry,
  DerivedRecord,
  ExportState,
  ListQuery,
  Page,
  ReportRow,
  StatsItem,
  TokenRecord,
  TokenSummary,
  UploadOutcome,
  UploadRecord,
  VersionRecord,
  Withdrawal,
} from '../archive/types';

/** Agencies and their upload tokens (`AGENCY#`, `TOKEN#`). */
export interface AgencyStore {
  putAgency(agency: Agency): Promise<void>;
  getAgency(id: string): Promise<Agency | undefined>;
  /** rewrites an existing profile (and its list entry); false when there is no such agency */
  updateAgency(agency: Agency): Promise<boolean>;
  /** the admin's list: region from the index key, name and level a bounded filter */
  listAgencies(query: AgencyQuery): Promise<Page<Agency>>;
  /** one agency's tokens, oldest first, without hashes */
  listTokens(agency: string, limit: number, cursor?: string): Promise<Page<TokenSummary>>;
  putToken(token: TokenRecord): Promise<void>;
  getToken(tokenId: string): Promise<TokenRecord | undefined>;
  /** marks a token revoked, once (the first date stays); a token that is gone is left gone */
  revokeToken(tokenId: string, at: string): Promise<void>;
  /** removes a token and its entry in the agency's list (idempotent) */
  deleteToken(agency: string, tokenId: string): Promise<void>;
  /** removes an agency's profile (idempotent); its tokens are removed first, one by one */
  deleteAgency(id: string): Promise<void>;
}

/** Versions of an agency-year and the listing copy of the newest (`REPORT#` V#n and LATEST). */
export interface VersionStore {
  /** how many versions (withdrawn ones included) the agency has in the given report years, strongly consistent */
  countVersions(agency: string, years: readonly number[]): Promise<number>;
  /** marks a version withdrawn, once: the withdrawal stored (an earlier one if there was), or undefined without such a version */
  withdrawVersion(agency: string, year: number, version: number, withdrawal: Withdrawal): Promise<Withdrawal | undefined>;
  /** moves the LATEST copy off a withdrawn version: to `next`, or removes it; only while it still lists `withdrawn` */
  replaceLatest(agency: string, year: number, withdrawn: number, next: VersionRecord | undefined): Promise<void>;
  /** all versions, oldest first, strongly consistent */
  listVersions(agency: string, year: number): Promise<VersionRecord[]>;
  /** the newest version, strongly consistent (one item read, however many versions) */
  latestVersion(agency: string, year: number): Promise<VersionRecord | undefined>;
  /** number and hash of every version, oldest first, strongly consistent (for idempotency) */
  versionHashes(agency: string, year: number): Promise<{ version: number; sha256: string }[]>;
  getVersion(agency: string, year: number, version: number): Promise<VersionRecord | undefined>;
  /** the commit point: fails with VersionTaken when the number is already used */
  commitVersion(record: VersionRecord): Promise<void>;
  /** moves the listing's LATEST copy forward; never backwards */
  publishLatest(record: VersionRecord): Promise<void>;
  listLatest(query: ListQuery): Promise<Page<VersionRecord>>;
  /** the newest latest versions by upload time: all of them, or only corrections (version above 1) */
  listRecent(which: 'recent' | 'corrected', limit: number): Promise<VersionRecord[]>;
}

/**
 * The statistics: data rows, the roll-ups the fold keeps from their changes, and the downloads' state
 * (`ROW`, `STATS`, `EXPORT#`). A region's roll-up for a year is its *total*; the reports of agencies
 * filed exactly at a region are its *own* roll-up (a county's own roll-up is its total).
 */
export interface StatsLedger {
  /** the data row of an agency-year, strongly consistent */
  getRow(agency: string, year: number): Promise<ReportRow | undefined>;
  /** writes `row` if the stored row is still `expected` (its version and rev; undefined: no row yet); false otherwise */
  putRow(row: ReportRow, expected: ReportRow | undefined): Promise<boolean>;
  /** adds years and agency levels to those seen */
  noteYearsAndLevels(years: readonly number[], levels: readonly string[]): Promise<void>;
  /** years with reports (newest first) and the agency levels seen */
  statsMeta(): Promise<{ years: number[]; levels: string[] }>;
  /** a region's total for a year, as of the last fold */
  getStats(year: number, region: string): Promise<StatsItem | undefined>;
  getStatsMany(keys: { year: number; region: string }[]): Promise<(StatsItem | undefined)[]>;
  /** the totals of the regions directly under one, those that have a roll-up */
  childStats(year: number, region: string): Promise<{ region: string; stats: StatsItem }[]>;
  getRows(keys: { agency: string; year: number }[]): Promise<ReportRow[]>;
  /** every row of a year, or of all years: for building the downloads, never for a page */
  listRows(year: number | 'all', visit: (row: ReportRow) => void): Promise<void>;
  getExportState(year: number | 'all'): Promise<ExportState | undefined>;
  /** records a build unless one of a later revision is recorded */
  putExportState(year: number | 'all', state: ExportState): Promise<void>;
  /** the fold: a region's own roll-up and, per agency, the rev of the row its sums are at (undefined: none yet); strongly consistent */
  readOwn(year: number, region: string): Promise<{ values: StatsItem; marks: Record<string, number> } | undefined>;
  /** the fold: adds `adds` to a region's own roll-up and moves each agency's mark `from` → `to`, if every mark is still at its `from`; false otherwise */
  addOwn(year: number, region: string, adds: StatsItem, marks: readonly { agency: string; from: number | undefined; to: number }[]): Promise<boolean>;
  /**
   * the fold: what a region's total is made of (its own roll-up and its children's totals), and the
   * total's revision read before them (undefined: no total yet); strongly consistent
   */
  readParts(year: number, region: string): Promise<{ rev: number | undefined; parts: StatsItem[] }>;
  /** the fold: writes a region's total (revision `rev` + 1) if its revision is still `rev`; false otherwise */
  putTotal(year: number, region: string, values: StatsItem, rev: number | undefined): Promise<boolean>;
}

/** Derived findings and the MinHash buckets that find similar reports (`DERIVED`, `LSH#`). */
export interface SimilarityStore {
  /** the derived findings of an agency-year, strongly consistent */
  getDerived(agency: string, year: number): Promise<DerivedRecord | undefined>;
  getDerivedMany(keys: { agency: string; year: number }[]): Promise<DerivedRecord[]>;
  /** writes `record` (rev = expectedRev + 1) if the stored one still has `expectedRev` (undefined: none); false otherwise */
  putDerived(record: DerivedRecord, expectedRev: number | undefined): Promise<boolean>;
  /** removes the derived record if it still has `expectedRev` */
  deleteDerived(agency: string, year: number, expectedRev: number): Promise<boolean>;
  /** files a report in the LSH buckets of its year (one item per band), and takes it out of its `stale` ones, in one batch */
  putBuckets(year: number, bands: readonly string[], entry: BucketEntry, stale?: readonly string[]): Promise<void>;
  deleteBuckets(year: number, bands: readonly string[], agency: string): Promise<void>;
  /** the reports filed in any of the buckets, at most `perBand` from each, one entry per agency */
  queryBuckets(year: number, bands: readonly string[], perBand: number): Promise<BucketEntry[]>;
  /** the derived records of a year with the most copied narrative, highest share first */
  listCopied(year: number, limit: number, cursor?: string): Promise<Page<DerivedRecord>>;
}

/** The audit trail of each agency (`AUDIT#`). */
export interface AuditLog {
  putAudit(record: AuditRecord): Promise<void>;
  listAudit(agency: string, limit: number, cursor?: string): Promise<Page<AuditRecord>>;
}

/** Large uploads and the hourly upload count (`UPLOAD#`, `RATE#`). */
export interface UploadStore {
  /** counts one upload of the agency in the window (e.g. an hour); false, counting nothing, once `limit` are counted */
  countUpload(agency: string, window: string, limit: number): Promise<boolean>;
  /** a large upload's record, written when its URL is issued */
  putUpload(record: UploadRecord): Promise<void>;
  getUpload(id: string): Promise<UploadRecord | undefined>;
  /** records the outcome of a pending upload once; false when it is no longer pending */
  finishUpload(id: string, outcome: UploadOutcome): Promise<boolean>;
}

/**
 * The index (DynamoDB): every key the app reads from the archive comes from here. One port per
 * aggregate; a use case that needs them all takes the whole index.
 */
export interface ReportIndex extends AgencyStore, VersionStore, StatsLedger, SimilarityStore, AuditLog, UploadStore {}

export class VersionTaken extends Error {
  constructor(readonly version: number) {
    super(`version ${version} already exists`);
    this.name = 'VersionTaken';
  }
}

export class AlreadyExists extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'AlreadyExists';
  }
}

/** A storage service did not answer: the request may be retried as it is. */
export class StorageUnavailable extends Error {
  constructor(
    readonly service: 'index' | 'archive',
    cause: unknown,
  ) {
    super(`${service} unavailable`, { cause });
    this.name = 'StorageUnavailable';
  }
}

export interface ArchiveObject {
  bytes: Uint8Array;
  contentType: string;
}

/** The archive (S3): immutable objects under keys the index names. */
export interface ReportArchive {
  put(key: string, bytes: Uint8Array | string, contentType: string): Promise<void>;
  get(key: string): Promise<ArchiveObject | undefined>;
  /** copies an object within the bucket; false when the source is missing */
  copy(from: string, to: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/**
 * The incoming/ prefix of the archive bucket (S3): large uploads are PUT there by the client with a
 * presigned URL, read once by the ingest and deleted.
 */
export interface IncomingObjects {
  /** a PUT URL signed for exactly this content type and length, valid for `expiresInSeconds` */
  presignPut(key: string, put: { contentType: string; size: number; expiresInSeconds: number }): Promise<string>;
  get(key: string): Promise<ArchiveObject | undefined>;
  delete(key: string): Promise<void>;
}
