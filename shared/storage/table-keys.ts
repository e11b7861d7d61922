import type { Agency, ListQuery, ReportRow, VersionRecord } from '../archive/types';
import { levelOf, NATIONAL, regionPrefix, rollUp } from '../regions/region-codes';
import { INDEXES, KEY } from './table-design';

/**
 * The key scheme of the one table, as functions: the adapters build every key here, and CDK grants
 * each function the partition keys it reaches through ITEM_KEYS, derived from the same leading
 * texts, so a key that changes cannot drift from its grant.
 */

/** The leading text of each kind of item's partition key (what IAM's `dynamodb:LeadingKeys` matches). */
const LEAD = {
  agency: 'AGENCY#',
  token: 'TOKEN#',
  report: 'REPORT#',
  audit: 'AUDIT#',
  // Both STATS#{year} and the STATS meta item.
  stats: 'STATS',
  export: 'EXPORT#',
  rate: 'RATE#',
  upload: 'UPLOAD#',
  lsh: 'LSH#',
} as const;

/**
 * The partition-key patterns of each kind of item, as IAM's `dynamodb:LeadingKeys` condition spells
 * them: each function is granted the kinds it uses, so the read role never reaches a token hash or
 * the audit, and the upload role cannot write an agency or a token.
 */
export const ITEM_KEYS = Object.fromEntries(Object.entries(LEAD).map(([kind, lead]) => [kind, `${lead}*`])) as {
  readonly [K in keyof typeof LEAD]: `${(typeof LEAD)[K]}*`;
};

export type ItemKey = { [KEY.pk]: string; [KEY.sk]: string };
const key = (pk: string, sk: string): ItemKey => ({ [KEY.pk]: pk, [KEY.sk]: sk });

const yearPart = (year: number | 'all') => (year === 'all' ? 'ALL' : String(year));
/** A region's part of a listing key; reports with no region sort under '-'. */
const regionPart = (region: string | undefined) => region || '-';

const agencyPk = (id: string) => `${LEAD.agency}${id}`;
const reportPk = (agency: string, year: number) => `${LEAD.report}${agency}#${year}`;
/**
 * A roll-up's partition is the region it is *under*: the children of one region are one Query, and
 * the fold's writes of one batch land on as many partitions as there are parents among them, never
 * on one `STATS#{year}` partition that would hold every region of the year.
 */
const statsPk = (year: number, under: string) => `${LEAD.stats}#${year}#${under}`;
const parentOf = (region: string) => (region === NATIONAL ? 'TOP' : (rollUp(region).at(-2) ?? NATIONAL));
/** A region's own roll-up sorts apart from its children's totals (digits) in the partition under it. */
const OWN = 'OWN';
/** Version items sort by number: zero-padded, so that a Query returns them oldest first. */
const VERSION_PREFIX = 'V#';
const TOKEN_ENTRY_PREFIX = 'TOKEN#';

/**
 * The downloads index (GSI9) is spread over this many partitions per year. Every upload writes its ROW
 * there with ~9 KB projected (9 WCU): at 200 uploads/s one `ROWS#{year}` partition took 1,800 WCU/s,
 * against a bar of 500. Over 16 shards each takes about 1,800 / 16 ≈ 113 WCU/s (the hash's worst shard
 * holds 6.4% of 10,000 ids: 116 WCU/s, `npm run bench capacity`), a margin of 4× for larger rows and
 * an uneven hash, where 8 shards (225 WCU/s) would leave about 2×. A download reads 16 Queries instead
 * of one. Rows written under the old unsharded `ROWS#{year}` key are not listed until their ROW item is
 * written again: there is no migration framework (README, upgrade note).
 */
export const ROW_SHARDS = 16;
/** A stable shard of an agency id (FNV-1a over its UTF-8 bytes): the same agency always lands on the same one. */
export function rowShard(agency: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(agency)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h % ROW_SHARDS;
}
const rowsPk = (year: number, shard: number) => `ROWS#${year}#${String(shard).padStart(2, '0')}`;

export const keys = {
  agency: (id: string) => key(agencyPk(id), 'PROFILE'),
  /** the agency's list entry for one token (id and dates only) */
  tokenEntry: (agency: string, tokenId: string) => key(agencyPk(agency), `${TOKEN_ENTRY_PREFIX}${tokenId}`),
  tokenEntries: (agency: string) => ({ pk: agencyPk(agency), skPrefix: TOKEN_ENTRY_PREFIX }),
  token: (tokenId: string) => key(`${LEAD.token}${tokenId}`, 'TOKEN'),
  version: (agency: string, year: number, version: number) => key(reportPk(agency, year), `${VERSION_PREFIX}${String(version).padStart(6, '0')}`),
  versions: (agency: string, year: number) => ({ pk: reportPk(agency, year), skPrefix: VERSION_PREFIX }),
  latest: (agency: string, year: number) => key(reportPk(agency, year), 'LATEST'),
  row: (agency: string, year: number) => key(reportPk(agency, year), 'ROW'),
  derived: (agency: string, year: number) => key(reportPk(agency, year), 'DERIVED'),
  /** a region's total for a year, in the partition of the region above it */
  stats: (year: number, region: string) => key(statsPk(year, parentOf(region)), region),
  /** the reports of agencies filed exactly at a region; a county's is its total */
  statsOwn: (year: number, region: string) => (levelOf(region) === 3 ? keys.stats(year, region) : key(statsPk(year, region), OWN)),
  /** the partition of a region's own roll-up and its children's totals: the parts of its total */
  statsUnder: (year: number, region: string) => ({ pk: statsPk(year, region) }),
  /** the region code of a total from its sort key, or undefined for an own roll-up */
  statsRegion: (sk: string) => (sk === OWN ? undefined : sk),
  statsMeta: () => key(LEAD.stats, 'META'),
  exportState: (year: number | 'all') => key(`${LEAD.export}${yearPart(year)}`, 'STATE'),
  audit: (agency: string, at: string, id: string) => key(`${LEAD.audit}${agency}`, `${at}#${id}`),
  audits: (agency: string) => ({ pk: `${LEAD.audit}${agency}` }),
  rate: (agency: string, window: string) => key(`${LEAD.rate}${agency}`, window),
  upload: (id: string) => key(`${LEAD.upload}${id}`, 'UPLOAD'),
  bucket: (year: number, band: string, agency: string) => key(`${LEAD.lsh}${year}#${band}`, agency),
  buckets: (year: number, band: string) => ({ pk: `${LEAD.lsh}${year}#${band}` }),
};

/** The partition values of the listing indexes (the sort keys are built with the entries below). */
export const indexKeys = {
  agencies: 'AGENCIES',
  byYear: (year: number) => `YEAR#${year}`,
  byAgency: (agency: string) => agencyPk(agency),
  all: 'LATEST',
  /** a province's reports: its two-digit prefix */
  byRegion: (prefix: string) => `REGION#${prefix.slice(0, 2)}`,
  recent: 'RECENT',
  corrected: 'CORRECTED',
  withErrors: 'ERRORS',
  unchecked: 'UNCHECKED',
  /** the downloads partition an agency's row of a year is in */
  rows: (year: number, agency: string) => rowsPk(year, rowShard(agency)),
  /** every downloads partition of a year: a download queries them all */
  rowShards: (year: number) => Array.from({ length: ROW_SHARDS }, (_, shard) => rowsPk(year, shard)),
  copied: (year: number) => `COPIED#${year}`,
  /** a flagged entry's sort key begins with the year, then the region */
  flaggedPrefix: (year: number, regionPrefix: string) => `${year}#${regionPrefix}`,
} as const;

/** The LATEST copy's keys: every listing index, and the sparse ones it belongs to. */
export function latestEntry(record: VersionRecord): Record<string, string> {
  const region = regionPart(record.region);
  const year = String(record.year);
  const recent = `${record.createdAt}#${record.agency}#${year}`;
  const flagged = `${year}#${region}#${record.agency}`;
  const out: Record<string, string> = {
    ...keys.latest(record.agency, record.year),
    [INDEXES.byYear.pk]: indexKeys.byYear(record.year),
    [INDEXES.byYear.sk]: `${region}#${record.agency}`,
    [INDEXES.byAgency.pk]: indexKeys.byAgency(record.agency),
    [INDEXES.byAgency.sk]: year,
    [INDEXES.all.pk]: indexKeys.all,
    [INDEXES.all.sk]: `${year}#${record.agency}`,
    [INDEXES.byRegion.pk]: indexKeys.byRegion(region),
    [INDEXES.byRegion.sk]: `${region}#${year}#${record.agency}`,
    [INDEXES.recent.pk]: indexKeys.recent,
    [INDEXES.recent.sk]: recent,
  };
  // The sparse indexes list only the reports they are about, so each filter is one Query.
  if (record.version > 1) Object.assign(out, { [INDEXES.corrected.pk]: indexKeys.corrected, [INDEXES.corrected.sk]: recent });
  if (record.hasErrors) Object.assign(out, { [INDEXES.withErrors.pk]: indexKeys.withErrors, [INDEXES.withErrors.sk]: flagged });
  if (record.checked === false) Object.assign(out, { [INDEXES.unchecked.pk]: indexKeys.unchecked, [INDEXES.unchecked.sk]: flagged });
  return out;
}

/** A profile's entry in the admin's list: by region (prefix containment as the reports), then id. */
export const agencyEntry = (a: Agency) => ({ [INDEXES.agencies.pk]: indexKeys.agencies, [INDEXES.agencies.sk]: `${regionPart(a.region)}#${a.id}` });

/** A row's entry in its year's downloads; a row whose every version was withdrawn is in none. */
export const rowEntry = (row: ReportRow): Record<string, string> =>
  row.empty ? {} : { [INDEXES.rows.pk]: indexKeys.rows(row.year, row.agency), [INDEXES.rows.sk]: `${regionPart(row.region)}#${row.agency}` };

/** Listed among the most copied only when it names a similar report, by share in ‰ (zero-padded to sort). */
export const copiedEntry = (record: { year: number; agency: string; topShare: number }): Record<string, string> =>
  record.topShare > 0
    ? {
        [INDEXES.copied.pk]: indexKeys.copied(record.year),
        [INDEXES.copied.sk]: `${String(Math.round(record.topShare * 1000)).padStart(4, '0')}#${record.agency}`,
      }
    : {};

/** The index whose keys answer most of the query; what they cannot answer becomes a bounded filter. */
export function chooseIndex(q: ListQuery): {
  index: (typeof INDEXES)[keyof typeof INDEXES];
  condition: string;
  values: Record<string, string>;
  forward: boolean;
} {
  const prefix = q.region !== undefined ? regionPrefix(q.region) : undefined;
  if (q.agency !== undefined) {
    const values: Record<string, string> = { ':pk': indexKeys.byAgency(q.agency) };
    if (q.year !== undefined) values[':sk'] = String(q.year);
    return { index: INDEXES.byAgency, condition: q.year !== undefined ? '#pk = :pk AND #sk = :sk' : '#pk = :pk', values, forward: false };
  }
  const flagged = q.has === 'unchecked' ? INDEXES.unchecked : q.has === 'errors' || q.hasErrors === true ? INDEXES.withErrors : undefined;
  if (flagged) {
    const values: Record<string, string> = { ':pk': flagged === INDEXES.unchecked ? indexKeys.unchecked : indexKeys.withErrors };
    if (q.year === undefined) return { index: flagged, condition: '#pk = :pk', values, forward: false };
    values[':rp'] = indexKeys.flaggedPrefix(q.year, prefix ?? '');
    return { index: flagged, condition: '#pk = :pk AND begins_with(#sk, :rp)', values, forward: false };
  }
  if (q.year !== undefined) {
    const values: Record<string, string> = { ':pk': indexKeys.byYear(q.year) };
    if (!prefix) return { index: INDEXES.byYear, condition: '#pk = :pk', values, forward: true };
    values[':rp'] = prefix;
    return { index: INDEXES.byYear, condition: '#pk = :pk AND begins_with(#sk, :rp)', values, forward: true };
  }
  if (prefix) {
    const values: Record<string, string> = { ':pk': indexKeys.byRegion(prefix) };
    if (prefix.length > 2) values[':rp'] = prefix;
    return { index: INDEXES.byRegion, condition: prefix.length > 2 ? '#pk = :pk AND begins_with(#sk, :rp)' : '#pk = :pk', values, forward: true };
  }
  return { index: INDEXES.all, condition: '#pk = :pk', values: { ':pk': indexKeys.all }, forward: false };
}
