import type { Agency, AuditRecord, ListQuery, Page, TokenRecord, VersionRecord } from '../archive/types';

/** The index (DynamoDB): every key the app reads from the archive comes from here. */
export interface ReportIndex {
  putAgency(agency: Agency): Promise<void>;
  getAgency(id: string): Promise<Agency | undefined>;
  putToken(token: TokenRecord): Promise<void>;
  getToken(tokenId: string): Promise<TokenRecord | undefined>;
  revokeToken(tokenId: string, at: string): Promise<void>;
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
  putAudit(record: AuditRecord): Promise<void>;
  listAudit(agency: string, limit: number, cursor?: string): Promise<Page<AuditRecord>>;
}

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
}
