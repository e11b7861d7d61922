import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestHandler } from '../../functions/ingest';
import { createIncoming } from '../../functions/runtime';
import { BUCKET } from '../../local/local-archive';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-stack';
import { MAX_BODY_BYTES } from '../../shared/http/types';
import { StorageUnavailable } from '../../shared/storage/ports';
import { MAX_LARGE_UPLOAD_BYTES } from '../../shared/archive/large-uploads';
import { ADMIN, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { PDF_RECIPES, pdfFixturePath } from '../support/pdf-fixtures';
import { defined } from '../support/defined';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * The whole large-upload flow against npm start's stack: announce, PUT to the presigned URL on the
 * local S3-API server, the emulated S3 event runs the ingest, the outcome shows on the upload.
 */
describe('large uploads through /v1/uploads', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let miyun: string;
  let hangzhou: string;
  const recipe = defined(PDF_RECIPES.find((r) => r.producer === 'libreoffice' && r.format === '2019'));
  // Over the direct limit: the PDF with a comment of padding after its end, which readers ignore.
  const pdf = Buffer.concat([readFileSync(pdfFixturePath(recipe.file)), Buffer.from('\n%'), Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20), Buffer.from('\n')]);

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    miyun = await registerMiyun(call);
    const r = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'hangzhou', name: recipe.agency, region: '330100' } });
    hangzhou = r.json.token;
  });
  afterAll(() => archive.close());

  const announce = (token: string, body: unknown) => call('POST', '/v1/uploads', { token, json: body });
  const put = (url: string, bytes: Uint8Array, headers: Record<string, string>) =>
    fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': defined(headers['content-type']) } });

  async function settled(token: string, id: string) {
    for (let i = 0; i < 300; i++) {
      const r = await call('GET', `/v1/uploads/${id}`, { token });
      if (r.json?.status !== 'pending') return r;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`upload ${id} still pending`);
  }

  it('a PDF over the direct limit: pending, then stored, then served like any upload', async () => {
    expect(pdf.length).toBeGreaterThan(MAX_BODY_BYTES);
    const started = await announce(hangzhou, { filename: '杭州市2019年报.pdf', contentType: 'application/pdf', size: pdf.length });
    expect(started.status, started.text).toBe(201);
    expect(started.json).toMatchObject({ method: 'PUT', headers: { 'content-type': 'application/pdf', 'content-length': String(pdf.length) } });
    expect(started.headers.get('location')).toBe(`/v1/uploads/${started.json.id}`);
    // The URL is the local S3-API server, signed for the type and the length, for 15 minutes.
    const url = new URL(started.json.url);
    expect(url.origin).toBe(archive.s3.endpoint);
    expect(url.pathname).toMatch(new RegExp(`/incoming/hangzhou/${started.json.id}$`));
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type']));
    expect(Date.parse(started.json.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);

    const pending = await call('GET', `/v1/uploads/${started.json.id}`, { token: hangzhou });
    expect(pending.json).toMatchObject({ status: 'pending', filename: '杭州市2019年报.pdf', size: pdf.length });

    expect((await put(started.json.url, pdf, started.json.headers)).status).toBe(200);
    const done = await settled(hangzhou, started.json.id);
    expect(done.json).toMatchObject({ status: 'stored', result: { status: 201, agency: 'hangzhou', year: recipe.year, version: 1, sha256: sha(pdf) } });

    const report = await call('GET', done.json.result.links.json);
    expect(report.status).toBe(200);
    expect(report.json.report.format).toBe(recipe.format);
    const original = await call('GET', done.json.result.links.original);
    expect(sha(original.bytes)).toBe(sha(pdf));
    // Audited as the token that asked for the URL; the incoming object is gone.
    const audit = await call('GET', '/v1/audit?agency=hangzhou', { token: ADMIN });
    // The agency's registration is in its trail too; the upload is the one record of action upload.
    const uploads = audit.json.items.filter((r: { action?: string }) => r.action === 'upload');
    expect(uploads).toMatchObject([{ outcome: 'created', sha256: sha(pdf), actor: expect.stringMatching(/^token:/) }]);
    const incoming = createIncoming({ bucket: BUCKET }, { s3: archive.s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const key = `incoming/hangzhou/${started.json.id}`;
    expect(await incoming.get(key)).toBeUndefined();
    // A redelivered event (S3 and EventBridge deliver at least once) changes nothing.
    const again = await ingestHandler(
      archive.ports,
      incoming,
    )({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: BUCKET }, object: { key, size: pdf.length } },
    });
    expect(again.outcome).toBe('ignored');
    expect((await call('GET', `/v1/uploads/${started.json.id}`, { token: hangzhou })).json).toEqual(done.json);
    expect((await call('GET', `/v1/reports/hangzhou/${recipe.year}/versions`)).json.versions).toHaveLength(1);
  });

  it('a report with errors is refused, with the problem and its findings on the upload', async () => {
    const text = readSample().toString('utf8');
    const at = text.indexOf('一、本年新收政府信息公开申请数量');
    const zero = text.indexOf('\t0', at);
    const broken = Buffer.from(`${text.slice(0, zero)}\t5${text.slice(zero + 2)}`);
    const started = await announce(miyun, { filename: 'miyun.txt', contentType: 'text/plain', size: broken.length });
    expect((await put(started.json.url, broken, started.json.headers)).status).toBe(200);
    const done = await settled(miyun, started.json.id);
    expect(done.json).toMatchObject({ status: 'refused', problem: { status: 422, type: 'urn:gongkai:problem:validation-failed' } });
    expect(done.json.problem.detail).toContain('报告有 2 处错误');
    expect(done.json.problem.findings.map((f: { rule: string }) => f.rule)).toEqual(['T3_BALANCE', 'T3_ROW_TOTAL']);
    expect((await call('GET', '/v1/reports/miyun-kw/2021')).status).toBe(404);
  });

  it('bytes of another size than announced are refused (S3 refuses them on AWS; the ingest checks too)', async () => {
    const sample = readSample();
    const started = await announce(miyun, { filename: 'miyun.txt', contentType: 'text/plain', size: sample.length + 10 });
    await put(started.json.url, sample, started.json.headers);
    const done = await settled(miyun, started.json.id);
    expect(done.json).toMatchObject({ status: 'refused', problem: { status: 400, type: 'urn:gongkai:problem:size-mismatch' } });
  });

  it('a storage failure during the ingest is thrown (Lambda retries, then dead-letters) and leaves the upload pending with its object', async () => {
    const sample = readSample();
    const started = await announce(miyun, { filename: 'miyun.txt', contentType: 'text/plain', size: sample.length });
    const key = `incoming/miyun-kw/${started.json.id}`;
    // The object as the ingest reads it, kept here: a real PUT would start the working ingest too.
    const deleted: string[] = [];
    const incoming = {
      presignPut: () => Promise.reject(new Error('not used')),
      get: async (k: string) => (k === key ? { bytes: sample, contentType: 'text/plain' } : undefined),
      delete: async (k: string) => void deleted.push(k),
    };
    const down: typeof archive.ports = {
      ...archive.ports,
      archive: { ...archive.ports.archive, put: () => Promise.reject(new StorageUnavailable('archive', new Error('down'))) },
    };
    const event = { source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: BUCKET }, object: { key, size: sample.length } } } as const;
    await expect(ingestHandler(down, incoming)(event)).rejects.toBeInstanceOf(StorageUnavailable);
    expect((await call('GET', `/v1/uploads/${started.json.id}`, { token: miyun })).json.status).toBe('pending');
    expect(deleted).toEqual([]);
    // The retry, with storage back, stores it.
    expect((await ingestHandler(archive.ports, incoming)(event)).outcome).toBe('stored');
    expect((await call('GET', `/v1/uploads/${started.json.id}`, { token: miyun })).json).toMatchObject({ status: 'stored', result: { version: 1 } });
    expect(deleted).toEqual([key]);
  });

  it("another agency's token cannot see an upload: 404, as if it did not exist", async () => {
    const started = await announce(miyun, { filename: 'miyun.txt', contentType: 'text/plain', size: 100 });
    const other = await call('GET', `/v1/uploads/${started.json.id}`, { token: hangzhou });
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('miyun');
    expect((await call('GET', `/v1/uploads/${started.json.id}`, { token: ADMIN })).status).toBe(401);
  });

  it('refuses over 50 MB with a 413 that states the limit, before any URL is signed', async () => {
    const r = await announce(miyun, { filename: '大.pdf', contentType: 'application/pdf', size: MAX_LARGE_UPLOAD_BYTES + 1 });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ type: 'urn:gongkai:problem:payload-too-large', limitBytes: MAX_LARGE_UPLOAD_BYTES });
    expect(r.json.detail).toContain('50 MB');
    expect(r.json.url).toBeUndefined();
  });

  it('a bad announcement is a 400 in Chinese', async () => {
    const r = await announce(miyun, { filename: 'a/b.pdf', contentType: 'application/pdf; charset=x', size: 1.5 });
    expect(r.status).toBe(400);
    expect(r.json.detail).toMatch(/文件名不能包含路径/);
    expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['contentType', 'filename', 'size']);
    const notJson = await call('POST', '/v1/uploads', { token: miyun, body: 'x', type: 'application/json' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.detail).toContain('JSON');
  });

  it('a direct upload over 4 MiB gets a 413 that points to /v1/uploads', async () => {
    const r = await call('POST', '/v1/reports', { token: miyun, body: new Uint8Array(5 * 1024 * 1024).fill(0x41), type: 'text/plain' });
    expect(r.status).toBe(413);
    expect(r.json.detail).toContain('/v1/uploads');
    expect(r.json.largeUploads).toBe('/v1/uploads');
  });
});
