import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate } from '../../shared/archive/stats';
import { ADMIN, client, freshArchive } from '../support/local';
import { sampleVariant } from '../support/variants';
import { defined } from '../support/defined';

/**
 * Deadline day in small: 200 agencies upload at once over HTTP, as their clerks would, and once the
 * fold has run the statistics the site shows equal sums made by hand from what was sent. Each
 * variant's 行政规范性文件 现行有效件数 is its number, so the hand sum needs no parser.
 */
const N = 200;
const COUNTIES = ['110118', '110101', '440106', '440111', '320102'];
const CELL = 'activeDisclosure.normativeDocuments.inForce';

describe('a burst of 200 concurrent uploads, then the fold', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  const tokens: string[] = [];
  beforeAll(async () => {
    archive = await freshArchive({ lambdaMs: 600_000 });
    call = client(archive.url);
    for (let i = 0; i < N; i++) {
      // The sample names 密云区科委: every agency of the burst is registered under that name, in its own county.
      const made = await call('POST', '/v1/agencies', {
        token: ADMIN,
        json: { id: `burst-${i}`, name: '北京市密云区科学技术委员会', region: COUNTIES[i % COUNTIES.length] },
      });
      expect(made.status, made.text).toBe(201);
      tokens.push(made.json.token);
    }
  }, 120_000);
  afterAll(() => archive.close());

  /**
   * A clerk's client: a 503 (the parsers busy, storage contended) is sent again after its Retry-After.
   * The 200 share this process's two cores, so each is given the time its queue takes, not a
   * container's 30 s (a timed-out request has its own test: test/unit/lambda-timeout.test.ts).
   */
  async function upload(i: number) {
    for (let attempt = 1; ; attempt++) {
      const r = await call('POST', '/v1/reports', { token: tokens[i], body: sampleVariant(i), type: 'text/plain' });
      // A 503 that does not pass is a fault, not a queue: the last answer is reported.
      if (r.status !== 503 || attempt === 30) return r;
      await new Promise((res) => setTimeout(res, Number(r.headers.get('retry-after') ?? 1) * 1000 * Math.random()));
    }
  }

  it("every upload is stored, and the site's figures equal the hand sums at each level", async () => {
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => upload(i)));
    // A request that timed out may have stored before it could answer: sent again, it is the idempotent repeat (200).
    const refused = answers.flatMap((r, i) => (r.status === 201 || r.status === 200 ? [] : [`${i}: ${r.status} ${r.text.slice(0, 300)}`]));
    expect(refused).toEqual([]);
    expect(answers.map((r) => r.json.version)).toEqual(Array(N).fill(1));
    await archive.fold();

    const hand = (prefix: string) => {
      const inside = Array.from({ length: N }, (_, i) => i).filter((i) => defined(COUNTIES[i % COUNTIES.length]).startsWith(prefix));
      return { reports: inside.length, cell: inside.reduce((sum, i) => sum + i, 0) };
    };
    const site = async (region: string) => {
      const a = aggregate(await archive.ports.index.getStats(2021, region));
      return { reports: a.reports, cell: a.cells[CELL] };
    };
    for (const [region, prefix] of [
      ['000000', ''],
      ['110000', '11'],
      ['110100', '1101'],
      ['110118', '110118'],
      ['440000', '44'],
      ['440100', '4401'],
      ['320100', '3201'],
    ] as const)
      expect(await site(region), region).toEqual(hand(prefix));
  }, 300_000);
});
