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

export const INDEXES = {
  /** latest versions of one year, by region then agency: YEAR#{year} / {region}#{agency} */
  byYear: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK' },
  /** one agency's latest versions, by year */
  byAgency: { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK' },
  /** every latest version, newest year first */
  all: { name: 'GSI3', pk: 'GSI3PK', sk: 'GSI3SK' },
  /** latest versions within one province, by region: REGION#{2 digits} / {region}#{year}#{agency} */
  byRegion: { name: 'GSI4', pk: 'GSI4PK', sk: 'GSI4SK' },
  /** latest versions by upload time, newest first: the home page and the feed */
  recent: { name: 'GSI5', pk: 'GSI5PK', sk: 'GSI5SK' },
  /** sparse: latest versions above 1 (corrections), by upload time */
  corrected: { name: 'GSI6', pk: 'GSI6PK', sk: 'GSI6SK' },
  /** sparse: latest versions with errors: ERRORS / {year}#{region}#{agency} */
  withErrors: { name: 'GSI7', pk: 'GSI7PK', sk: 'GSI7SK' },
  /** sparse: latest versions whose tables could not all be read, keyed as withErrors */
  unchecked: { name: 'GSI8', pk: 'GSI8PK', sk: 'GSI8SK' },
  /** the ROW items of one year, by region: ROWS#{year} / {region}#{agency} (the downloads) */
  rows: { name: 'GSI9', pk: 'GSI9PK', sk: 'GSI9SK' },
  /** every agency profile, by region then id: AGENCIES / {region}#{id} (the admin's list) */
  agencies: { name: 'GSI10', pk: 'GSI10PK', sk: 'GSI10SK' },
  /** sparse: DERIVED records whose narrative is much like another report's: COPIED#{year} / {share‰}#{agency} */
  copied: { name: 'GSI11', pk: 'GSI11PK', sk: 'GSI11SK' },
} as const;

export const ALL_INDEXES = Object.values(INDEXES);
