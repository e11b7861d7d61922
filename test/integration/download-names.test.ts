import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadName } from '../../shared/archive/read-reports';
import { client, freshArchive, readSample, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';

const BIDI_C1_ZW = /[\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Originals are served under the archive's own name; the uploaded one is kept, cleaned, on record. */
describe('download names', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
  });
  afterAll(() => archive.close());

  it('年报\\u202Efdp.exe is served as miyun-kw-2021-v1.txt, and recorded without the override', async () => {
    const name = '年报\u202Efdp.exe';
    const up = await call('POST', `/v1/reports?filename=${encodeURIComponent(name)}`, { token, body: readSample(), type: 'text/plain' });
    expect(up.status).toBe(201);
    const r = await call('GET', '/v1/reports/miyun-kw/2021/original');
    const disposition = r.headers.get('content-disposition') ?? '';
    expect(disposition).toBe(`attachment; filename="miyun-kw-2021-v1.txt"; filename*=UTF-8''miyun-kw-2021-v1.txt`);
    expect(decodeURIComponent(disposition)).not.toMatch(BIDI_C1_ZW);
    expect(disposition).not.toContain('exe');

    const versions = await call('GET', '/v1/reports/miyun-kw/2021/versions');
    expect(versions.json.versions[0].filename).toBe('年报fdp.exe');
  });

  it('the extension is the detected kind’s, never the uploaded name’s', async () => {
    const up = await call('POST', `/v1/reports?filename=${encodeURIComponent('report\u0085\u2067.pdf')}`, {
      token,
      body: sampleVariant(5),
      type: 'text/plain',
    });
    expect(up.status).toBe(201);
    const r = await call('GET', `/v1/reports/miyun-kw/2021/original?version=${up.json.version}`);
    expect(r.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="miyun-kw-2021-v${up.json.version}\\.txt"`));
    const versions = await call('GET', '/v1/reports/miyun-kw/2021/versions');
    expect(versions.json.versions.find((v: { version: number }) => v.version === up.json.version).filename).toBe('report.pdf');
  });

  it.each([
    ['application/pdf', 'pdf'],
    ['text/html; charset=gb18030', 'html'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['application/msword', 'doc'],
    ['application/x-unknown', 'bin'],
  ])('a %s original is named .%s', (contentType, ext) => {
    expect(downloadName({ agency: 'a', year: 2020, version: 3, contentType })).toBe(`a-2020-v3.${ext}`);
  });
});
