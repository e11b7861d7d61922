export interface Agency {
  id: string;
  name: string;
  region?: string;
  level?: string;
  aliases: string[];
  createdAt: string;
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
}

export interface ListQuery {
  year?: number;
  agency?: string;
  region?: string;
  hasErrors?: boolean;
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AuditRecord {
  agency: string;
  at: string;
  id: string;
  actor: string;
  sha256: string;
  size: number;
  outcome: 'created' | 'unchanged' | 'rejected';
  status: number;
  year?: number;
  version?: number;
  errors: number;
  warnings: number;
  problem?: string;
}
