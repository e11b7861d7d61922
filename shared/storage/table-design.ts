/**
 * The single-table design, shared by the CDK table and the local server's CreateTable so that
 * both have the same keys and indexes. Items:
 *   AGENCY#{id}            PROFILE      agency profile (GSI10: the admin's list of agencies)
 *   AGENCY#{id}            TOKEN#{tokenId} the agency's token list: id and dates only, never the hash
 *   TOKEN#{tokenId}        TOKEN        upload token (salted hash only)
 *   REPORT#{agency}#{year} V#{000001}   one immutable version; the conditional put is the commit
 *   REPORT#{agency}#{year} LATEST       the listing's copy of the newest version (GSIs below)
 *   REPORT#{agency}#{year} ROW          the newest version's cells: downloads, and the statistics ledger
 *   STATS#{year}|STATS#ALL L{n}#{code}  a region's roll-up (n: 0 country, 1 province, 2 city, 3 county)
 *   STATS                  META         the years and agency levels that have reports
 *   EXPORT#{year}|EXPORT#ALL STATE      which statistics revision the published download was built from
 *   AUDIT#{agency}         {time}#{id}  audit trail: uploads, refused attempts of known tokens, agency and token actions
 *   RATE#{agency}          {hour}       uploads counted in that hour (expires)
 *   REPORT#{agency}#{year} DERIVED      cross-year and copied-narrative findings, publication date and deadline
 *   LSH#{year}#{band}      {agency}     a report filed in one MinHash band bucket of its year
 * The keys themselves are built in `table-keys.ts`, which CDK's grants read too.
 * Region codes are GB/T 2260; a place's code starts with its province's and city's prefixes, so
 * "every place under 440100" is `begins_with(…, '4401')` on keys that start with the region.
 */
export const KEY = { pk: 'PK', sk: 'SK' } as const;

/** Items that expire (upload counters): DynamoDB's TTL attribute, epoch seconds. */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * What each index copies of an item: every index write costs the projected entry's size (in 1 KB
 * steps), and a table write that changes no projected attribute writes no index entry at all.
 * Two ways for a reader that wants more than the keys:
 * - `KEYS_ONLY`, then the page's items by key (one BatchGetItem): for listings of a page or two of
 *   large, often rewritten items. One more round trip and a read of each whole item, against index
 *   entries of a few hundred bytes that a rewrite of the item (a correction, a new finding) leaves alone.
 * - `INCLUDE` the attributes the reader decodes: for readers that walk a whole partition (the
 *   downloads read every ROW of a year; fetching 150,000 rows by key would be 1,500 batches), and for
 *   the filters a query evaluates on the index, which sees only what is projected.
 * DynamoDB allows at most 100 INCLUDE attributes summed over a table's indexes (checked by the infra test).
 */
export type Projection = { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] };

/** The attributes a listing filters on (`hasErrors`, `has`, `region`, `level`, `q`): the filter runs on the index. */
const LISTING_FILTERS = ['hasErrors', 'checked', 'region', 'level', 'search'] as const;
/** The listing indexes of LATEST copies: their keys and filter attributes; the page's records are read by key. */
const LISTING: Projection = { type: 'INCLUDE', attributes: LISTING_FILTERS };
const KEYS_ONLY: Projection = { type: 'KEYS_ONLY' };
/** A ROW as the downloads read it: every field, its write count (`rev`) included, so a listed row is the row. */
export const ROW_PROJECTION = [
  'agency',
  'agencyName',
  'region',
  'level',
  'year',
  'version',
  'format',
  'checked',
  'errors',
  'warnings',
  'published',
  'cells',
  'unread',
  'entered',
  'withdrawn',
  'empty',
  'rev',
] as const;
/** A profile, as the admin's list shows it, with the normalized names its `q` filter searches (a small item: the whole of it). */
const AGENCY_PROJECTION = ['id', 'name', 'region', 'level', 'kind', 'aliases', 'createdAt', 'updatedAt', 'search'] as const;

export const INDEXES = {
  /** latest versions of one year, by region then agency: YEAR#{year} / {region}#{agency} */
  byYear: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', projection: LISTING },
  /** one agency's latest versions, by year */
  byAgency: { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK', projection: LISTING },
  /** every latest version, newest year first */
  all: { name: 'GSI3', pk: 'GSI3PK', sk: 'GSI3SK', projection: LISTING },
  /** latest versions within one province, by region: REGION#{2 digits} / {region}#{year}#{agency} */
  byRegion: { name: 'GSI4', pk: 'GSI4PK', sk: 'GSI4SK', projection: LISTING },
  /** latest versions by upload time, newest first: the home page and the feed (never filtered) */
  recent: { name: 'GSI5', pk: 'GSI5PK', sk: 'GSI5SK', projection: KEYS_ONLY },
  /** sparse: latest versions above 1 (corrections), by upload time (never filtered) */
  corrected: { name: 'GSI6', pk: 'GSI6PK', sk: 'GSI6SK', projection: KEYS_ONLY },
  /** sparse: latest versions with errors: ERRORS / {year}#{region}#{agency} */
  withErrors: { name: 'GSI7', pk: 'GSI7PK', sk: 'GSI7SK', projection: LISTING },
  /** sparse: latest versions whose tables could not all be read, keyed as withErrors */
  unchecked: { name: 'GSI8', pk: 'GSI8PK', sk: 'GSI8SK', projection: LISTING },
  /** the ROW items of one year, by region, in 16 shards by agency: ROWS#{year}#{shard} / {region}#{agency} (the downloads) */
  rows: { name: 'GSI9', pk: 'GSI9PK', sk: 'GSI9SK', projection: { type: 'INCLUDE', attributes: ROW_PROJECTION } },
  /** every agency profile, by region then id: AGENCIES / {region}#{id} (the admin's list) */
  agencies: { name: 'GSI10', pk: 'GSI10PK', sk: 'GSI10SK', projection: { type: 'INCLUDE', attributes: AGENCY_PROJECTION } },
  /**
   * sparse: DERIVED records whose narrative is much like another report's: COPIED#{year} / {share‰}#{agency};
   * keys only, as DERIVED records are large and rewritten whenever a neighbour changes
   */
  copied: { name: 'GSI11', pk: 'GSI11PK', sk: 'GSI11SK', projection: KEYS_ONLY },
} as const satisfies Record<string, { name: string; pk: string; sk: string; projection: Projection }>;

export type IndexDesign = (typeof INDEXES)[keyof typeof INDEXES];

export const ALL_INDEXES: readonly IndexDesign[] = Object.values(INDEXES);

/**
 * An item as one index holds it: the table's and the index's keys and the projected attributes.
 * The in-memory twin reads its listings through this, so that a reader relying on an attribute the
 * index does not hold fails there as it does on DynamoDB.
 */
export function projected(index: IndexDesign, entry: object): Record<string, unknown> {
  const item = entry as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const kept = [KEY.pk, KEY.sk, index.pk, index.sk, ...(index.projection.type === 'INCLUDE' ? index.projection.attributes : [])];
  for (const name of kept) if (item[name] !== undefined) out[name] = item[name];
  return out;
}
