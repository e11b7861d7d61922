import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';
import { createHash } from 'node:crypto';
import { defined } from '../support/defined';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('audit trail', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  const logs: string[] = [];
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
    // Capture the request log for this test's uploads.
    process.env.LOG_LEVEL = 'info';
    process.stdout.write = ((chunk: string | Uint8Array) => {
      logs.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
  });
  afterAll(async () => {
    process.stdout.write = write;
    process.env.LOG_LEVEL = 'silent';
    await archive.close();
  });

  it('records every accepted and rejected upload: who, when, sha256, outcome, finding counts', async () => {
    const sample = readSample();
    const text = sample.toString('utf8');
    const at = text.indexOf('一、本年新收政府信息公开申请数量');
    const zero = text.indexOf('\t0', at);
    const broken = Buffer.from(`${text.slice(0, zero)}\t5${text.slice(zero + 2)}`);
    const statuses = [
      (await call('POST', '/v1/reports', { token, body: sample, type: 'text/plain' })).status,
      (await call('POST', '/v1/reports', { token, body: sample, type: 'text/plain' })).status,
      (await call('POST', '/v1/reports', { token, body: broken, type: 'text/plain' })).status,
      (await call('POST', '/v1/reports', { token, body: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), type: 'text/plain' })).status,
      (await call('POST', '/v1/reports', { token, body: Buffer.from('随便一段话。'), type: 'text/plain' })).status,
    ];
    expect(statuses).toEqual([201, 200, 422, 415, 422]);
    const r = await call('GET', '/v1/audit?agency=miyun-kw', { token: ADMIN });
    expect(r.status).toBe(200);
    // The trail also holds the agency's registration; this test is about its uploads.
    const all = r.json.items as { action?: string }[];
    expect(all.at(-1)).toMatchObject({ action: 'register-agency', actor: 'admin' });
    const items = all.filter((i) => i.action === 'upload') as {
      outcome: string;
      status: number;
      sha256: string;
      actor: string;
      at: string;
      errors: number;
      problem?: string;
      year?: number;
      version?: number;
    }[];
    // Newest first.
    expect(items.map((i) => [i.outcome, i.status, i.problem ?? null])).toEqual([
      ['rejected', 422, 'not-a-report'],
      ['rejected', 415, 'unsupported-media-type'],
      ['rejected', 422, 'validation-failed'],
      ['unchanged', 200, null],
      ['created', 201, null],
    ]);
    const tokenId = token.slice(3, 19);
    for (const i of items) {
      expect(i.actor).toBe(`token:${tokenId}`);
      expect(Date.parse(i.at)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(items[4]).toMatchObject({ sha256: sha(sample), year: 2021, version: 1, errors: 0 });
    expect(items[2]).toMatchObject({ sha256: sha(broken), year: 2021, errors: 2 });
  });

  it('never writes a token to the log', async () => {
    await call('POST', '/v1/reports', { token, body: sampleVariant(3), type: 'text/plain' });
    await call('GET', '/v1/audit?agency=miyun-kw', { token: ADMIN });
    const text = logs.join('');
    expect(text).toContain('"route":"POST /v1/reports"');
    expect(text).not.toContain(defined(token.split('.')[1]));
    expect(text).not.toContain(ADMIN);
  });
});

describe('published versions are superseded, never edited or deleted through the API', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
    await call('POST', '/v1/reports', { token, body: readSample(), type: 'text/plain' });
  });
  afterAll(() => archive.close());

  it.each(['PUT', 'PATCH', 'DELETE'])('%s on a report is not a route', async (method) => {
    for (const path of ['/v1/reports/miyun-kw/2021', '/v1/reports/miyun-kw/2021/original', '/v1/reports/miyun-kw/2021/versions']) {
      expect((await call(method, path, { token, body: 'x', type: 'text/plain' })).status).toBe(404);
      expect((await call(method, path, { token: ADMIN })).status).toBe(404);
    }
  });

  it('a correction adds a version and leaves the first byte for byte as it was', async () => {
    const first = await call('GET', '/v1/reports/miyun-kw/2021/original?version=1');
    const page = await call('GET', '/v1/reports/miyun-kw/2021/html?version=1');
    expect((await call('POST', '/v1/reports', { token, body: sampleVariant(8), type: 'text/plain' })).json.version).toBe(2);
    expect(sha((await call('GET', '/v1/reports/miyun-kw/2021/original?version=1')).bytes)).toBe(sha(first.bytes));
    expect(sha((await call('GET', '/v1/reports/miyun-kw/2021/html?version=1')).bytes)).toBe(sha(page.bytes));
  });
});
