import { chinaDate, deadlineFor } from '../rules/deadline';
import type { ArchivePorts } from './ports';
import { COVERAGE_STATUSES, type CoverageStatus, type DerivedRecord } from './types';

export interface CoverageQuery {
  year: number;
  /** a GB/T 2260 code: the region and every place under it; absent, the whole country */
  region?: string;
  limit: number;
  cursor?: string;
}

/**
 * Which registered agencies under a region published their report for a year, and when: a page of
 * agencies from the registry's region index, and their derived records read in one batch, so a
 * page costs two requests however large the archive.
 */
export async function coverage(ports: Pick<ArchivePorts, 'index' | 'now'>, q: CoverageQuery) {
  const page = await ports.index.listAgencies({ region: q.region, limit: q.limit, cursor: q.cursor });
  const derived = new Map((await ports.index.getDerivedMany(page.items.map((a) => ({ agency: a.id, year: q.year })))).map((d) => [d.agency, d]));
  const today = chinaDate(ports.now());
  const items = page.items.map((a) => {
    const d = derived.get(a.id);
    const deadline = d?.deadline ?? deadlineFor(q.year, a);
    return {
      agency: a.id,
      name: a.name,
      region: a.region ?? null,
      level: a.level ?? null,
      status: status(d),
      /** missing, and the deadline has passed */
      overdue: !d && today > deadline.date,
      deadline,
      version: d?.version ?? null,
      published: d?.published ?? null,
      daysLate: d?.daysLate ?? null,
      dateKnown: d ? d.dateKnown : null,
      checked: d?.checked ?? null,
      errors: d?.errors ?? null,
      report: d ? `/v1/reports/${a.id}/${q.year}` : null,
    };
  });
  const counts = Object.fromEntries(COVERAGE_STATUSES.map((s) => [s, items.filter((i) => i.status === s).length]));
  return { year: q.year, region: q.region ?? null, items, counts, nextCursor: page.nextCursor };
}

/**
 * Late before unread: a late report is late whether or not its tables could be read. A report read in
 * full whose publication date is unknown is not "unchecked": its figures were checked, only whether it
 * came on time cannot be said.
 */
function status(d: DerivedRecord | undefined): CoverageStatus {
  if (!d) return 'missing';
  if (d.daysLate > 0) return 'late';
  if (!d.checked) return 'unchecked';
  return d.dateKnown ? 'on-time' : 'date-unknown';
}
