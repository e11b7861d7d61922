import type {
  Agency,
  AuditRecord,
  BucketEntry,
  DerivedRecord,
  ExportState,
  ReportRow,
  TokenRecord,
  TokenSummary,
  UploadRecord,
  VersionRecord,
} from '../archive/types';
import { type Item, withoutKeys } from './table-client';
import { KEY } from './table-design';

/**
 * Items read from the table are checked against the shape of what the app stored, field by field,
 * at the adapter: an item of the wrong shape (a hand edit, a write by older code) is an error that
 * names its key, rather than a cast that fails somewhere far from the read.
 */

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object';
type KindOf<V> = [V] extends [string]
  ? 'string'
  : [V] extends [number]
    ? 'number'
    : [V] extends [boolean]
      ? 'boolean'
      : [V] extends [readonly unknown[]]
        ? 'array'
        : 'object';
/** Every field of T with its kind, `?` when it may be absent: a field added to T fails to compile until it is named here. */
type ShapeOf<T> = { [K in keyof T]-?: undefined extends T[K] ? `${KindOf<Exclude<T[K], undefined>>}?` : KindOf<T[K]> };

export class MalformedItem extends Error {
  constructor(item: Item, what: string, problem: string) {
    super(`malformed ${what} item ${String(item[KEY.pk])} / ${String(item[KEY.sk])}: ${problem}`);
    this.name = 'MalformedItem';
  }
}

export type Decoder<T> = (item: Item) => T;

const kindOf = (v: unknown): Kind | 'other' =>
  Array.isArray(v)
    ? 'array'
    : typeof v === 'object' && v !== null
      ? 'object'
      : ((['string', 'number', 'boolean'] as const).find((k) => typeof v === k) ?? 'other');

/** A decoder for items of shape T: their key attributes dropped, every field checked; other attributes are kept. */
export function decoder<T>(what: string, shape: ShapeOf<T>): Decoder<T> {
  const fields = Object.entries(shape as Record<string, string>).map(([name, spec]) => ({ name, optional: spec.endsWith('?'), kind: spec.replace('?', '') }));
  return (item) => {
    const out = withoutKeys(item);
    for (const { name, optional, kind } of fields) {
      const value = out[name];
      if (value === undefined || value === null) {
        if (optional) continue;
        throw new MalformedItem(item, what, `${name} is missing`);
      }
      if (kindOf(value) !== kind) throw new MalformedItem(item, what, `${name} is ${kindOf(value)}, not ${kind}`);
    }
    return out as T;
  };
}

/** A profile as stored: with the normalized names the list's `q` filter searches. */
export const decodeAgency = decoder<Agency & { search?: string }>('agency', {
  id: 'string',
  name: 'string',
  region: 'string?',
  level: 'string?',
  kind: 'string?',
  aliases: 'array',
  createdAt: 'string',
  updatedAt: 'string?',
  search: 'string?',
});

export const decodeTokenSummary = decoder<TokenSummary>('token entry', { tokenId: 'string', createdAt: 'string', revokedAt: 'string?' });

export const decodeToken = decoder<TokenRecord>('token', {
  tokenId: 'string',
  agency: 'string',
  salt: 'string',
  hash: 'string',
  createdAt: 'string',
  revokedAt: 'string?',
});

export const decodeVersion = decoder<VersionRecord>('version', {
  agency: 'string',
  year: 'number',
  version: 'number',
  sha256: 'string',
  size: 'number',
  contentType: 'string',
  filename: 'string',
  createdAt: 'string',
  format: 'string',
  title: 'string',
  region: 'string?',
  agencyName: 'string?',
  level: 'string?',
  search: 'string?',
  published: 'string?',
  errors: 'number',
  warnings: 'number',
  hasErrors: 'boolean',
  checked: 'boolean?',
  unread: 'array?',
  keys: 'object',
  changedCells: 'array',
  changedCellsTruncated: 'boolean?',
  withdrawn: 'object?',
});

export const decodeVersionHash = decoder<{ version: number; sha256: string }>('version', { version: 'number', sha256: 'string' });

/** The ROW item as stored; rows written before the fold may still carry the statistics' old ledger (ignored). */
export type StoredRow = ReportRow & { pending?: string; lease?: string; leaseUntil?: number };
const rowFields = {
  agency: 'string',
  agencyName: 'string',
  region: 'string?',
  level: 'string?',
  year: 'number',
  version: 'number',
  format: 'string',
  checked: 'boolean',
  errors: 'number',
  warnings: 'number',
  published: 'string?',
  cells: 'object',
  unread: 'array',
  entered: 'array?',
  pending: 'string?',
  withdrawn: 'array?',
  empty: 'boolean?',
  rev: 'number?',
  lease: 'string?',
  leaseUntil: 'number?',
} as const;
export const decodeRow = decoder<StoredRow>('row', rowFields);

export const decodeDerived = decoder<DerivedRecord>('derived', {
  agency: 'string',
  year: 'number',
  version: 'number',
  rev: 'number',
  agencyName: 'string?',
  region: 'string?',
  previous: 'object?',
  findings: 'array',
  published: 'object',
  deadline: 'object',
  daysLate: 'number',
  dateKnown: 'boolean',
  checked: 'boolean',
  errors: 'number',
  signature: 'string?',
  bands: 'array?',
  similar: 'array',
  previousShare: 'number?',
  topShare: 'number',
  updatedAt: 'string',
});

export const decodeBucketEntry = decoder<BucketEntry>('bucket entry', {
  agency: 'string',
  agencyName: 'string?',
  year: 'number',
  version: 'number',
  signature: 'string',
});

const decodeAuditFields = decoder<AuditRecord>('audit', {
  agency: 'string',
  at: 'string',
  id: 'string',
  actor: 'string',
  action: 'string?',
  sha256: 'string?',
  size: 'number?',
  outcome: 'string',
  before: 'object?',
  after: 'object?',
  reason: 'string?',
  status: 'number',
  year: 'number?',
  version: 'number?',
  errors: 'number?',
  warnings: 'number?',
  problem: 'string?',
  target: 'string?',
  tokenId: 'string?',
});
/** Refused bad requests were once recorded with their list of issues as `errors`: read as the count they stand for. */
export const decodeAudit: Decoder<AuditRecord> = (item) => decodeAuditFields(Array.isArray(item.errors) ? { ...item, errors: item.errors.length } : item);

export const decodeUpload = decoder<UploadRecord>('upload', {
  id: 'string',
  agency: 'string',
  tokenId: 'string',
  filename: 'string',
  contentType: 'string',
  size: 'number',
  status: 'string',
  createdAt: 'string',
  expiresAt: 'string',
  year: 'number?',
  strict: 'boolean?',
  finishedAt: 'string?',
  result: 'object?',
  problem: 'object?',
});

export const decodeExportState = decoder<ExportState>('export state', {
  rev: 'number',
  build: 'string',
  builtAt: 'string',
  changedAt: 'number',
  zhCsv: 'boolean?',
});
