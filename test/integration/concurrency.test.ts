import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate } from '../../shared/archive/stats';
import { client, freshArchive, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';
import { defined } from '../support/defined';

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
  async function uploadUntilAnswered(body: Uint8Array) {
    for (let attempt = 0; ; attempt++) {
      const r = await upload(body);
      if (r.status !== 503 || attempt === 5) return r;
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      await new Promise((done) => setTimeout(done, 200 + Math.random() * 300));
    }
  }
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
  // Locally every request of a burst shares one event loop and the emulated 30 s Lambda timeout (on AWS
  // each has its own container); 30 at once keeps a loaded CI machine inside it.
  it.each([2, 10, 30])(
    '%i at once, a fifth of them repeats: each a distinct version or an idempotent repeat, gapless',
    async (n) => {
      const before = (await versionsNow()).length;
      const distinct = Array.from({ length: n - Math.floor(n / 5) }, () => sampleVariant(next++));
      const bodies = [...distinct, ...distinct.slice(0, Math.floor(n / 5))];
      // A burst this size for one agency-year may be told to come back (503 with Retry-After) while the
      // statistics or derived findings are busy; a client that does so gets its answer.
      const results = await Promise.all(bodies.map(uploadUntilAnswered));
      expect(results.filter((r) => r.status !== 200 && r.status !== 201).map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([]);
      // Each distinct file was committed once: by a 201, or before a 503 whose retry then found it (200).
      expect(results.filter((r) => r.status === 201).length).toBeLessThanOrEqual(distinct.length);
      const versions = await versionsNow();
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: before + distinct.length }, (_, i) => i + 1));
      expect(new Set(versions.map((v) => v.sha256)).size).toBe(versions.length);
      for (const r of results) expect(versions.find((v) => v.version === r.json.version)?.sha256).toBe(r.json.sha256);
      expect((await call('GET', '/v1/reports')).json.items[0].version).toBe(versions.length);
      // The statistics count the agency-year once, with the latest version's figures.
      const row = await archive.ports.index.getRow('miyun-kw', 2021);
      expect(row).toMatchObject({ version: versions.length });
      await archive.fold();
      const national = aggregate(await archive.ports.index.getStats(2021, '000000'));
      expect(national.reports).toBe(1);
      const figures = Object.entries(defined(row).cells).filter(([, v]) => v);
      expect(figures.length).toBeGreaterThan(0);
      for (const [key, value] of figures) expect(national.cells[key], key).toBe(value);
      // A burst commits one per round by design; on a loaded 2-core CI machine that takes longer than the default.
    },
    120_000,
  );
});
