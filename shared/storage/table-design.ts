/**
 * The single-table design, shared by the CDK table and the local server's CreateTable so that
 * both have the same keys and indexes. Items:
 *   AGENCY#{id}            PROFILE      agency profile
 *   TOKEN#{tokenId}        TOKEN        upload token (salted hash only)
 *   REPORT#{agency}#{year} V#{000001}   one immutable version; the conditional put is the commit
 *   REPORT#{agency}#{year} LATEST       the listing's copy of the newest version (GSIs below)
 *   AUDIT#{agency}         {time}#{id}  audit trail of uploads
 */
export const KEY = { pk: 'PK', sk: 'SK' } as const;

export const INDEXES = {
  /** latest versions of one year, by region then agency */
  byYear: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK' },
  /** one agency's latest versions, by year */
  byAgency: { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK' },
  /** every latest version, newest year first */
  all: { name: 'GSI3', pk: 'GSI3PK', sk: 'GSI3SK' },
  /** one region's latest versions, newest year first */
  byRegion: { name: 'GSI4', pk: 'GSI4PK', sk: 'GSI4SK' },
} as const;

export const ALL_INDEXES = Object.values(INDEXES);
