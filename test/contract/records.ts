import type { Agency, DerivedRecord, ReportRow, VersionRecord } from '../../shared/archive/types';

export const agency = (id: string, over: Partial<Agency> = {}): Agency => ({
  id,
  name: `${id} 机关`,
  region: '440106',
  level: '区县级',
  aliases: [],
  createdAt: '2024-01-01T00:00:00.000Z',
  ...over,
});

export const version = (agencyId: string, year: number, n: number, over: Partial<VersionRecord> = {}): VersionRecord => ({
  agency: agencyId,
  year,
  version: n,
  sha256: `sha-${agencyId}-${year}-${n}`,
  size: 100 + n,
  contentType: 'text/plain',
  filename: 'report.txt',
  createdAt: `2024-01-0${Math.min(n, 9)}T00:00:00.000Z`,
  format: 'text',
  title: `${year} 年度报告`,
  region: '440106',
  errors: 0,
  warnings: 0,
  hasErrors: false,
  checked: true,
  keys: { original: `o/${n}`, json: `j/${n}`, html: `h/${n}` },
  changedCells: [],
  ...over,
});

export const row = (agencyId: string, year: number, v: number, over: Partial<ReportRow> = {}): ReportRow => ({
  agency: agencyId,
  agencyName: `${agencyId} 机关`,
  region: '440106',
  year,
  version: v,
  format: 'text',
  checked: true,
  errors: 0,
  warnings: 0,
  cells: { a: v },
  unread: [],
  ...over,
});

export const derived = (agencyId: string, year: number, rev: number, over: Partial<DerivedRecord> = {}): DerivedRecord => ({
  agency: agencyId,
  year,
  version: 1,
  rev,
  findings: [],
  published: { date: `${year + 1}-01-20`, source: 'published' },
  deadline: { date: `${year + 1}-01-31`, basis: 'test' },
  daysLate: 0,
  dateKnown: true,
  checked: true,
  errors: 0,
  similar: [],
  topShare: 0,
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...over,
});
