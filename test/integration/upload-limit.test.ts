import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, clearOfHourTurn, client, freshArchive } from '../support/local';
import { sampleVariant } from '../support/variants';

/** One agency's uploads per hour are capped, so it cannot use up the throttle every agency shares. */
describe('the hourly upload limit per agency', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let miyun: string;
  let other: string;
  beforeAll(async () => {
    archive = await freshArchive({ uploadsPerHour: 3 });
    call = client(archive.url);
    miyun = (await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'miyun-kw', name: '北京市密云区科学技术委员会', region: '110118' } })).json.token;
    other = (await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'miyun-kw-2', name: '北京市密云区科学技术委员会', region: '110118' } })).json.token;
  });
  afterAll(() => archive.close());

  const upload = (token: string, n: number) => call('POST', '/v1/reports', { token, body: sampleVariant(n), type: 'text/plain' });

  it('the fourth upload in an hour is a 429 in Chinese with Retry-After, audited; another agency is not affected', async () => {
    await clearOfHourTurn();
    for (let i = 0; i < 3; i++) expect((await upload(miyun, 900 + i)).status).toBe(201);
    const refused = await upload(miyun, 903);
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ type: 'urn:gongkai:problem:too-many-uploads', limit: 3 });
    expect(refused.json.detail).toContain('上限');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect((await upload(other, 904)).status).toBe(201);
    const audit = await call('GET', '/v1/audit?agency=miyun-kw', { token: ADMIN });
    expect(audit.json.items.map((r: { status: number }) => r.status)).toContain(429);
  }, 120_000);
});
