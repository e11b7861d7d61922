/** S3 keys: immutable, version and content hash in the name; only public/ is ever served publicly. */
export const EXTENSIONS = { text: 'txt', html: 'html', docx: 'docx' } as const;

export const objectKeys = (agency: string, year: number, version: number, sha256: string, ext: string) => ({
  original: `originals/${agency}/${year}/v${version}-${sha256}.${ext}`,
  json: `data/${agency}/${year}/v${version}-${sha256.slice(0, 16)}.json`,
  html: `public/reports/${agency}/${year}/v${version}-${sha256.slice(0, 16)}.html`,
});

export const PREFIXES = { originals: 'originals/', data: 'data/', public: 'public/' } as const;

export const reportLinks = (agency: string, year: number, version: number) => {
  const base = `/v1/reports/${agency}/${year}`;
  return { json: `${base}?version=${version}`, html: `${base}/html?version=${version}`, original: `${base}/original?version=${version}` };
};
