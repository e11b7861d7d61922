import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/model/report';
import { layout } from '../support/document';
import { toDocx } from '../support/docx-writer';
import { MIYUN, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { sampleVariant } from '../support/variants';
import { defined } from '../support/defined';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** The fields these tests read from a JSON response: a checked report, a stored version, or a problem. */
interface Body {
  report: Report;
  version: number;
  sha256: string;
  type: string;
  detail: string;
}

/**
 * Sends the request target as raw bytes, as curl does with `?filename=广州….pdf`: Node's client
 * writes the path in Latin-1, so a UTF-8 string re-read as Latin-1 goes out as its UTF-8 bytes.
 */
function rawUtf8Post(
  base: string,
  pathAndQuery: string,
  body: Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Body | undefined }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: Buffer.from(pathAndQuery, 'utf8').toString('latin1'),
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const form = (bytes: Uint8Array, filename: string, type = 'application/octet-stream') => {
  const f = new FormData();
  f.append('note', '随表单提交的说明');
  f.append('upload', new Blob([bytes], { type }), filename);
  return f;
};

/** FormData always gives a Blob a filename ("blob"); a form part named file with none is written out here. */
const BOUNDARY = '----gongkai-test-boundary';
const fileFieldWithoutName = (bytes: Uint8Array) =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);

/** A multipart/form-data body written out part by part, as a client that is not a browser may send it. */
interface Part {
  name: string;
  filename?: string;
  type?: string;
  bytes: Uint8Array | string;
}
const multipart = (parts: Part[]) =>
  Buffer.concat([
    ...parts.flatMap((p) => [
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}\r\n` +
          `${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
      ),
      typeof p.bytes === 'string' ? Buffer.from(p.bytes) : p.bytes,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

describe('the bytes decide the kind, however the file is sent', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  const sample = readSample();
  const docxReport = buildReport('2021', 2022, MIYUN.name, distinctNumbers('2021'));
  let docx: Uint8Array;

  const post = (path: string, init: { body: Uint8Array | FormData; type?: string; auth?: boolean }) => {
    const headers: Record<string, string> = {};
    if (init.type) headers['content-type'] = init.type;
    if (init.auth) headers.authorization = `Bearer ${token}`;
    return fetch(`${archive.url}${path}`, { method: 'POST', headers, body: init.body }).then(async (r) => ({
      status: r.status,
      json: (await r.json()) as Body,
    }));
  };

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
    docx = await toDocx(layout(docxReport));
  });
  afterAll(() => archive.close());

  type Case = [string, () => { body: Uint8Array | FormData; type?: string }];
  const cases = (bytes: () => Uint8Array, name: string): Case[] => [
    ['no Content-Type', () => ({ body: bytes() })],
    ['application/octet-stream', () => ({ body: bytes(), type: 'application/octet-stream' })],
    ['text/plain', () => ({ body: bytes(), type: 'text/plain' })],
    ['image/png', () => ({ body: bytes(), type: 'image/png' })],
    ['application/pdf', () => ({ body: bytes(), type: 'application/pdf' })],
    ['a browser form, file part with a filename', () => ({ body: form(bytes(), name) })],
    ['a form part named file without a filename', () => ({ body: fileFieldWithoutName(bytes()), type: `multipart/form-data; boundary=${BOUNDARY}` })],
  ];

  describe.each([
    ['the sample text', () => sample, 'miyun.txt', (r: Body) => expect(r.report.agency).toBe(MIYUN.name)],
    ['a .docx', () => docx, 'report.docx', (r: Body) => expect(r.report).toEqual(docxReport)],
  ] as const)('%s', (_what, bytes, name, check) => {
    it.each(cases(bytes, name))('POST /v1/validate with %s', async (_how, make) => {
      const r = await post('/v1/validate', make());
      expect(r.status).toBe(200);
      check(r.json);
    });

    it.each(cases(bytes, name))('POST /v1/reports with %s: the file itself is what is stored', async (_how, make) => {
      const r = await post('/v1/reports', { ...make(), auth: true });
      expect([200, 201]).toContain(r.status);
      expect(r.json.sha256).toBe(sha(bytes()));
    });
  });

  it('an image is still refused by its bytes, whatever its type says (415)', async () => {
    for (const type of ['text/plain', 'application/octet-stream', undefined]) {
      const v = await post('/v1/validate', { body: PNG, type });
      expect(v.status).toBe(415);
      expect(v.json.detail).toContain('PNG');
      expect((await post('/v1/reports', { body: PNG, type, auth: true })).status).toBe(415);
    }
    expect((await post('/v1/validate', { body: form(PNG, 'scan.png', 'image/png') })).status).toBe(415);
  });

  it('a form without a file part is a 400 saying what to send', async () => {
    const f = new FormData();
    f.append('note', 'x');
    const r = await post('/v1/validate', { body: f });
    expect(r.status).toBe(400);
    expect(r.json.type).toBe('urn:gongkai:problem:no-file-part');
    expect(r.json.detail).toMatch(/[\u4e00-\u9fff]/);
  });

  describe('a form cut off before its closing boundary', () => {
    // The file part first, then a field: a cut in either part, or between them, leaves the form incomplete.
    const whole = () =>
      multipart([
        { name: 'upload', filename: 'miyun.txt', type: 'text/plain', bytes: sample },
        { name: 'note', bytes: '随表单提交的说明' },
      ]);
    const closing = () => whole().lastIndexOf(`\r\n--${BOUNDARY}--`);
    const cuts = () => {
      const body = whole();
      const fileStart = body.indexOf('\r\n\r\n') + 4;
      const noteStart = body.indexOf(`--${BOUNDARY}`, fileStart);
      return [
        0,
        10, // inside the first boundary line
        fileStart - 10, // inside the file part's headers
        fileStart, // right after them
        fileStart + 1000, // inside the file's bytes
        noteStart, // the file whole, the next boundary not yet sent
        noteStart + 20, // inside the field's headers
        closing() - 3, // inside the field's value
        closing(), // everything but the closing boundary
        closing() + 2 + BOUNDARY.length + 2, // the closing boundary without its final `--`
      ];
    };

    it('is a 400 asking to upload again, at every cut, and nothing is thrown past the request', async () => {
      expect(new Set(cuts()).size).toBe(cuts().length);
      // In Lambda an 'error' event nobody listens for ends the process: every request in it fails.
      const uncaught: unknown[] = [];
      const record = (err: unknown) => uncaught.push(err);
      process.on('uncaughtException', record);
      const answers: { cut: number; status: number; type: string; detail: string }[] = [];
      try {
        for (const cut of cuts()) {
          const r = await post('/v1/validate', { body: whole().subarray(0, cut), type: MULTIPART });
          answers.push({ cut, status: r.status, type: r.json.type, detail: r.json.detail });
        }
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('uncaughtException', record);
      }
      expect(uncaught.map(String)).toEqual([]);
      for (const a of answers) {
        expect(a, `cut at ${a.cut}`).toMatchObject({ status: 400, type: 'urn:gongkai:problem:incomplete-form' });
        expect(a.detail).toMatch(/不完整.*重新上传/);
      }
      const stored = await post('/v1/reports', { body: whole().subarray(0, defined(cuts()[4])), type: MULTIPART, auth: true });
      expect(stored.status).toBe(400);
      expect(stored.json.type).toBe('urn:gongkai:problem:incomplete-form');
      // The same form whole is read, by the same process.
      const r = await post('/v1/validate', { body: whole(), type: MULTIPART });
      expect(r.status).toBe(200);
      expect(r.json.report.agency).toBe(MIYUN.name);
    });
  });

  describe('which part of a form is the file', () => {
    it('the part named file, even without a filename and after a part that has one', async () => {
      const body = multipart([
        { name: 'upload', filename: 'scan.png', type: 'image/png', bytes: PNG },
        { name: 'file', type: 'application/octet-stream', bytes: sample },
      ]);
      const r = await post('/v1/validate', { body, type: MULTIPART });
      expect(r.status).toBe(200);
      expect(r.json.report.agency).toBe(MIYUN.name);
    });

    it('the part named file among several files with filenames: it is what is stored', async () => {
      const bytes = sampleVariant(44);
      const f = new FormData();
      f.append('cover', new Blob([PNG], { type: 'image/png' }), 'cover.png');
      f.append('file', new Blob([bytes], { type: 'text/plain' }), 'report.txt');
      f.append('appendix', new Blob([sampleVariant(45)], { type: 'text/plain' }), 'appendix.txt');
      const r = await post('/v1/reports', { body: f, auth: true });
      expect(r.status).toBe(201);
      expect(r.json.sha256).toBe(sha(bytes));
    });

    it('two files with filenames and none named file: a 400, not a guess', async () => {
      for (const order of [
        [sample, PNG],
        [PNG, sample],
        [sample, sampleVariant(46)],
      ]) {
        const f = new FormData();
        f.append('note', 'x');
        f.append('a', new Blob([defined(order[0])]), 'a.txt');
        f.append('b', new Blob([defined(order[1])]), 'b.txt');
        for (const [path, auth] of [
          ['/v1/validate', false],
          ['/v1/reports', true],
        ] as const) {
          const r = await post(path, { body: f, auth });
          expect(r.status).toBe(400);
          expect(r.json.type).toBe('urn:gongkai:problem:multiple-file-parts');
          expect(r.json.detail).toBe('表单中有多个文件，请只上传一份年报，或将年报放在名为 file 的字段中');
        }
      }
    });

    it('a file input left empty (filename="", no bytes) is no file: the one real file is read', async () => {
      const body = multipart([
        { name: 'attachment', filename: '', type: 'application/octet-stream', bytes: '' },
        { name: 'upload', filename: 'miyun.txt', type: 'text/plain', bytes: sample },
        { name: 'more', filename: '', type: 'application/octet-stream', bytes: '' },
      ]);
      const r = await post('/v1/validate', { body, type: MULTIPART });
      expect(r.status).toBe(200);
      expect(r.json.report.agency).toBe(MIYUN.name);
    });
  });

  // The uploaded name is on record in the versions listing (downloads use the archive's own name).
  const recordedName = async (version: number) => {
    const r = await fetch(`${archive.url}/v1/reports/miyun-kw/2021/versions`);
    const versions = ((await r.json()) as { versions: { version: number; filename: string }[] }).versions;
    return defined(versions.find((v) => v.version === version)).filename;
  };

  it.each(['/v1/validate', '/v1/reports'])('a raw UTF-8 ?filename= (as curl sends it) works on %s', async (path) => {
    const bytes = sampleVariant(path === '/v1/validate' ? 40 : 41);
    const name = '广州市天河区教育局2023年报.pdf';
    const r = await rawUtf8Post(archive.url, `${path}?filename=${name}`, bytes, path === '/v1/reports' ? { authorization: `Bearer ${token}` } : {});
    expect(r.status).toBe(path === '/v1/validate' ? 200 : 201);
    if (path === '/v1/reports') expect(await recordedName(defined(r.json).version)).toBe(name);
  });

  it('bidi controls, C0/C1 controls and zero-width characters are stripped from recorded names', async () => {
    const query = await post(`/v1/reports?filename=${encodeURIComponent('年报\u202Excod.\u200Bexe\u0007\u0085\u2066.txt')}`, {
      body: sampleVariant(42),
      type: 'text/plain',
      auth: true,
    });
    expect(query.status).toBe(201);
    expect(await recordedName(query.json.version)).toBe('年报xcod.exe.txt');
    const viaForm = await post('/v1/reports', { body: form(sampleVariant(43), '\u202E年报\uFEFF\u2069.txt', 'text/plain'), auth: true });
    expect(viaForm.status).toBe(201);
    expect(await recordedName(viaForm.json.version)).toBe('年报.txt');
  });
});
