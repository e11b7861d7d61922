/**
 * S3 keys, never overwritten with other content: the original is content-addressed (its SHA-256
 * is its name, which is also its fixity), the derived JSON and page carry version and hash.
 * Only public/ is ever served publicly.
 */
export const objectKeys = (agency: string, year: number, version: number, sha256: string, ext: string) => ({
  original: `originals/${agency}/${year}/${sha256}.${ext}`,
  json: `data/${agency}/${year}/v${version}-${sha256.slice(0, 16)}.json`,
  html: `public/reports/${agency}/${year}/v${version}-${sha256.slice(0, 16)}.html`,
});

/** downloads: the data files the public site serves (and the CDN of public/ too) */
export const PREFIXES = {
  originals: 'originals/',
  data: 'data/',
  public: 'public/',
  downloads: 'public/data/',
  /** the rendered report pages */
  reports: 'public/reports/',
  /** pages of withdrawn versions, kept privately for the record */
  withdrawn: 'withdrawn/',
} as const;

export const reportLinks = (agency: string, year: number, version: number) => {
  const base = `/v1/reports/${agency}/${year}`;
  return { json: `${base}?version=${version}`, html: `${base}/html?version=${version}`, original: `${base}/original?version=${version}` };
};

/** Large uploads land here (presigned PUTs), are ingested once and deleted; never served. */
export const INCOMING_PREFIX = 'incoming/';
