import type { ArchivePorts } from './ports';
import { loadDocument } from './stored-documents';
import { listingFields, publishCommitted, reportRow } from './submit-report';
import type { Agency } from './types';

/**
 * Rewrites every listing copy, row and statistic from the committed versions: for an archive
 * written before the site's indexes existed. Each step is the commit path's own, idempotent and
 * never moving back, so it may run while uploads go on and may be run again.
 */
export async function reindexAll(ports: ArchivePorts, progress: (done: number) => void = () => {}): Promise<number> {
  const agencies = new Map<string, Agency | undefined>();
  let cursor: string | undefined;
  let done = 0;
  do {
    const page = await ports.index.listLatest({ limit: 100, cursor });
    for (const listed of page.items) {
      // The version item is the record; the listing copy may predate the fields the site reads.
      const v = (await ports.index.getVersion(listed.agency, listed.year, listed.version)) ?? listed;
      if (!agencies.has(v.agency)) {
        const found = await ports.index.getAgency(v.agency);
        // Rewritten as it is: a profile stored before the admin's agency list gets its list keys.
        if (found) await ports.index.updateAgency(found);
        agencies.set(v.agency, found);
      }
      const agency = agencies.get(v.agency);
      const doc = await loadDocument(ports, v);
      if (!agency || !doc) continue;
      const fields = listingFields(agency, doc.report);
      const record = { ...v, ...fields, published: v.published ?? fields.published };
      await publishCommitted(ports, record, reportRow(agency, record, doc.report));
      progress(++done);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return done;
}
