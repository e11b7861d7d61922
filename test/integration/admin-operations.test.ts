import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawnKey } from '../../shared/archive/admin';
import type { StatsItem } from '../../shared/archive/types';
import { readStats } from '../../shared/archive/stats';
import { ADMIN, MIYUN, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';
import { defined } from '../support/defined';

type Archive = Awaited<ReturnType<typeof freshArchive>>;

/** The roll-up's counts and sums, without the revision that every update moves. */
const figures = (item: StatsItem | undefined) => Object.fromEntries(Object.entries(item ?? {}).filter(([k]) => k !== 'rev' && k !== 'changedAt'));

describe('admin: the agency list, profile edits and token lists', () => {
  let archive: Archive;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    await registerMiyun(call);
    for (const a of [
      { id: 'haidian', name: '北京市海淀区人民政府', region: '110108', level: '区县' },
      { id: 'tianhe-edu', name: '广州市天河区教育局', region: '440106', level: '区县', aliases: ['天河区教育局'] },
      { id: 'gz-gov', name: '广州市人民政府', region: '440100', level: '地市' },
      { id: 'nowhere', name: '某某委员会测试机关' },
    ]) {
      expect((await call('POST', '/v1/agencies', { token: ADMIN, json: a })).status).toBe(201);
    }
  });
  afterAll(() => archive.close());

  const ids = (r: { json: { items: { id: string }[] } }) => r.json.items.map((a) => a.id).sort();

  it('lists every agency with its profile, and filters by region (containment), name or alias, and level', async () => {
    const all = await call('GET', '/v1/agencies', { token: ADMIN });
    expect(all.status).toBe(200);
    expect(ids(all)).toEqual(['gz-gov', 'haidian', 'miyun-kw', 'nowhere', 'tianhe-edu']);
    expect(all.json.items.find((a: { id: string }) => a.id === 'tianhe-edu')).toEqual({
      id: 'tianhe-edu',
      name: '广州市天河区教育局',
      region: '440106',
      level: '区县',
      kind: 'department',
      kindStored: true,
      aliases: ['天河区教育局'],
      createdAt: expect.any(String),
    });
    expect(all.text).not.toMatch(/GSI|search/);
    expect(ids(await call('GET', '/v1/agencies?region=440000', { token: ADMIN }))).toEqual(['gz-gov', 'tianhe-edu']);
    expect(ids(await call('GET', '/v1/agencies?region=440100', { token: ADMIN }))).toEqual(['gz-gov', 'tianhe-edu']);
    expect(ids(await call('GET', '/v1/agencies?region=440106', { token: ADMIN }))).toEqual(['tianhe-edu']);
    expect(ids(await call('GET', '/v1/agencies?region=110000', { token: ADMIN }))).toEqual(['haidian', 'miyun-kw']);
    expect(ids(await call('GET', `/v1/agencies?q=${encodeURIComponent('密云区科委')}`, { token: ADMIN }))).toEqual(['miyun-kw']);
    expect(ids(await call('GET', `/v1/agencies?q=${encodeURIComponent('广州')}`, { token: ADMIN }))).toEqual(['gz-gov', 'tianhe-edu']);
    expect(ids(await call('GET', `/v1/agencies?level=${encodeURIComponent('区县')}&region=440000`, { token: ADMIN }))).toEqual(['tianhe-edu']);
  });

  it('pages with limit and cursor, each agency once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await call('GET', `/v1/agencies?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: ADMIN });
      expect(r.status).toBe(200);
      expect(r.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.json.items.map((a: { id: string }) => a.id));
      cursor = r.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.sort()).toEqual(['gz-gov', 'haidian', 'miyun-kw', 'nowhere', 'tianhe-edu']);
    const bad = await call('GET', '/v1/agencies?cursor=abc', { token: ADMIN });
    expect([bad.status, bad.json.type]).toEqual([400, 'urn:gongkai:problem:bad-cursor']);
    const wrongRegion = await call('GET', '/v1/agencies?region=4401', { token: ADMIN });
    expect(wrongRegion.status).toBe(400);
  });

  it('edits aliases, region and level; refuses names registration refuses; audits before and after', async () => {
    const r = await call('PATCH', '/v1/agencies/haidian', { token: ADMIN, json: { aliases: ['海淀区政府'], level: '区' } });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ id: 'haidian', name: '北京市海淀区人民政府', aliases: ['海淀区政府'], level: '区', region: '110108' });
    expect((await call('GET', '/v1/agencies/haidian')).json).toMatchObject({ aliases: ['海淀区政府'], level: '区' });
    // The list follows the edit: the new alias is searchable, the region key moves.
    expect(ids(await call('GET', `/v1/agencies?q=${encodeURIComponent('海淀区政府')}`, { token: ADMIN }))).toEqual(['haidian']);
    expect((await call('PATCH', '/v1/agencies/haidian', { token: ADMIN, json: { region: '440106' } })).status).toBe(200);
    expect(ids(await call('GET', '/v1/agencies?region=440106', { token: ADMIN }))).toEqual(['haidian', 'tianhe-edu']);
    expect(ids(await call('GET', '/v1/agencies?region=110000', { token: ADMIN }))).toEqual(['miyun-kw']);

    const audit = await call('GET', '/v1/audit?agency=haidian', { token: ADMIN });
    const edits = audit.json.items.filter((a: { action?: string }) => a.action === 'agency-update');
    expect(edits).toHaveLength(2);
    expect(edits.find((a: { after: object }) => 'aliases' in a.after)).toMatchObject({
      actor: 'admin',
      outcome: 'updated',
      before: { aliases: [], level: '区县' },
      after: { aliases: ['海淀区政府'], level: '区' },
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(edits.find((a: { after: object }) => 'region' in a.after)).toMatchObject({ before: { region: '110108' }, after: { region: '440106' } });

    for (const [body, words] of [
      [{ aliases: ['办公室'] }, '通用'],
      [{ name: '   ' }, ''],
      [{ region: '4401' }, '六位'],
      [{}, '至少'],
      [{ token: 'x' }, ''],
    ] as const) {
      const bad = await call('PATCH', '/v1/agencies/haidian', { token: ADMIN, json: body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.json.type).toBe('urn:gongkai:problem:bad-request');
      expect(JSON.stringify(bad.json)).toContain(words);
    }
    expect((await call('PATCH', '/v1/agencies/no-such', { token: ADMIN, json: { level: '区' } })).status).toBe(404);
    expect((await call('PATCH', '/v1/agencies/haidian', { token: ADMIN, body: '{', type: 'application/json' })).status).toBe(400);
  });

  it('after an alias is added, a report titled with it is accepted', async () => {
    const reg = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'miyun-kj', name: '北京市密云区科技局', region: '110118' } });
    const before = await call('POST', '/v1/reports', { token: reg.json.token, body: readSample(), type: 'text/plain' });
    expect(before.status).toBe(422);
    const edit = await call('PATCH', '/v1/agencies/miyun-kj', { token: ADMIN, json: { aliases: [MIYUN.name] } });
    expect(edit.status).toBe(200);
    const after = await call('POST', '/v1/reports', { token: reg.json.token, body: readSample(), type: 'text/plain' });
    expect(after.status, after.text).toBe(201);
  });

  it("lists an agency's tokens with their dates, never a hash or a salt", async () => {
    const extra = await call('POST', '/v1/agencies/tianhe-edu/tokens', { token: ADMIN });
    expect((await call('DELETE', `/v1/agencies/tianhe-edu/tokens/${extra.json.tokenId}`, { token: ADMIN })).status).toBe(204);
    const r = await call('GET', '/v1/agencies/tianhe-edu/tokens', { token: ADMIN });
    expect(r.status).toBe(200);
    expect(r.json.items).toHaveLength(2);
    const revoked = r.json.items.find((t: { id: string }) => t.id === extra.json.tokenId);
    expect(revoked).toEqual({ id: extra.json.tokenId, createdAt: expect.any(String), revokedAt: expect.any(String) });
    expect(r.json.items.find((t: { id: string }) => t.id !== extra.json.tokenId)).toMatchObject({ revokedAt: null });
    expect(r.text).not.toMatch(/hash|salt|gk_/);
    const paged = await call('GET', '/v1/agencies/tianhe-edu/tokens?limit=1', { token: ADMIN });
    expect(paged.json.items).toHaveLength(1);
    const rest = await call('GET', `/v1/agencies/tianhe-edu/tokens?limit=1&cursor=${paged.json.nextCursor}`, { token: ADMIN });
    expect(rest.json.items).toHaveLength(1);
    expect(rest.json.items[0].id).not.toBe(paged.json.items[0].id);
    expect((await call('GET', '/v1/agencies/no-such/tokens', { token: ADMIN })).status).toBe(404);
  });
});

describe('admin: withdrawing a version', () => {
  let archive: Archive;
  let call: ReturnType<typeof client>;
  let token: string;
  let v1Figures: Record<string, number>;
  const withdraw = (n: number, reason: unknown) => call('POST', `/v1/reports/miyun-kw/2021/versions/${n}/withdraw`, { token: ADMIN, json: { reason } });
  const national = async () => {
    await archive.fold();
    return figures(await archive.ports.index.getStats(2021, '000000'));
  };

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
    expect((await call('POST', '/v1/reports', { token, body: readSample(), type: 'text/plain' })).status).toBe(201);
    v1Figures = await national();
    const v2 = await call('POST', '/v1/reports', { token, body: sampleVariant(7), type: 'text/plain' });
    expect([v2.status, v2.json.version]).toEqual([201, 2]);
    expect(await national()).not.toEqual(v1Figures);
    expect(v1Figures.reports).toBe(1);
  });
  afterAll(() => archive.close());

  it('refuses a reason that is missing, not Chinese, too long or not plain text', async () => {
    for (const reason of [undefined, '', '   ', 'personal data', '个'.repeat(501), '含有\u202e个人信息', 42]) {
      const r = await withdraw(2, reason);
      expect(r.status, String(reason)).toBe(400);
      expect(r.json.type).toBe('urn:gongkai:problem:bad-request');
    }
    expect((await withdraw(9, '含有个人信息')).status).toBe(404);
    // Nothing of that happened: v2 is still the public latest.
    expect((await call('GET', '/v1/reports/miyun-kw/2021')).json.version).toBe(2);
  });

  it('withdraws the latest version: tombstones, page out of public/, listing and statistics back to v1, audited', async () => {
    const v2 = await archive.ports.index.getVersion('miyun-kw', 2021, 2);
    expect(await archive.ports.archive.get(defined(v2).keys.html)).toBeDefined();

    const r = await withdraw(2, '报告附件含有个人身份信息，依申请撤回');
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({
      agency: 'miyun-kw',
      year: 2021,
      version: 2,
      latestVersion: 1,
      withdrawn: { reason: '报告附件含有个人身份信息，依申请撤回' },
    });
    const day = r.json.withdrawn.at.slice(0, 10);

    // The API: problem+json 410 with the reason and the date, for the JSON, the page and the original.
    for (const path of ['/v1/reports/miyun-kw/2021?version=2', '/v1/reports/miyun-kw/2021/html?version=2', '/v1/reports/miyun-kw/2021/original?version=2']) {
      const t = await call('GET', path);
      expect(t.status, path).toBe(410);
      expect(t.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(t.json).toMatchObject({
        type: 'urn:gongkai:problem:withdrawn',
        status: 410,
        reason: '报告附件含有个人身份信息，依申请撤回',
        withdrawnAt: r.json.withdrawn.at,
      });
      expect(t.json.detail).toContain(day);
      expect(t.json.detail).toContain('个人身份信息');
    }
    // The site: an HTML tombstone.
    const page = await call('GET', '/reports/miyun-kw/2021?version=2');
    expect(page.status).toBe(410);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('个人身份信息');
    expect(page.text).toContain(day);

    // The page left public/ and is kept under withdrawn/; the original and the data stay private as they were.
    expect(await archive.ports.archive.get(defined(v2).keys.html)).toBeUndefined();
    expect(await archive.ports.archive.get(withdrawnKey(defined(v2).keys.html))).toBeDefined();
    expect(await archive.ports.archive.get(defined(v2).keys.original)).toBeDefined();

    // Listings and reads without a number show v1.
    expect((await call('GET', '/v1/reports/miyun-kw/2021')).json.version).toBe(1);
    expect((await call('GET', '/v1/reports?agency=miyun-kw')).json.items.map((i: { version: number }) => i.version)).toEqual([1]);
    expect((await call('GET', '/v1/reports?year=2021')).json.items.map((i: { version: number }) => i.version)).toEqual([1]);
    expect((await call('GET', '/v1/agencies/miyun-kw')).json.reports).toMatchObject([{ year: 2021, version: 1 }]);
    const site = await call('GET', '/reports/miyun-kw/2021');
    expect(site.status).toBe(200);
    expect(site.text).not.toContain('version=2');
    const versions = await call('GET', '/v1/reports/miyun-kw/2021/versions');
    expect(versions.json.versions[1]).toMatchObject({ version: 2, withdrawn: { reason: '报告附件含有个人身份信息，依申请撤回' } });

    // The statistics count v1 again, exactly.
    expect(await national()).toEqual(v1Figures);
    const row = await archive.ports.index.getRow('miyun-kw', 2021);
    expect(row).toMatchObject({ version: 1, withdrawn: [2] });

    const audit = await call('GET', '/v1/audit?agency=miyun-kw', { token: ADMIN });
    expect(audit.json.items.find((a: { action?: string }) => a.action === 'withdraw')).toMatchObject({
      actor: 'admin',
      outcome: 'withdrawn',
      year: 2021,
      version: 2,
      reason: '报告附件含有个人身份信息，依申请撤回',
      sha256: defined(v2).sha256,
    });
  });

  it('sent again, changes nothing: the first reason and date stay, nothing is counted twice', async () => {
    const first = defined(defined(await archive.ports.index.getVersion('miyun-kw', 2021, 2)).withdrawn);
    const r = await withdraw(2, '再次撤回');
    expect(r.status).toBe(200);
    expect(r.json.withdrawn).toEqual({ at: first.at, reason: first.reason });
    expect(await national()).toEqual(v1Figures);
  });

  it('the withdrawn bytes uploaded again are refused, and do not come back', async () => {
    const again = await call('POST', '/v1/reports', { token, body: sampleVariant(7), type: 'text/plain' });
    expect(again.status).toBe(409);
    expect(again.json.type).toBe('urn:gongkai:problem:version-withdrawn');
    expect((await call('GET', '/v1/reports?agency=miyun-kw')).json.items.map((i: { version: number }) => i.version)).toEqual([1]);
    expect(await national()).toEqual(v1Figures);
  });

  it('a correction after the withdrawal is v3, listed and counted in place of v1', async () => {
    const v3 = await call('POST', '/v1/reports', { token, body: sampleVariant(9), type: 'text/plain' });
    expect([v3.status, v3.json.version]).toEqual([201, 3]);
    expect((await call('GET', '/v1/reports?agency=miyun-kw')).json.items.map((i: { version: number }) => i.version)).toEqual([3]);
    const now = await national();
    expect(now.reports).toBe(1);
    expect(now).not.toEqual(v1Figures);
  });

  it('withdrawing every version empties the listing, the statistics and the downloads of that report', async () => {
    expect((await withdraw(3, '数据有误，撤回')).json.latestVersion).toBe(1);
    expect(await national()).toEqual(v1Figures);
    const last = await withdraw(1, '全部撤回');
    expect(last.json.latestVersion).toBeNull();
    expect((await call('GET', '/v1/reports?agency=miyun-kw')).json.items).toEqual([]);
    const t = await call('GET', '/v1/reports/miyun-kw/2021');
    expect(t.status).toBe(410);
    expect((await call('GET', '/reports/miyun-kw/2021')).status).toBe(410);
    const left = await national();
    expect(left.reports ?? 0).toBe(0);
    expect(Object.entries(left).filter(([k, v]) => k.startsWith('c:') && v !== 0)).toEqual([]);
    const rows: unknown[] = [];
    await archive.ports.index.listRows(2021, (row) => rows.push(row));
    expect(rows).toEqual([]);
  });
});

describe('admin: a withdrawal interrupted half way through the statistics', () => {
  let archive: Archive;
  let call: ReturnType<typeof client>;
  afterAll(() => archive.close());

  it('is finished by sending it again, and counted once', async () => {
    archive = await freshArchive();
    call = client(archive.url);
    const token = await registerMiyun(call);
    await call('POST', '/v1/reports', { token, body: readSample(), type: 'text/plain' });
    // Every roll-up 110118 (密云区) counts in, for the year and across years.
    const rollUps = async () => {
      await archive.fold();
      return Promise.all(
        (['000000', '110000', '110100', '110118'] as const).flatMap((r) =>
          [2021, 'all' as const].map(async (y) => figures(await readStats(archive.ports.index, y, r))),
        ),
      );
    };
    const v1Figures = await rollUps();
    await call('POST', '/v1/reports', { token, body: sampleVariant(11), type: 'text/plain' });

    // The first attempt stops before the row falls back to v1: the statistics still count v2.
    const { withdrawVersion } = await import('../../shared/archive/admin');
    const index: typeof archive.ports.index = {
      ...archive.ports.index,
      putRow: async () => {
        throw new Error('interrupted');
      },
    };
    await expect(withdrawVersion({ ...archive.ports, index }, { agency: 'miyun-kw', year: 2021, version: 2 }, '含有个人信息')).rejects.toThrow('interrupted');
    expect(await rollUps()).not.toEqual(v1Figures);

    const again = await call('POST', '/v1/reports/miyun-kw/2021/versions/2/withdraw', { token: ADMIN, json: { reason: '含有个人信息' } });
    expect(again.status, again.text).toBe(200);
    expect(await rollUps()).toEqual(v1Figures);
    // A third time changes nothing either.
    await call('POST', '/v1/reports/miyun-kw/2021/versions/2/withdraw', { token: ADMIN, json: { reason: '含有个人信息' } });
    expect(await rollUps()).toEqual(v1Figures);
  });
});
