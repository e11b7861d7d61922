import { AppError, notFound } from './errors';
import type { ArchivePorts } from './ports';
import type { VersionRecord } from './types';

/** What a tombstone says: which version, when and why it was withdrawn. */
export interface WithdrawnNotice {
  agency: string;
  /** the agency's name, for the page; the id where it is not known */
  agencyName?: string;
  year: number;
  version: number;
  at: string;
  reason: string;
}

/**
 * A withdrawn version is a tombstone wherever it is asked for by number: 410 with the reason and
 * the date, so a link to it says what happened rather than that it never existed. The site heads
 * its page 已撤回 from `notice`.
 */
export class WithdrawnError extends AppError {
  constructor(readonly notice: WithdrawnNotice) {
    super('withdrawn', `${notice.agency} ${notice.year} 年度报告的第 ${notice.version} 版已于 ${notice.at.slice(0, 10)} 撤回。撤回原因：${notice.reason}`, {
      withdrawnAt: notice.at,
      reason: notice.reason,
      version: notice.version,
    });
  }
}

export const withdrawnError = (v: Pick<VersionRecord, 'agency' | 'agencyName' | 'year' | 'version'> & { withdrawn: { at: string; reason: string } }) =>
  new WithdrawnError({
    agency: v.agency,
    ...(v.agencyName ? { agencyName: v.agencyName } : {}),
    year: v.year,
    version: v.version,
    at: v.withdrawn.at,
    reason: v.withdrawn.reason,
  });

/**
 * The newest version that is still public. One item read unless the newest was withdrawn; then the
 * versions of that one agency-year are read (a handful). All withdrawn: the tombstone of the newest.
 */
export async function latestPublic(ports: Pick<ArchivePorts, 'index'>, agency: string, year: number): Promise<VersionRecord | undefined> {
  const newest = await ports.index.latestVersion(agency, year);
  if (!newest?.withdrawn) return newest;
  const left = (await ports.index.listVersions(agency, year)).filter((v) => !v.withdrawn);
  return left[left.length - 1];
}

/** The version a public read asks for: by number, or the newest still public. Withdrawn: 410. */
export async function publicVersion(ports: Pick<ArchivePorts, 'index'>, agency: string, year: number, version?: number): Promise<VersionRecord> {
  if (version !== undefined) {
    const v = await ports.index.getVersion(agency, year, version);
    if (!v) throw notFound(`${agency} ${year} 年度报告的第 ${version} 版`);
    if (v.withdrawn) throw withdrawnError({ ...v, withdrawn: v.withdrawn });
    return v;
  }
  const newest = await ports.index.latestVersion(agency, year);
  if (!newest) throw notFound(`${agency} ${year} 年度报告`);
  if (!newest.withdrawn) return newest;
  const left = await latestPublic(ports, agency, year);
  if (!left) throw withdrawnError({ ...newest, withdrawn: newest.withdrawn });
  return left;
}

/**
 * Moves the listing copy (LATEST) off `version` onto the newest version still public, or removes it.
 * Conditional on the copy naming that version: a newer upload listed meanwhile stays. Idempotent.
 */
export async function unlistVersion(ports: Pick<ArchivePorts, 'index'>, agency: string, year: number, version: number): Promise<VersionRecord | undefined> {
  const left = (await ports.index.listVersions(agency, year)).filter((x) => !x.withdrawn && x.version !== version);
  const fallback = left[left.length - 1];
  await ports.index.replaceLatest(agency, year, version, fallback);
  return fallback;
}

/**
 * Lists a committed version, unless it has been withdrawn. The listing copy is a separate item, and
 * without transactions its put cannot check the version's mark; so the order decides: a withdrawal
 * marks the version, then moves the listing off it; a publish moves the listing, then reads the mark
 * (strongly consistent). Whichever runs second sees what the first did, so a withdrawal that comes
 * between a commit and its listing is found here and the listing is moved back at once. The test
 * holds a commit between its steps (test/integration/withdrawal-race.test.ts). False: withdrawn.
 */
export async function publishListing(ports: Pick<ArchivePorts, 'index'>, record: VersionRecord): Promise<boolean> {
  await ports.index.publishLatest(record);
  const now = await ports.index.getVersion(record.agency, record.year, record.version);
  if (!now?.withdrawn) return true;
  await unlistVersion(ports, record.agency, record.year, record.version);
  return false;
}
