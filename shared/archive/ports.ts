import type { ReportArchive, ReportIndex } from '../storage/ports';

/** What the use cases need from the outside world, passed in so they stay testable. */
export interface ArchivePorts {
  index: ReportIndex;
  archive: ReportArchive;
  now: () => Date;
  newId: () => string;
}
