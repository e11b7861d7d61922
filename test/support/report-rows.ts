import type { ReportRow } from '../../shared/archive/types';

/** A checked 2021-format ROW of a Guangzhou district agency, with the given cells: what the statistics fold. */
export const reportRow = (agency: string, version: number, cells: Record<string, number | null>, over: Partial<ReportRow> = {}): ReportRow => ({
  agency,
  agencyName: agency,
  region: '440106',
  level: '区县级',
  year: 2021,
  version,
  format: '2021',
  checked: true,
  errors: 0,
  warnings: 0,
  cells,
  unread: [],
  ...over,
});
