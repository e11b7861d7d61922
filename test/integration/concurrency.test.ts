import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate } from '../../shared/archive/stats';
import { client, freshArchive, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';

describe('concurrent uploads for the same agency and year', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
  });
  afterAll(() => archive.close());

  const upload = (body: Uint8Array) => call('POST', '/v1/reports', { token, body, type: 'text/plain' });
  // Each test counts what is already there, so it holds alone (-t) and in any order.
  const versionsNow = async () => ((await call('GET', '/v1/reports/miyun-kw/2021/versions')).json?.versions ?? []) as { version: number; sha256: string }[];

  it('two different reports at once: each gets its own version', async () => {
    const before = (await versionsNow()).length;
    const [a, b] = await Promise.all([upload(sampleVariant(10)), upload(sampleVariant(11))]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.json.version, b.json.version].sort()).toEqual([before + 1, before + 2]);
  });

  it('the same bytes twice at once: one new version, one idempotent repeat', async () => {
    const before = (await versionsNow()).length;
    const bytes = sampleVariant(12);
    const [a, b] = await Promise.all([upload(bytes), upload(bytes)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.json.version).toBe(b.json.version);
    expect(a.json.version).toBe(before + 1);
  });

  let next = 13;
  it.each([2, 10, 50])(
    '%i at once, a fifth of them repeats: each a distinct version or an idempotent repeat, gapless',
    async (n) => {
      const before = (await versionsNow()).length;
      const distinct = Array.from({ length: n - Math.floor(n / 5) }, () => sampleVariant(next++));
      const bodies = [...distinct, ...distinct.slice(0, Math.floor(n / 5))];
      const results = await Promise.all(bodies.map(upload));
      expect(results.filter((r) => r.status !== 200 && r.status !== 201).map((r) => `${r.status} ${r.text}`)).toEqual([]);
      expect(results.filter((r) => r.status === 201)).toHaveLength(distinct.length);
      const versions = await versionsNow();
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: before + distinct.length }, (_, i) => i + 1));
      expect(new Set(versions.map((v) => v.sha256)).size).toBe(versions.length);
      for (const r of results) expect(versions.find((v) => v.version === r.json.version)?.sha256).toBe(r.json.sha256);
      expect((await call('GET', '/v1/reports')).json.items[0].version).toBe(versions.length);
      // The statistics count the agency-year once, with the latest version's figures.
      const row = await archive.ports.index.getRow('miyun-kw', 2021);
      expect(row).toMatchObject({ version: versions.length });
      expect(row?.pending).toBeUndefined();
      const national = aggregate(await archive.ports.index.getStats(2021, '000000'));
      expect(national.reports).toBe(1);
      const figures = Object.entries(row!.cells).filter(([, v]) => v);
      expect(figures.length).toBeGreaterThan(0);
      for (const [key, value] of figures) expect(national.cells[key], key).toBe(value);
      // A burst of 50 commits one per round by design; on a loaded 2-core CI machine that takes longer than the default.
    },
    120_000,
  );
});
