import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_DOCX, HOSTILE_PDFS, nestedForms } from '../support/hostile-pdfs';
import { client, freshArchive, MIYUN, readSample, registerMiyun } from '../support/local';

const CHINESE = /[\u4e00-\u9fff]/;

describe('hostile documents through the local archive: a precise 4xx, and the next request is served', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
  });
  afterAll(() => archive.close());

  const shapes: [string, () => Uint8Array, string][] = [
    ...HOSTILE_PDFS.map(([name, make]): [string, () => Uint8Array, string] => [name, make, 'report.pdf']),
    ...HOSTILE_DOCX.map(([name, make]): [string, () => Uint8Array, string] => [name, make, 'report.docx']),
    ['PDF: forms drawing forms (only the time budget stops it)', () => nestedForms(), 'report.pdf'],
  ];

  it.each(shapes)(
    'POST /v1/validate: %s',
    async (_name, make, filename) => {
      const r = await call('POST', `/v1/validate?filename=${filename}`, { body: make() });
      expect(r.status).toBe(422);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.json).toMatchObject({ type: 'urn:gongkai:problem:too-complex', status: 422, code: 'TOO_COMPLEX' });
      expect(r.json.detail).toMatch(CHINESE);
      // The function is healthy for the next request: a real report validates right after.
      const next = await call('POST', '/v1/validate?filename=report.txt', { body: readSample() });
      expect(next.status).toBe(200);
      expect(next.json.report.agency).toBe(MIYUN.name);
    },
    120_000,
  );

  it('an upload of a hostile file is refused and stores nothing; the real report is stored after it', async () => {
    const token = await registerMiyun(call);
    const refused = await call('POST', '/v1/reports?filename=report.pdf', { token, body: nestedForms() });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ type: 'urn:gongkai:problem:too-complex', code: 'TOO_COMPLEX' });
    expect((await call('GET', `/v1/reports/${MIYUN.id}/2021`)).status).toBe(404);
    const stored = await call('POST', '/v1/reports?filename=report.txt', { token, body: readSample() });
    expect(stored.status).toBe(201);
    expect(stored.json.version).toBe(1);
  }, 120_000);
});
